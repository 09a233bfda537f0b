package org.indaba.analytics;

import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.SUBSCRIPTION;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.indaba.model.ContributionStatus;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The rows the analytics are computed from: a discussion's contributions and subscriptions. */
public final class AnalyticsRepository {
  private final DSLContext dsl;

  public AnalyticsRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** One contribution with what is counted about it and its author. */
  public record Row(
      long id,
      int week,
      String language,
      String source,
      Long authorId,
      String authorEmail,
      Long replyToId,
      ContributionStatus status,
      String holdReason,
      Instant createdAt,
      Instant approvedAt,
      Instant updatedAt,
      String country,
      String organisation) {}

  public List<Row> contributions(long discussionId) {
    return dsl.select(
            CONTRIBUTION.ID,
            CONTRIBUTION.WEEK,
            CONTRIBUTION.LANGUAGE,
            CONTRIBUTION.SOURCE,
            CONTRIBUTION.AUTHOR_ID,
            CONTRIBUTION.AUTHOR_EMAIL,
            CONTRIBUTION.REPLY_TO_ID,
            CONTRIBUTION.STATUS,
            CONTRIBUTION.HOLD_REASON,
            CONTRIBUTION.CREATED_AT,
            CONTRIBUTION.APPROVED_AT,
            CONTRIBUTION.UPDATED_AT,
            MEMBER.COUNTRY,
            MEMBER.ORGANISATION)
        .from(CONTRIBUTION)
        .leftJoin(MEMBER)
        .on(MEMBER.ID.eq(CONTRIBUTION.AUTHOR_ID))
        .where(CONTRIBUTION.DISCUSSION_ID.eq(discussionId))
        .orderBy(CONTRIBUTION.ID)
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
                    r.value10().toInstant(),
                    r.value11() == null ? null : r.value11().toInstant(),
                    r.value12().toInstant(),
                    r.value13(),
                    r.value14()));
  }

  /** Each member's earliest approved contribution in any other discussion. */
  public Map<Long, Instant> firstElsewhere(long discussionId, Collection<Long> memberIds) {
    Map<Long, Instant> out = new HashMap<>();
    if (memberIds.isEmpty()) {
      return out;
    }
    dsl.select(CONTRIBUTION.AUTHOR_ID, DSL.min(CONTRIBUTION.CREATED_AT))
        .from(CONTRIBUTION)
        .where(
            CONTRIBUTION
                .AUTHOR_ID
                .in(memberIds)
                .and(CONTRIBUTION.STATUS.eq(ContributionStatus.APPROVED))
                .and(CONTRIBUTION.DISCUSSION_ID.ne(discussionId)))
        .groupBy(CONTRIBUTION.AUTHOR_ID)
        .forEach(r -> out.put(r.value1(), r.value2().toInstant()));
    return out;
  }

  /** Subscribers per mode. */
  public Map<String, Integer> subscribers(long discussionId) {
    Map<String, Integer> out = new HashMap<>();
    dsl.select(SUBSCRIPTION.MODE, DSL.count())
        .from(SUBSCRIPTION)
        .where(SUBSCRIPTION.DISCUSSION_ID.eq(discussionId))
        .groupBy(SUBSCRIPTION.MODE)
        .forEach(r -> out.put(r.value1(), r.value2()));
    return out;
  }

  public boolean isPublic(long discussionId) {
    return Boolean.TRUE.equals(
        dsl.select(DISCUSSION.ANALYTICS_PUBLIC)
            .from(DISCUSSION)
            .where(DISCUSSION.ID.eq(discussionId))
            .fetchOne(DISCUSSION.ANALYTICS_PUBLIC));
  }
}
