package org.indaba.discussion;

import java.time.Instant;
import java.util.List;
import org.indaba.model.ContributionStatus;

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
    ContributionStatus status,
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

  public boolean approved() {
    return status == ContributionStatus.APPROVED;
  }

  public boolean pending() {
    return status == ContributionStatus.PENDING;
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
