package org.indaba.account;

import static org.indaba.db.schema.Tables.DISCUSSION_MODERATOR;
import static org.indaba.db.schema.Tables.TRUSTED_MEMBER;

import java.util.List;
import org.jooq.DSLContext;

/** The reads behind {@link ModeratorRights}: who moderates which discussion, who is trusted. */
final class ModeratorRightsRepository {

  boolean isModerator(DSLContext dsl, long discussionId, long memberId) {
    return dsl.fetchExists(
        DISCUSSION_MODERATOR,
        DISCUSSION_MODERATOR
            .DISCUSSION_ID
            .eq(discussionId)
            .and(DISCUSSION_MODERATOR.MEMBER_ID.eq(memberId)));
  }

  List<Long> moderatedBy(DSLContext dsl, long memberId) {
    return dsl.select(DISCUSSION_MODERATOR.DISCUSSION_ID)
        .from(DISCUSSION_MODERATOR)
        .where(DISCUSSION_MODERATOR.MEMBER_ID.eq(memberId))
        .fetch(DISCUSSION_MODERATOR.DISCUSSION_ID);
  }

  boolean isTrusted(DSLContext dsl, long discussionId, long memberId) {
    return dsl.fetchExists(
        TRUSTED_MEMBER,
        TRUSTED_MEMBER.DISCUSSION_ID.eq(discussionId).and(TRUSTED_MEMBER.MEMBER_ID.eq(memberId)));
  }
}
