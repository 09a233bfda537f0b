package org.indaba.mail;

import static org.indaba.db.schema.Tables.CONSOLIDATED_REPLY;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.SUBSCRIPTION;

import java.util.List;
import java.util.Optional;
import org.indaba.model.ContributionStatus;
import org.jooq.DSLContext;

/** Who hears of a published consolidated reply, and in which languages it exists. */
public final class ReplyMailRepository {
  private final DSLContext dsl;

  public ReplyMailRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  public record Reply(
      long id, long discussionId, String language, String title, String body, String bodyHtml) {}

  public Optional<Reply> published(long replyId) {
    return dsl.select(
            CONSOLIDATED_REPLY.ID,
            CONSOLIDATED_REPLY.DISCUSSION_ID,
            CONSOLIDATED_REPLY.LANGUAGE,
            CONSOLIDATED_REPLY.TITLE,
            CONSOLIDATED_REPLY.BODY,
            CONSOLIDATED_REPLY.BODY_HTML)
        .from(CONSOLIDATED_REPLY)
        .where(CONSOLIDATED_REPLY.ID.eq(replyId).and(CONSOLIDATED_REPLY.STATUS.eq("published")))
        .fetchOptional(
            r -> new Reply(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
  }

  /**
   * Languages of the discussion's versions published before {@code replyId} (by publication time,
   * then id): what was announced before it, however late its event is handled.
   */
  public List<String> otherPublishedLanguages(long discussionId, long replyId) {
    var self = CONSOLIDATED_REPLY.as("self");
    var publishedAt =
        org.jooq.impl.DSL.select(self.PUBLISHED_AT).from(self).where(self.ID.eq(replyId));
    return dsl.select(CONSOLIDATED_REPLY.LANGUAGE)
        .from(CONSOLIDATED_REPLY)
        .where(
            CONSOLIDATED_REPLY
                .DISCUSSION_ID
                .eq(discussionId)
                .and(CONSOLIDATED_REPLY.STATUS.eq("published"))
                .and(CONSOLIDATED_REPLY.ID.ne(replyId))
                .and(
                    CONSOLIDATED_REPLY
                        .PUBLISHED_AT
                        .lt(publishedAt)
                        .or(
                            CONSOLIDATED_REPLY
                                .PUBLISHED_AT
                                .eq(publishedAt)
                                .and(CONSOLIDATED_REPLY.ID.lt(replyId)))))
        .fetch(CONSOLIDATED_REPLY.LANGUAGE);
  }

  public record Recipient(long memberId, String email, String name, String language) {}

  /**
   * Everyone who follows the discussion (any mode but none) and every member who contributed to it,
   * once each, with a verified address.
   */
  public List<Recipient> audience(DSLContext tx, long discussionId) {
    var followers =
        tx.select(SUBSCRIPTION.MEMBER_ID)
            .from(SUBSCRIPTION)
            .where(SUBSCRIPTION.DISCUSSION_ID.eq(discussionId).and(SUBSCRIPTION.MODE.ne("none")));
    var contributors =
        tx.select(CONTRIBUTION.AUTHOR_ID)
            .from(CONTRIBUTION)
            .where(
                CONTRIBUTION
                    .DISCUSSION_ID
                    .eq(discussionId)
                    .and(CONTRIBUTION.STATUS.eq(ContributionStatus.APPROVED))
                    .and(CONTRIBUTION.AUTHOR_ID.isNotNull()));
    return tx.select(MEMBER.ID, MEMBER.EMAIL, MEMBER.DISPLAY_NAME, MEMBER.PREFERRED_LANGUAGE)
        .from(MEMBER)
        .where(
            MEMBER
                .EMAIL_VERIFIED_AT
                .isNotNull()
                .and(MEMBER.ID.in(followers).or(MEMBER.ID.in(contributors))))
        .orderBy(MEMBER.ID)
        .fetch(r -> new Recipient(r.value1(), r.value2(), r.value3(), r.value4()));
  }
}
