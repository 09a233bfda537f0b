package org.indaba.discussion;

import java.time.Instant;
import java.util.List;

/** A contribution as stored. A null {@code authorId} is a non-member's mail held for moderation. */
public record Contribution(
    long id,
    long discussionId,
    int week,
    Long authorId,
    String authorEmail,
    String authorName,
    Long replyToId,
    String body,
    String bodyHtml,
    String trimmed,
    String language,
    String status,
    String holdReason,
    String source,
    String messageId,
    Instant createdAt,
    Instant updatedAt,
    Instant editedAt,
    List<String> droppedAttachments) {

  public Contribution {
    droppedAttachments = droppedAttachments == null ? List.of() : List.copyOf(droppedAttachments);
  }

  /** The attachments left out of a mailed contribution, by name, for its page; "" when none. */
  public String droppedNames() {
    return String.join(", ", droppedAttachments);
  }

  public static final String PENDING = "pending";
  public static final String APPROVED = "approved";
  public static final String REJECTED = "rejected";
  public static final String DELETED = "deleted";

  public boolean approved() {
    return APPROVED.equals(status);
  }

  public boolean pending() {
    return PENDING.equals(status);
  }

  /** The same contribution without the text trimmed from its mail. */
  public Contribution withoutTrimmed() {
    return new Contribution(
        id,
        discussionId,
        week,
        authorId,
        authorEmail,
        authorName,
        replyToId,
        body,
        bodyHtml,
        null,
        language,
        status,
        holdReason,
        source,
        messageId,
        createdAt,
        updatedAt,
        editedAt,
        droppedAttachments);
  }

  /** Whether the published text changed after publication (readers see an "edited" mark). */
  public boolean edited() {
    return editedAt != null;
  }

  public String url() {
    return "/c/" + id;
  }
}
