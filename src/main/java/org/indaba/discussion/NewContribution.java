package org.indaba.discussion;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to post a contribution, whichever way it arrives (web form, API, mail, mbox
 * import). Optional parts are null when absent; the {@code with…} methods fill them in.
 *
 * @param author a member, or a mail sender without an account (whose message is always held)
 * @param discussionSlug the discussion
 * @param week the week number, or null for the current week (the week of {@code replyTo} when set)
 * @param body Markdown source
 * @param replyTo the contribution this one answers, in the same discussion, or null
 * @param source how it arrived
 * @param language ISO 639-1 code, or null to detect it from the body
 * @param attachments files that come with it (may be empty)
 * @param trimmed quoted text removed from an email, kept and shown collapsed, or null
 * @param messageId the Message-ID of the email it came from (unique), or null
 * @param createdAt the original time of an imported message, or null for now
 * @param forceHold a reason to hold it for moderation whatever the rules say (e.g. dmarc_fail), or
 *     null
 */
public record NewContribution(
    Author author,
    String discussionSlug,
    Integer week,
    String body,
    Long replyTo,
    Source source,
    String language,
    List<NewAttachment> attachments,
    String trimmed,
    String messageId,
    Instant createdAt,
    String forceHold) {

  public NewContribution {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(discussionSlug, "discussionSlug");
    Objects.requireNonNull(source, "source");
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  /** Who wrote it. */
  public sealed interface Author {}

  /** A member of the site. */
  public record MemberAuthor(long memberId) implements Author {}

  /** Someone who wrote by mail without an account: always held for moderation. */
  /** A non-member's mail; a name longer than the column is shortened with an ellipsis. */
  public record MailSender(String email, String name) implements Author {
    public MailSender {
      name = org.indaba.model.Shortened.to(name, org.indaba.model.Shortened.NAME);
    }
  }

  public enum Source {
    WEB,
    API,
    EMAIL,
    IMPORT;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * An attached file; {@code contentId} and {@code inline} keep an email's inline images working.
   */
  public record NewAttachment(
      String filename, String contentType, byte[] bytes, String contentId, boolean inline) {
    public NewAttachment {
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /** A member's contribution with nothing optional set. */
  public static NewContribution byMember(
      long memberId, String slug, Integer week, String body, Source source) {
    return new NewContribution(
        new MemberAuthor(memberId),
        slug,
        week,
        body,
        null,
        source,
        null,
        List.of(),
        null,
        null,
        null,
        null);
  }

  public NewContribution withReplyTo(Long id) {
    return new NewContribution(
        author,
        discussionSlug,
        week,
        body,
        id,
        source,
        language,
        attachments,
        trimmed,
        messageId,
        createdAt,
        forceHold);
  }

  public NewContribution withLanguage(String lang) {
    return new NewContribution(
        author,
        discussionSlug,
        week,
        body,
        replyTo,
        source,
        lang,
        attachments,
        trimmed,
        messageId,
        createdAt,
        forceHold);
  }

  public NewContribution withAttachments(List<NewAttachment> files) {
    return new NewContribution(
        author,
        discussionSlug,
        week,
        body,
        replyTo,
        source,
        language,
        files,
        trimmed,
        messageId,
        createdAt,
        forceHold);
  }

  public NewContribution withCreatedAt(Instant at) {
    return new NewContribution(
        author,
        discussionSlug,
        week,
        body,
        replyTo,
        source,
        language,
        attachments,
        trimmed,
        messageId,
        at,
        forceHold);
  }

  public NewContribution withForceHold(String reason) {
    return new NewContribution(
        author,
        discussionSlug,
        week,
        body,
        replyTo,
        source,
        language,
        attachments,
        trimmed,
        messageId,
        createdAt,
        reason);
  }
}
