package org.indaba.translation;

import static org.indaba.db.schema.Tables.CONSOLIDATED_REPLY;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.THEME;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.indaba.model.ContentKind;
import org.indaba.model.ContributionStatus;
import org.jooq.DSLContext;

/**
 * Reads the originals that can be translated (contributions, themes, discussion introductions,
 * consolidated replies) in one shape. Their language label is corrected by the feature that owns
 * them, through {@link OriginalLanguage}.
 */
public final class ContentRepository {
  private final DSLContext dsl;

  public ContentRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  private static List<String> languages(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  public Optional<Original> original(String type, long id) {
    ContentKind kind = ContentKind.fromCode(type).orElse(null);
    if (kind == null) {
      return Optional.empty();
    }
    return switch (kind) {
      case CONTRIBUTION ->
          dsl.select(
                  CONTRIBUTION.DISCUSSION_ID,
                  DISCUSSION.SLUG,
                  DISCUSSION.TITLE,
                  CONTRIBUTION.LANGUAGE,
                  CONTRIBUTION.BODY,
                  CONTRIBUTION.BODY_HTML,
                  CONTRIBUTION.AUTHOR_ID,
                  CONTRIBUTION.STATUS,
                  DISCUSSION.DRAFT,
                  THEME.PUBLISHED_AT,
                  DISCUSSION.WELCOMED_LANGUAGES)
              .from(CONTRIBUTION)
              .join(DISCUSSION)
              .on(DISCUSSION.ID.eq(CONTRIBUTION.DISCUSSION_ID))
              .join(THEME)
              .on(
                  THEME
                      .DISCUSSION_ID
                      .eq(CONTRIBUTION.DISCUSSION_ID)
                      .and(THEME.WEEK.eq(CONTRIBUTION.WEEK)))
              .where(
                  CONTRIBUTION
                      .ID
                      .eq(id)
                      .and(
                          CONTRIBUTION.STATUS.in(
                              ContributionStatus.APPROVED, ContributionStatus.PENDING)))
              .fetchOptional(
                  r ->
                      new Original(
                          type,
                          id,
                          r.value1(),
                          r.value2(),
                          r.value3(),
                          r.value4(),
                          null,
                          r.value5(),
                          r.value6(),
                          r.value7(),
                          r.value8() == ContributionStatus.APPROVED
                              && !r.value9()
                              && r.value10() != null,
                          "/c/" + id,
                          languages(r.value11())));
      case THEME ->
          dsl.select(
                  THEME.DISCUSSION_ID,
                  DISCUSSION.SLUG,
                  DISCUSSION.TITLE,
                  THEME.LANGUAGE,
                  THEME.TITLE,
                  THEME.QUESTION,
                  THEME.QUESTION_HTML,
                  DISCUSSION.DRAFT,
                  THEME.PUBLISHED_AT,
                  THEME.WEEK,
                  DISCUSSION.WELCOMED_LANGUAGES)
              .from(THEME)
              .join(DISCUSSION)
              .on(DISCUSSION.ID.eq(THEME.DISCUSSION_ID))
              .where(THEME.ID.eq(id))
              .fetchOptional(
                  r ->
                      new Original(
                          type,
                          id,
                          r.value1(),
                          r.value2(),
                          r.value3(),
                          r.value4(),
                          r.value5(),
                          r.value6(),
                          r.value7(),
                          null,
                          !r.value8() && r.value9() != null,
                          "/d/" + r.value2() + "?week=" + r.value10(),
                          languages(r.value11())));
      case DISCUSSION ->
          dsl.select(
                  DISCUSSION.ID,
                  DISCUSSION.SLUG,
                  DISCUSSION.TITLE,
                  DISCUSSION.LANGUAGE,
                  DISCUSSION.INTRODUCTION,
                  DISCUSSION.INTRODUCTION_HTML,
                  DISCUSSION.DRAFT,
                  DISCUSSION.WELCOMED_LANGUAGES)
              .from(DISCUSSION)
              .where(DISCUSSION.ID.eq(id))
              .fetchOptional(
                  r ->
                      new Original(
                          type,
                          id,
                          r.value1(),
                          r.value2(),
                          r.value3(),
                          r.value4(),
                          r.value3(),
                          r.value5(),
                          r.value6(),
                          null,
                          !r.value7(),
                          "/d/" + r.value2(),
                          languages(r.value8())));
      case REPLY ->
          dsl.select(
                  CONSOLIDATED_REPLY.DISCUSSION_ID,
                  DISCUSSION.SLUG,
                  DISCUSSION.TITLE,
                  CONSOLIDATED_REPLY.LANGUAGE,
                  CONSOLIDATED_REPLY.TITLE,
                  CONSOLIDATED_REPLY.BODY,
                  CONSOLIDATED_REPLY.BODY_HTML,
                  CONSOLIDATED_REPLY.STATUS,
                  DISCUSSION.DRAFT,
                  DISCUSSION.WELCOMED_LANGUAGES)
              .from(CONSOLIDATED_REPLY)
              .join(DISCUSSION)
              .on(DISCUSSION.ID.eq(CONSOLIDATED_REPLY.DISCUSSION_ID))
              .where(CONSOLIDATED_REPLY.ID.eq(id))
              .fetchOptional(
                  r ->
                      new Original(
                          type,
                          id,
                          r.value1(),
                          r.value2(),
                          r.value3(),
                          r.value4(),
                          r.value5(),
                          r.value6(),
                          r.value7(),
                          null,
                          "published".equals(r.value8()) && !r.value9(),
                          "/d/" + r.value2() + "/reply/" + r.value4(),
                          languages(r.value10())));
      default -> Optional.empty();
    };
  }
}
