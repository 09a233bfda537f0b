package org.indaba.mail.in;

import java.util.ArrayList;
import java.util.List;
import org.indaba.discussion.Contribution;
import org.indaba.discussion.ContributionService;
import org.indaba.discussion.FilePolicy;
import org.indaba.discussion.NewContribution;
import org.indaba.mail.MailRepository;
import org.indaba.mail.parse.Attachment;
import org.indaba.model.Reason;
import org.indaba.model.Refusal;

/**
 * Mail (live or imported) into {@link ContributionService#postContribution}, the one use case
 * shared with the web form and the API, so that moderation, limits and search indexing are decided
 * in one place. A refusal's {@link Reason} becomes a {@link MailRejection} ({@link
 * MailRejection#of}).
 */
public final class MailPosting {
  private final ContributionService contributions;
  private final MailRepository repo;
  private final java.time.Clock clock;

  public MailPosting(
      ContributionService contributions, MailRepository repo, java.time.Clock clock) {
    this.contributions = contributions;
    this.repo = repo;
    this.clock = clock;
  }

  /** The contribution a message became, and its status ({@code already_posted} for a repeat). */
  public record Posted(long contributionId, String status) {}

  public Posted post(NewContribution in) throws MailRejection {
    return post(in, false, null);
  }

  /** {@link #post(NewContribution)} within a batch, reading through the batch's {@code reads}. */
  public Posted post(NewContribution in, ContributionService.Reads reads) throws MailRejection {
    return post(in, false, reads);
  }

  /** See {@link ContributionService#holdPostingLimits}. */
  public void holdPostingLimits(
      java.util.Collection<Long> memberIds, java.util.Collection<String> senders) {
    contributions.holdPostingLimits(memberIds, senders);
  }

  /** Reads that last one batch of messages (see {@link ContributionService.Reads}). */
  public ContributionService.Reads batchReads(java.util.function.Predicate<String> certainlyFree) {
    return contributions.rememberingReads(certainlyFree);
  }

  /**
   * An archived message: see {@link ContributionService#postImported}; {@code approve} publishes it
   * whatever the discussion's moderation rules.
   */
  public Posted postImported(NewContribution in, boolean approve) throws MailRejection {
    return post(in, approve, null);
  }

  private Posted post(NewContribution in, boolean approveImport, ContributionService.Reads reads)
      throws MailRejection {
    try {
      Contribution c =
          in.source() == NewContribution.Source.IMPORT
              ? contributions.postImported(in, approveImport)
              : reads == null
                  ? contributions.postContribution(in)
                  : contributions.postContribution(in, reads);
      return new Posted(c.id(), c.status().code());
    } catch (Refusal e) {
      if (e.reason().orElse(null) == Reason.DUPLICATE_MESSAGE) {
        // the same message reached us twice between the processor's check and the insert
        return repo.contributionIdByMessageId(in.messageId())
            .map(id -> new Posted(id, "already_posted"))
            .orElseThrow(() -> new MailRejection.Refused(e.messageKey()));
      }
      throw MailRejection.of(e, in.week(), clock);
    }
  }

  /** Names the attachments left out of a posted message on its page. */
  public void dropped(long contributionId, List<String> names) {
    contributions.recordDroppedAttachments(contributionId, names);
  }

  /**
   * What a mail client attaches and the web would refuse by type (winmail.dat, vCards, signature
   * files) is left out rather than refusing the whole message; sizes are checked by the service.
   */
  public static List<NewContribution.NewAttachment> attachments(List<Attachment> parts) {
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
    java.util.Optional<String> type = FilePolicy.typeOf(name, a.contentType());
    if (type.isEmpty() || !FilePolicy.contentMatches(type.get(), a.content())) {
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
}
