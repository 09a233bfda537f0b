package org.indaba.visibility;

import java.util.Objects;
import java.util.Optional;
import org.indaba.model.ContributionStatus;

/**
 * The one rule that decides what a viewer may see. Every page, mail, feed, flag form, search hit
 * and API answer that shows a discussion or a contribution asks it, so that a draft discussion or a
 * held, rejected or deleted contribution cannot leak through a path that forgot a check.
 *
 * <ul>
 *   <li>A draft discussion, and everything in it, exists only for its moderators (and admins).
 *   <li>An approved contribution is seen by whoever sees its discussion.
 *   <li>A held (pending) or rejected contribution is seen by its author and the moderators.
 *   <li>A deleted contribution is seen by the moderators only.
 *   <li>The part of a mailed contribution trimmed as quoted text or signature is seen by its author
 *       and the moderators only.
 *   <li>Contributors' email addresses are seen by the discussion's moderators only.
 *   <li>Nothing about a draft discussion is announced to anyone (mail commands, theme mails,
 *       feeds).
 * </ul>
 *
 * <p>This class depends on nothing but the JDK and the shared {@code model}, so that every feature
 * may import it.
 */
public final class Visibility {
  private Visibility() {}

  /**
   * The viewer as the rule needs to know them, for one discussion: {@code memberId} 0 for an
   * anonymous visitor; {@code moderates} when the viewer is an admin or a moderator of that
   * discussion.
   */
  public record Audience(long memberId, boolean moderates) {
    public static final Audience ANONYMOUS = new Audience(0, false);

    public static Audience of(Optional<Long> memberId, boolean moderates) {
      return new Audience(memberId.orElse(0L), moderates);
    }

    public boolean signedIn() {
      return memberId != 0;
    }

    boolean isAuthor(Long authorId) {
      return memberId != 0 && authorId != null && Objects.equals(authorId, memberId);
    }
  }

  /** Whether the viewer may know that the discussion exists. */
  public static boolean discussionVisible(boolean draft, Audience a) {
    return !draft || a.moderates();
  }

  /** Whether the viewer may see a contribution (its text, its author, that it exists). */
  public static boolean contributionVisible(
      boolean discussionDraft, ContributionStatus status, Long authorId, Audience a) {
    if (!discussionVisible(discussionDraft, a)) {
      return false;
    }
    if (a.moderates()) {
      return true;
    }
    if (status == null) {
      return false;
    }
    return switch (status) {
      case APPROVED -> true;
      case PENDING, REJECTED -> a.isAuthor(authorId);
      case DELETED -> false;
    };
  }

  /** Whether a contribution is shown to everyone who sees its discussion. */
  public static boolean publiclyVisible(boolean discussionDraft, ContributionStatus status) {
    return contributionVisible(discussionDraft, status, null, Audience.ANONYMOUS);
  }

  /**
   * Whether the viewer may see the quoted text and signature trimmed from a mailed contribution.
   */
  public static boolean trimmedTextVisible(Long authorId, Audience a) {
    return a.moderates() || a.isAuthor(authorId);
  }

  /**
   * Whether the viewer may read contributors' email addresses (in an export of the discussion): its
   * moderators only; everyone else sees names and profiles, never addresses.
   */
  public static boolean authorAddressVisible(Audience a) {
    return a.moderates();
  }

  /**
   * Whether the discussion may be named to someone who is not one of its moderators: in reply to a
   * mail command, in a theme announcement, a feed or a listing.
   */
  public static boolean publiclyAnnounced(boolean discussionDraft) {
    return discussionVisible(discussionDraft, Audience.ANONYMOUS);
  }
}
