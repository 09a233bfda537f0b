package org.indaba.discussion;

import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.DISCUSSION;

import java.time.OffsetDateTime;
import java.util.List;
import org.indaba.model.ContributionStatus;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** A member's own contributions in every state, newest first, in one query. */
public final class MyContributionsRepository {
  private final DSLContext dsl;

  public MyContributionsRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  public record Row(
      long id,
      String discussionSlug,
      String discussionTitle,
      int week,
      ContributionStatus status,
      String rejectReason,
      String deletedReason,
      String excerpt,
      String language,
      OffsetDateTime createdAt) {}

  public List<Row> byAuthor(long memberId, int limit) {
    return dsl.select(
            CONTRIBUTION.ID,
            DISCUSSION.SLUG,
            DISCUSSION.TITLE,
            CONTRIBUTION.WEEK,
            CONTRIBUTION.STATUS,
            CONTRIBUTION.REJECT_REASON,
            CONTRIBUTION.DELETED_REASON,
            DSL.substring(CONTRIBUTION.BODY, DSL.inline(1), DSL.inline(200)),
            CONTRIBUTION.LANGUAGE,
            CONTRIBUTION.CREATED_AT)
        .from(CONTRIBUTION)
        .join(DISCUSSION)
        .on(DISCUSSION.ID.eq(CONTRIBUTION.DISCUSSION_ID))
        .where(CONTRIBUTION.AUTHOR_ID.eq(memberId))
        .orderBy(CONTRIBUTION.CREATED_AT.desc(), CONTRIBUTION.ID.desc())
        .limit(limit)
        .fetch(
            r ->
                new Row(
                    r.value1(),
                    r.value2(),
                    r.value3(),
                    r.value4(),
                    r.value5(),
                    r.value6(),
                    r.value7(),
                    r.value8(),
                    r.value9(),
                    r.value10()));
  }
}
