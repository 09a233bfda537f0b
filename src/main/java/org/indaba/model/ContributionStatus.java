package org.indaba.model;

/**
 * Where a contribution (or a library comment) stands in moderation, with the name it has in the
 * database ({@code contribution.status}, {@code resource_comment.status}), in the JSON API and in
 * templates.
 */
public enum ContributionStatus {
  /** Held for a moderator's decision; seen by its author and the moderators. */
  PENDING("pending"),
  /** Published: seen by whoever sees its discussion. */
  APPROVED("approved"),
  /** Refused by a moderator; seen by its author and the moderators. */
  REJECTED("rejected"),
  /** Taken down after publication; seen by the moderators only. */
  DELETED("deleted");

  private final String code;

  ContributionStatus(String code) {
    this.code = code;
  }

  /** The name stored in the database and shown in the API. */
  public String code() {
    return code;
  }

  /** The status stored as {@code code}, exactly; an unknown name is an error. */
  public static ContributionStatus fromCode(String code) {
    for (ContributionStatus s : values()) {
      if (s.code.equals(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown contribution status: " + code);
  }

  /** The stored name, so that templates and string joins print what they always printed. */
  @Override
  public String toString() {
    return code;
  }
}
