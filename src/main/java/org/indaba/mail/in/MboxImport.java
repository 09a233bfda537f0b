package org.indaba.mail.in;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.indaba.discussion.NewContribution;
import org.indaba.mail.MailAddresses;
import org.indaba.mail.MailRepository;
import org.indaba.mail.parse.AutomatedMail;
import org.indaba.mail.parse.MailParser;
import org.indaba.mail.parse.MboxMessage;
import org.indaba.mail.parse.MboxReader;
import org.indaba.mail.parse.ParsedMail;
import org.indaba.mail.parse.ReplyTrimmer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a mailing-list archive into a discussion with the same parsing and trimming as live mail:
 * dates kept, threads rebuilt from In-Reply-To and References, senders matched to members by
 * address or else created as placeholder authors. Idempotent: a message whose Message-ID is already
 * a contribution is skipped, so importing the same file twice adds nothing.
 */
public final class MboxImport {
  private static final Logger log = LoggerFactory.getLogger(MboxImport.class);

  private final MailRepository repo;
  private final MailAddresses addresses;
  private final MailPosting posting;
  private final Clock clock;

  public MboxImport(
      MailRepository repo, MailAddresses addresses, MailPosting posting, Clock clock) {
    this.repo = repo;
    this.addresses = addresses;
    this.posting = posting;
    this.clock = clock;
  }

  /** What an import did. */
  public record Counts(int imported, int duplicates, int placeholders, int automated, int failed) {
    @Override
    public String toString() {
      return "imported "
          + imported
          + ", skipped duplicates "
          + duplicates
          + ", placeholders created "
          + placeholders
          + ", skipped automated "
          + automated
          + ", failed "
          + failed;
    }
  }

  public Counts importFile(Path file, String slug, Consumer<String> progress) throws IOException {
    MailRepository.Discussion d =
        repo.discussionBySlug(slug)
            .orElseThrow(() -> new IllegalArgumentException("no discussion with the slug " + slug));
    int imported = 0;
    int duplicates = 0;
    int placeholders = 0;
    int automated = 0;
    int failed = 0;
    int seen = 0;
    try (MboxReader reader = MboxReader.open(file)) {
      while (reader.hasNext()) {
        MboxMessage m = reader.next();
        seen++;
        ParsedMail mail = MailParser.parse(m.raw());
        String messageId = InboundProcessor.messageIdOf(mail, addresses.domain());
        if (repo.contributionIdByMessageId(messageId).isPresent()) {
          duplicates++;
        } else if (AutomatedMail.classify(mail) != AutomatedMail.Kind.HUMAN
            || mail.from() == null) {
          automated++;
        } else {
          try {
            String email = mail.from().address().toLowerCase(Locale.ROOT);
            MailRepository.Placeholder author =
                repo.placeholder(
                    email,
                    mail.from().displayName(),
                    OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
            if (author.created()) {
              placeholders++;
            }
            ReplyTrimmer.Trimmed t = ReplyTrimmer.trim(mail.body());
            Long replyTo = parentOf(mail, d);
            Integer week = replyTo != null ? null : weekOf(mail.date(), d);
            posting.post(
                new NewContribution(
                    new NewContribution.MemberAuthor(author.memberId()),
                    d.slug(),
                    week,
                    t.kept().strip(),
                    replyTo,
                    NewContribution.Source.IMPORT,
                    null,
                    MailPosting.attachments(mail.attachments()),
                    t.removed().isBlank() ? null : t.removed(),
                    messageId,
                    mail.date() == null ? null : mail.date().toInstant(),
                    null));
            imported++;
          } catch (MailRejection | RuntimeException e) {
            failed++;
            log.warn("Message {} of {} not imported: {}", m.index(), file, e.getMessage());
          }
        }
        if (seen % 100 == 0) {
          progress.accept(
              seen
                  + " messages read: "
                  + imported
                  + " imported, "
                  + duplicates
                  + " duplicates, "
                  + failed
                  + " failed");
        }
      }
    }
    return new Counts(imported, duplicates, placeholders, automated, failed);
  }

  /** The contribution a message answers, from In-Reply-To then References (newest first). */
  private Long parentOf(ParsedMail mail, MailRepository.Discussion d) {
    List<String> ids = new ArrayList<>();
    if (mail.inReplyTo() != null) {
      ids.add(mail.inReplyTo());
    }
    ids.addAll(mail.references().reversed());
    for (String id : ids) {
      Optional<MailRepository.Contribution> c =
          repo.contributionIdByMessageId(id).flatMap(repo::contribution);
      if (c.isPresent() && c.get().discussionId() == d.id()) {
        return c.get().id();
      }
    }
    return null;
  }

  /** The week of the discussion the message was written in, by its date; null when unknown. */
  static Integer weekOf(OffsetDateTime date, MailRepository.Discussion d) {
    if (date == null) {
      return null;
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(d.timeZone());
    } catch (RuntimeException e) {
      zone = ZoneOffset.UTC;
    }
    LocalDate day = date.atZoneSameInstant(zone).toLocalDate();
    long w = ChronoUnit.DAYS.between(d.startsOn(), day) / 7 + 1;
    return (int) Math.max(1, Math.min(d.weeks(), w));
  }
}
