package org.indaba.account;

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
  private final ModeratorRightsRepository repo = new ModeratorRightsRepository();

  public ModeratorRights(DSLContext dsl) {
    this.dsl = dsl;
  }

  public boolean canModerate(Optional<Viewer> viewer, long discussionId) {
    return viewer.map(v -> canModerate(v, discussionId)).orElse(false);
  }

  public boolean canModerate(Viewer v, long discussionId) {
    return v.isAdmin() || repo.isModerator(dsl, discussionId, v.id());
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
    return repo.moderatedBy(dsl, memberId);
  }

  /** Whether the member is trusted in the discussion: their posts are not held for moderation. */
  public boolean isTrusted(long discussionId, long memberId) {
    return repo.isTrusted(dsl, discussionId, memberId);
  }
}
