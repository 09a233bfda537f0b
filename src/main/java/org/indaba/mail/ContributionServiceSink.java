package org.indaba.mail;

import java.util.ArrayList;
import java.util.List;
import org.indaba.discussion.Contribution;
import org.indaba.discussion.ContributionService;
import org.indaba.discussion.FilePolicy;
import org.indaba.discussion.NewContribution;
import org.indaba.mail.in.Attachment;
import org.indaba.mail.in.MailRejection;
import org.indaba.web.HttpError;

/**
 * Mail into {@link ContributionService#postContribution}, the one use case shared with the web form
 * and the API; its refusals become {@link MailRejection}s that the sender is told about.
 */
public final class ContributionServiceSink implements MailContributionSink {
  private final ContributionService contributions;
  private final MailRepository repo;

  private final java.time.Clock clock;

  public ContributionServiceSink(
      ContributionService contributions, MailRepository repo, java.time.Clock clock) {
    this.contributions = contributions;
    this.repo = repo;
    this.clock = clock;
  }

  @Override
  public Posted post(Submission s) throws MailRejection {
    NewContribution.Author author =
        s.authorMemberId() != null
            ? new NewContribution.MemberAuthor(s.authorMemberId())
            : new NewContribution.MailSender(s.authorEmail(), s.authorName());
    NewContribution in =
        new NewContribution(
            author,
            s.discussionSlug(),
            s.week(),
            s.body(),
            s.replyToId(),
            "import".equals(s.source())
                ? NewContribution.Source.IMPORT
                : NewContribution.Source.EMAIL,
            null,
            attachments(s.attachments()),
            s.trimmed(),
            s.messageId(),
            s.createdAt() == null ? null : s.createdAt().toInstant(),
            s.forceHoldReason());
    try {
      Contribution c = contributions.postContribution(in);
      return new Posted(c.id(), c.status(), dropped(s.attachments()));
    } catch (HttpError e) {
      if ("discussion.error.duplicateMessage".equals(e.messageKey())) {
        // the same message reached us twice between the processor's check and the insert
        return repo.contributionIdByMessageId(s.messageId())
            .map(id -> new Posted(id, "already_posted", List.of()))
            .orElseThrow(() -> new MailRejection.Refused(e.messageKey()));
      }
      throw rejection(e, s);
    }
  }

  /**
   * What a mail client attaches and the web would refuse by type (winmail.dat, vCards, signature
   * files) is left out rather than refusing the whole message; sizes are checked by the service.
   */
  private static List<NewContribution.NewAttachment> attachments(List<Attachment> parts) {
    List<NewContribution.NewAttachment> out = new ArrayList<>();
    for (Attachment a : parts) {
      String name = nameOf(a);
      if (!acceptable(a, name)) {
        continue;
      }
      out.add(
          new NewContribution.NewAttachment(
              name, a.contentType(), a.content(), a.contentId(), a.inline()));
      if (out.size() == FilePolicy.MAX_ATTACHMENTS) {
        break;
      }
    }
    return out;
  }

  private static String nameOf(Attachment a) {
    return a.filename() != null
        ? a.filename()
        : (a.contentId() != null
                ? a.contentId().replaceAll("[^A-Za-z0-9._-]", "_")
                : "message/rfc822".equals(a.contentType()) ? "forwarded-message" : "file")
            + extension(a.contentType());
  }

  /**
   * Kept when its type is one the site accepts by declaration or extension, and its bytes are what
   * both the accepted type and the extension say (an {@code .exe} declared as {@code
   * application/pdf} is not).
   */
  private static boolean acceptable(Attachment a, String name) {
    String type;
    try {
      type = FilePolicy.acceptedType(name, a.contentType());
    } catch (HttpError refused) {
      return false;
    }
    if (!FilePolicy.contentMatches(type, a.content())) {
      return false;
    }
    return FilePolicy.typeOfExtension(name)
        .map(t -> FilePolicy.contentMatches(t, a.content()))
        .orElse(true);
  }

  /**
   * The names of the attachments left out (not the signatures, vCards and winmail.dat that the
   * parser already set aside as clutter).
   */
  public static List<String> dropped(List<Attachment> parts) {
    List<String> out = new ArrayList<>();
    for (Attachment a : parts) {
      String name = nameOf(a);
      if (!acceptable(a, name)) {
        out.add(FilePolicy.safeFilename(name));
      }
    }
    return out;
  }

  private static String extension(String type) {
    return switch (type) {
      case "image/png" -> ".png";
      case "image/jpeg" -> ".jpg";
      case "image/gif" -> ".gif";
      case "image/webp" -> ".webp";
      case "application/pdf" -> ".pdf";
      case "message/rfc822" -> ".eml";
      default -> "";
    };
  }

  private MailRejection rejection(HttpError e, Submission s) {
    String key = e.messageKey();
    return switch (e.status()) {
      case 409 ->
          "discussion.error.closed".equals(key)
              ? new MailRejection.DiscussionClosed()
              : new MailRejection.WeekNotPublished(s.week());
      case 404 ->
          repo.slugExists(s.discussionSlug())
              ? new MailRejection.WeekNotPublished(s.week())
              : new MailRejection.UnknownDiscussion();
      case 403 -> new MailRejection.NotAMember();
      case 413 -> new MailRejection.TooLarge(key);
      // the limit counts in fixed hours: the next one starts at the top of the hour
      case 429 ->
          new MailRejection.PostingLimit(
              ContributionService.POSTS_PER_HOUR,
              java.time.OffsetDateTime.now(clock.withZone(java.time.ZoneOffset.UTC))
                      .truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                      .plusHours(1)
                      .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm"))
                  + " UTC");
      case 400 ->
          e instanceof HttpError.Invalid inv && inv.fieldErrors().containsKey("body")
              ? new MailRejection.EmptyMessage()
              : new MailRejection.Refused(key);
      default -> new MailRejection.Refused(key);
    };
  }
}
