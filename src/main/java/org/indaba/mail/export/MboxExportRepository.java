package org.indaba.mail.export;

import static org.indaba.db.schema.Tables.CONSOLIDATED_REPLY;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.THEME;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.indaba.model.ContributionStatus;
import org.jooq.DSLContext;

/** What a discussion's mbox export reads: the discussion, its themes, contributions and replies. */
public final class MboxExportRepository {
  private final DSLContext dsl;

  public MboxExportRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  public record Discussion(
      long id,
      String slug,
      String title,
      String summary,
      String introduction,
      String language,
      LocalDate startsOn,
      String timeZone,
      boolean draft,
      Instant createdAt) {}

  public record Theme(
      long id, int week, String title, String question, String language, Instant publishedAt) {}

  /** A contribution with its author's public profile (name, organisation, city, country). */
  public record Contribution(
      long id,
      int week,
      Long authorId,
      String authorEmail,
      String authorName,
      String organisation,
      String city,
      String country,
      Long replyToId,
      String body,
      String language,
      ContributionStatus status,
      Instant createdAt) {}

  public record Reply(long id, String language, String title, String body, Instant publishedAt) {}

  public Optional<Discussion> discussion(String slug) {
    return dsl.selectFrom(DISCUSSION)
        .where(DISCUSSION.SLUG.eq(slug))
        .fetchOptional(
            r ->
                new Discussion(
                    r.getId(),
                    r.getSlug(),
                    r.getTitle(),
                    r.getSummary(),
                    r.getIntroduction(),
                    r.getLanguage(),
                    r.getStartsOn(),
                    r.getTimeZone(),
                    r.getDraft(),
                    r.getCreatedAt().toInstant()));
  }

  /** The published themes, by week. */
  public List<Theme> publishedThemes(long discussionId) {
    return dsl.selectFrom(THEME)
        .where(THEME.DISCUSSION_ID.eq(discussionId).and(THEME.PUBLISHED_AT.isNotNull()))
        .orderBy(THEME.WEEK)
        .fetch(
            r ->
                new Theme(
                    r.getId(),
                    r.getWeek(),
                    r.getTitle(),
                    r.getQuestion(),
                    r.getLanguage(),
                    r.getPublishedAt().toInstant()));
  }

  /**
   * Every contribution in the given states, oldest first, with its author's profile (one query).
   */
  public List<Contribution> contributions(long discussionId, List<ContributionStatus> statuses) {
    return dsl.select(
            CONTRIBUTION.ID,
            CONTRIBUTION.WEEK,
            CONTRIBUTION.AUTHOR_ID,
            MEMBER.EMAIL,
            CONTRIBUTION.AUTHOR_EMAIL,
            MEMBER.DISPLAY_NAME,
            CONTRIBUTION.AUTHOR_NAME,
            MEMBER.ORGANISATION,
            MEMBER.CITY,
            MEMBER.COUNTRY,
            CONTRIBUTION.REPLY_TO_ID,
            CONTRIBUTION.BODY,
            CONTRIBUTION.LANGUAGE,
            CONTRIBUTION.STATUS,
            CONTRIBUTION.CREATED_AT)
        .from(CONTRIBUTION)
        .leftJoin(MEMBER)
        .on(MEMBER.ID.eq(CONTRIBUTION.AUTHOR_ID))
        .where(CONTRIBUTION.DISCUSSION_ID.eq(discussionId).and(CONTRIBUTION.STATUS.in(statuses)))
        .orderBy(CONTRIBUTION.CREATED_AT, CONTRIBUTION.ID)
        .fetch(
            r ->
                new Contribution(
                    r.get(CONTRIBUTION.ID),
                    r.get(CONTRIBUTION.WEEK),
                    r.get(CONTRIBUTION.AUTHOR_ID),
                    r.get(MEMBER.EMAIL) != null
                        ? r.get(MEMBER.EMAIL)
                        : r.get(CONTRIBUTION.AUTHOR_EMAIL),
                    r.get(MEMBER.DISPLAY_NAME) != null
                        ? r.get(MEMBER.DISPLAY_NAME)
                        : r.get(CONTRIBUTION.AUTHOR_NAME),
                    r.get(MEMBER.ORGANISATION),
                    r.get(MEMBER.CITY),
                    r.get(MEMBER.COUNTRY),
                    r.get(CONTRIBUTION.REPLY_TO_ID),
                    r.get(CONTRIBUTION.BODY),
                    r.get(CONTRIBUTION.LANGUAGE),
                    r.get(CONTRIBUTION.STATUS),
                    r.get(CONTRIBUTION.CREATED_AT).toInstant()));
  }

  /** The published consolidated replies, one per language. */
  public List<Reply> publishedReplies(long discussionId) {
    return dsl.selectFrom(CONSOLIDATED_REPLY)
        .where(
            CONSOLIDATED_REPLY
                .DISCUSSION_ID
                .eq(discussionId)
                .and(CONSOLIDATED_REPLY.STATUS.eq("published"))
                .and(CONSOLIDATED_REPLY.PUBLISHED_AT.isNotNull()))
        .orderBy(CONSOLIDATED_REPLY.PUBLISHED_AT, CONSOLIDATED_REPLY.ID)
        .fetch(
            r ->
                new Reply(
                    r.getId(),
                    r.getLanguage(),
                    r.getTitle(),
                    r.getBody(),
                    r.getPublishedAt().toInstant()));
  }
}
