package org.indaba.moderation;

import java.time.OffsetDateTime;
import java.util.List;
import org.indaba.i18n.ContentLanguages;
import org.indaba.model.ContributionStatus;

/** What moderation pages and services pass around; plain data, never database rows. */
public final class ModerationRecords {
  private ModerationRecords() {}

  static String dirOf(String language) {
    return ContentLanguages.dir(language);
  }

  public record DiscussionRef(long id, String slug, String title, boolean draft) {}

  /** One contribution as moderation needs it, with whoever should hear about a decision. */
  public record ContributionRef(
      long id,
      long discussionId,
      String discussionSlug,
      String discussionTitle,
      ContributionStatus status,
      Long authorId,
      String authorName,
      String authorEmail,
      String authorLanguage,
      String body,
      String bodyHtml,
      String language) {
    public String dir() {
      return dirOf(language);
    }

    /** The lang attribute: empty for undetermined text. */
    public String lang() {
      return ContentLanguages.langAttribute(language);
    }
  }

  public record QueueItem(
      long id,
      long discussionId,
      String discussionSlug,
      String discussionTitle,
      int week,
      Long authorId,
      String authorName,
      String holdReason,
      String bodyHtml,
      String language,
      OffsetDateTime createdAt,
      String organisation,
      String country,
      Long replyToId,
      String parentAuthor,
      String parentExcerpt,
      List<AttachmentRef> attachments,
      // how the sender of a mailed contribution was verified (reply_token, dmarc, ...), or null
      String senderVerifiedBy) {
    public String dir() {
      return dirOf(language);
    }

    /** The lang attribute: empty for undetermined text. */
    public String lang() {
      return ContentLanguages.langAttribute(language);
    }

    /** The language's name key, for the label beside the text ("und" included). */
    public String languageKey() {
      return ContentLanguages.nameKey(language);
    }

    QueueItem withAttachments(List<AttachmentRef> files) {
      return new QueueItem(
          id,
          discussionId,
          discussionSlug,
          discussionTitle,
          week,
          authorId,
          authorName,
          holdReason,
          bodyHtml,
          language,
          createdAt,
          organisation,
          country,
          replyToId,
          parentAuthor,
          parentExcerpt,
          files,
          senderVerifiedBy);
    }
  }

  public record AttachmentRef(
      long id, long contributionId, String filename, String contentType, long sizeBytes) {}

  public record FlagItem(
      long flagId,
      long contributionId,
      String discussionSlug,
      String discussionTitle,
      String flaggedBy,
      String reason,
      OffsetDateTime flaggedAt,
      String authorName,
      String bodyHtml,
      String language) {
    public String dir() {
      return dirOf(language);
    }

    /** The lang attribute: empty for undetermined text. */
    public String lang() {
      return ContentLanguages.langAttribute(language);
    }
  }

  public record FlagRef(long id, long contributionId, long discussionId, boolean open) {}

  public record UpcomingTheme(
      long id,
      String discussionSlug,
      String discussionTitle,
      int week,
      String title,
      OffsetDateTime publishAt) {}

  public record WeekCount(
      String discussionSlug, String discussionTitle, int week, int approved, int pending) {}

  public record TrustedMember(
      long memberId, String name, String organisation, OffsetDateTime grantedAt) {}

  public record AuditEntry(
      long id,
      String actorName,
      String action,
      String targetType,
      Long targetId,
      String reason,
      OffsetDateTime createdAt) {}

  /** {@code pendingTotal} counts everything waiting; {@code pending} is the first of them. */
  /**
   * Everything waiting across a moderator's discussions: page {@code page} of {@code pages} of it
   * ({@code pendingTotal} in all).
   */
  public record Dashboard(
      List<QueueItem> pending,
      int pendingTotal,
      int page,
      int pages,
      List<FlagItem> flags,
      List<UpcomingTheme> upcoming,
      List<WeekCount> weeks) {}

  /**
   * A discussion's queue: page {@code page} of {@code pages} of what waits ({@code pendingTotal} in
   * all).
   */
  public record DiscussionQueue(
      DiscussionRef discussion,
      List<QueueItem> pending,
      int pendingTotal,
      int page,
      int pages,
      List<FlagItem> flags,
      List<TrustedMember> trusted,
      List<WeekCount> weeks) {}
}
