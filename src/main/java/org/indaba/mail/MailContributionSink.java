package org.indaba.mail;

import java.time.OffsetDateTime;
import java.util.List;
import org.indaba.mail.in.Attachment;
import org.indaba.mail.in.MailRejection;

/**
 * Where mail (live or imported) becomes a contribution: the same use case as the web form and the
 * API, so that moderation, limits and search indexing are decided in one place. The mail feature
 * only prepares the input (who, where, which parent, trimmed text) and maps refusals to {@link
 * MailRejection}s.
 */
public interface MailContributionSink {

  /**
   * @param authorMemberId the member whose verified address sent it, or null for a non-member
   * @param authorEmail the non-member's address (null for members)
   * @param authorName the non-member's display name (null for members)
   * @param week the week written to, or null for the current week
   * @param replyToId the contribution answered, or null (a reply to the theme, or a new thread)
   * @param source "email" or "import"
   * @param trimmed the quotes and signature removed from the body, or null
   * @param messageId the Message-ID without angle brackets (unique: a second post with it fails)
   * @param createdAt the date to keep (imports), or null for now
   * @param forceHoldReason a reason to hold it for moderation whatever the author's standing
   *     ("dmarc_fail"), or null
   */
  record Submission(
      Long authorMemberId,
      String authorEmail,
      String authorName,
      String discussionSlug,
      Integer week,
      String body,
      Long replyToId,
      String source,
      List<Attachment> attachments,
      String trimmed,
      String messageId,
      OffsetDateTime createdAt,
      String forceHoldReason) {}

  /**
   * @param dropped names of the attachments left out (a type or content the site does not take)
   */
  record Posted(long contributionId, String status, List<String> dropped) {}

  Posted post(Submission submission) throws MailRejection;
}
