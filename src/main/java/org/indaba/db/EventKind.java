package org.indaba.db;

import java.util.Optional;

/**
 * What happened, for the features that react to it ({@code domain_event.kind}). Adding one: add it
 * here, write it from a {@link Changes} method, and handle it in the consumer (mail); kinds nobody
 * handles are marked processed and ignored.
 */
public enum EventKind {
  THEME_PUBLISHED("theme_published"),
  CONTRIBUTION_APPROVED("contribution_approved"),
  CONTRIBUTION_REJECTED("contribution_rejected"),
  REPLY_PUBLISHED("reply_published"),
  /** A contribution waits for moderation; its moderators and (for mail) its author are told. */
  CONTRIBUTION_HELD("contribution_held"),
  /** A published contribution was flagged (entity: the contribution); its moderators are told. */
  CONTRIBUTION_FLAGGED("contribution_flagged"),
  /** A library resource became visible to readers; its subscribers are told. */
  RESOURCE_PUBLISHED("resource_published"),
  /** A week's summary was published in one language (entity: the summary); subscribers hear. */
  WEEK_SUMMARY_PUBLISHED("week_summary_published"),
  /** Moderators closed a discussion and asked to mail its participants (entity: the closing). */
  DISCUSSION_CLOSED("discussion_closed"),
  /**
   * Moderators reopened a closed discussion (entity: the discussion); a closing mail not yet sent
   * is withdrawn.
   */
  DISCUSSION_REOPENED("discussion_reopened");

  private final String code;

  EventKind(String code) {
    this.code = code;
  }

  /** The name stored in {@code domain_event.kind}. */
  public String code() {
    return code;
  }

  public static Optional<EventKind> fromCode(String code) {
    for (EventKind k : values()) {
      if (k.code.equals(code)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
