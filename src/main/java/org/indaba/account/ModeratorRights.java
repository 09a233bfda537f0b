package org.indaba.account;

import static org.indaba.db.schema.Tables.DISCUSSION_MODERATOR;
import static org.indaba.db.schema.Tables.TRUSTED_MEMBER;

import java.util.Optional;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.jooq.DSLContext;

/**
 * Who may moderate a discussion: an admin, or a member listed as one of its moderators. The site
 * role "moderator" lets a member create discussions; it does not grant rights over discussions
 * moderated by others.
 */
public final class ModeratorRights {
  private final DSLContext dsl;

  public ModeratorRights(DSLContext dsl) {
    this.dsl = dsl;
  }

  public boolean canModerate(Optional<Viewer> viewer, long discussionId) {
    return viewer.map(v -> canModerate(v, discussionId)).orElse(false);
  }

  public boolean canModerate(Viewer v, long discussionId) {
    return v.isAdmin()
        || dsl.fetchExists(
            DISCUSSION_MODERATOR,
            DISCUSSION_MODERATOR
                .DISCUSSION_ID
                .eq(discussionId)
                .and(DISCUSSION_MODERATOR.MEMBER_ID.eq(v.id())));
  }

  /** Throws 403 unless the viewer moderates the discussion (401 when not signed in). */
  public Viewer requireModerator(Optional<Viewer> viewer, long discussionId) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    if (!canModerate(v, discussionId)) {
      throw Refusal.forbidden();
    }
    return v;
  }

  /** Admins and site moderators may create discussions. */
  public Viewer requireCreator(Optional<Viewer> viewer) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    if (!v.isModerator()) {
      throw Refusal.forbidden();
    }
    return v;
  }

  /** Discussions this member moderates (all of them for an admin is decided by the caller). */
  public java.util.List<Long> moderatedBy(long memberId) {
    return dsl.select(DISCUSSION_MODERATOR.DISCUSSION_ID)
        .from(DISCUSSION_MODERATOR)
        .where(DISCUSSION_MODERATOR.MEMBER_ID.eq(memberId))
        .fetch(DISCUSSION_MODERATOR.DISCUSSION_ID);
  }

  /** Whether the member is trusted in the discussion: their posts are not held for moderation. */
  public boolean isTrusted(long discussionId, long memberId) {
    return dsl.fetchExists(
        TRUSTED_MEMBER,
        TRUSTED_MEMBER.DISCUSSION_ID.eq(discussionId).and(TRUSTED_MEMBER.MEMBER_ID.eq(memberId)));
  }
}
