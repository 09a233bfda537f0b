package org.indaba.mail.in;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.indaba.discussion.NewContribution;
import org.indaba.i18n.LanguageDetector;
import org.indaba.mail.MailAddresses;
import org.indaba.mail.MailRepository;
import org.indaba.mail.parse.ArchiveHeaders;
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
 * dates kept, each message in the week whose dates contain it, threads rebuilt from In-Reply-To and
 * References, senders matched to members by address or else created as placeholder authors.
 *
 * <p>An archive is history: nobody is mailed (no list copies, no author notices, no moderator
 * alerts), the weeks it fills are published quietly if they were not, and languages are detected
 * once the detector's models are loaded (the import waits for them). Messages written by a
 * discussion's own mbox export ({@link ArchiveHeaders}) come back with their week, language and
 * text as they were; the export's theme and reply mails are not contributions and are skipped.
 *
 * <p>Idempotent: a message whose Message-ID is already a contribution is counted as a duplicate, so
 * importing the same file twice adds nothing.
 */
public final class MboxImport {
  private static final Logger log = LoggerFactory.getLogger(MboxImport.class);

  /** How long an import waits for the language models before giving up. */
  static final Duration DETECTOR_WAIT = Duration.ofMinutes(3);

  private final MailRepository repo;
  private final ImportRepository imports;
  private final MailAddresses addresses;
  private final MailPosting posting;
  private final LanguageDetector detector;
  private final Clock clock;

  public MboxImport(
      MailRepository repo,
      ImportRepository imports,
      MailAddresses addresses,
      MailPosting posting,
      LanguageDetector detector,
      Clock clock) {
    this.repo = repo;
    this.imports = imports;
    this.addresses = addresses;
    this.posting = posting;
    this.detector = detector;
    this.clock = clock;
  }

  /** {@code approve}: a trusted archive, published whatever the discussion's moderation rules. */
  public record Options(boolean approve) {
    public static final Options DEFAULT = new Options(false);
  }

  /**
   * What an import did: messages imported, already there, authors created, and the messages not
   * imported by reason ({@code automated}, {@code no_sender}, {@code undated}, {@code
   * not_a_contribution}, a rejection code such as {@code empty}, or {@code failed}).
   */
  public record Counts(
      int imported, int duplicates, int placeholders, Map<String, Integer> skipped) {
    public Counts {
      skipped = Map.copyOf(skipped);
    }

    public int skippedTotal() {
      return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public String toString() {
      StringBuilder s =
          new StringBuilder()
              .append("imported ")
              .append(imported)
              .append(", duplicates ")
              .append(duplicates)
              .append(", placeholder authors created ")
              .append(placeholders)
              .append(", skipped ")
              .append(skippedTotal());
      if (!skipped.isEmpty()) {
        s.append(" (");
        String sep = "";
        for (var e : new TreeMap<>(skipped).entrySet()) {
          s.append(sep).append(e.getKey()).append(": ").append(e.getValue());
          sep = ", ";
        }
        s.append(')');
      }
      return s.toString();
    }
  }

  public Counts importFile(Path file, String slug, Consumer<String> progress) throws IOException {
    return importFile(file, slug, Options.DEFAULT, progress);
  }

  public Counts importFile(Path file, String slug, Options options, Consumer<String> progress)
      throws IOException {
    MailRepository.Discussion d =
        repo.discussionBySlug(slug)
            .orElseThrow(() -> new IllegalArgumentException("no discussion with the slug " + slug));
    if (!detector.isReady()) {
      progress.accept("Waiting for the language models to load…");
      if (!detector.awaitReady(DETECTOR_WAIT)) {
        throw new IllegalStateException(
            "language detection is not available, so imported messages would have no language;"
                + " nothing was imported");
      }
    }
    int imported = 0;
    int duplicates = 0;
    int placeholders = 0;
    Map<String, Integer> skipped = new TreeMap<>();
    int seen = 0;
    try (MboxReader reader = MboxReader.open(file)) {
      while (reader.hasNext()) {
        MboxMessage m = reader.next();
        seen++;
        ParsedMail mail = MailParser.parse(m.raw());
        String messageId = InboundProcessor.messageIdOf(mail, addresses.domain());
        Optional<String> kind = ArchiveHeaders.kind(mail);
        String skip = null;
        if (kind.isPresent() && !ArchiveHeaders.CONTRIBUTION.equals(kind.get())) {
          skip = "not_a_contribution";
        } else if (alreadyImported(messageId, d)) {
          duplicates++;
        } else if (AutomatedMail.classify(mail) != AutomatedMail.Kind.HUMAN) {
          skip = "automated";
        } else if (mail.from() == null || mail.from().address() == null) {
          skip = "no_sender";
        } else if (mail.date() == null && ArchiveHeaders.week(mail).isEmpty()) {
          skip = "undated";
        } else {
          try {
            if (post(mail, messageId, d, kind.isPresent(), options)) {
              placeholders++;
            }
            imported++;
          } catch (MailRejection e) {
            skip = e.code();
          } catch (RuntimeException e) {
            skip = "failed";
            log.warn("Message {} of {} not imported: {}", m.index(), file, e.getMessage());
          }
        }
        if (skip != null) {
          skipped.merge(skip, 1, Integer::sum);
        }
        if (seen % 100 == 0) {
          progress.accept(
              seen
                  + " messages read: "
                  + imported
                  + " imported, "
                  + duplicates
                  + " duplicates, "
                  + skipped.values().stream().mapToInt(Integer::intValue).sum()
                  + " skipped");
        }
      }
    }
    return new Counts(imported, duplicates, placeholders, skipped);
  }

  /** Posts one message; true when its author was created as a placeholder now. */
  private boolean post(
      ParsedMail mail,
      String messageId,
      MailRepository.Discussion d,
      boolean fromExport,
      Options options)
      throws MailRejection {
    String email = mail.from().address().toLowerCase(Locale.ROOT);
    MailRepository.Placeholder author =
        repo.placeholder(
            email,
            mail.from().displayName(),
            OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
    if (author.created()) {
      imports.fillPlaceholderProfile(
          author.memberId(),
          ArchiveHeaders.value(mail, ArchiveHeaders.ORGANISATION).orElse(""),
          ArchiveHeaders.value(mail, ArchiveHeaders.CITY).orElse(""),
          // profiles hold ISO 3166-1 codes; an archive may give a code or a name
          ArchiveHeaders.value(mail, ArchiveHeaders.COUNTRY)
              .flatMap(org.indaba.i18n.Countries::codeOf)
              .orElse(""));
    }
    String body;
    String trimmed;
    if (fromExport) {
      // an export holds the contribution's text as it was published: nothing to trim
      body = mail.body().strip();
      trimmed = null;
    } else {
      ReplyTrimmer.Trimmed t = ReplyTrimmer.trim(mail.body());
      body = t.kept().strip();
      trimmed = t.removed().isBlank() ? null : t.removed();
    }
    int week =
        ArchiveHeaders.week(mail)
            .filter(w -> w >= 1 && w <= d.weeks())
            .orElseGet(() -> weekOf(mail.date(), d));
    String language =
        fromExport ? ArchiveHeaders.value(mail, ArchiveHeaders.LANGUAGE).orElse(null) : null;
    posting.postImported(
        new NewContribution(
            new NewContribution.MemberAuthor(author.memberId()),
            d.slug(),
            week,
            body,
            parentOf(mail, d),
            NewContribution.Source.IMPORT,
            language,
            MailPosting.attachments(mail.attachments()),
            trimmed,
            messageId,
            mail.date() == null ? null : mail.date().toInstant(),
            // an export says which posts were still waiting for a moderator: they wait again
            fromExport
                    && ArchiveHeaders.value(mail, ArchiveHeaders.STATUS)
                        .filter("pending"::equals)
                        .isPresent()
                ? "premoderated"
                : null),
        options.approve());
    return author.created();
  }

  /**
   * A message already in the discussion: its Message-ID is a contribution's, or it is one of our
   * own ids ({@code contribution-12@domain}, as an export writes them) naming a contribution of
   * this discussion. A Message-ID stored for another discussion cannot be stored twice either.
   */
  private boolean alreadyImported(String messageId, MailRepository.Discussion d) {
    if (repo.contributionIdByMessageId(messageId).isPresent()) {
      return true;
    }
    Long own = addresses.contributionIdOf(messageId);
    return own != null && repo.contribution(own).map(c -> c.discussionId() == d.id()).orElse(false);
  }

  /**
   * The contribution a message answers, from In-Reply-To then References (newest first): a
   * contribution of this discussion stored with that Message-ID, or one of our own ids naming one.
   */
  private Long parentOf(ParsedMail mail, MailRepository.Discussion d) {
    List<String> ids = new ArrayList<>();
    if (mail.inReplyTo() != null) {
      ids.add(mail.inReplyTo());
    }
    ids.addAll(mail.references().reversed());
    for (String id : ids) {
      Optional<MailRepository.Contribution> c =
          repo.contributionIdByMessageId(id)
              .flatMap(repo::contribution)
              .filter(x -> x.discussionId() == d.id());
      if (c.isEmpty()) {
        c =
            Optional.ofNullable(addresses.contributionIdOf(id))
                .flatMap(repo::contribution)
                .filter(x -> x.discussionId() == d.id());
      }
      if (c.isPresent()) {
        return c.get().id();
      }
    }
    return null;
  }

  /**
   * The week of the discussion whose dates contain the message's date, in the discussion's time
   * zone; a date before the first week or after the last is placed in that week.
   */
  static int weekOf(OffsetDateTime date, MailRepository.Discussion d) {
    if (date == null) {
      return 1;
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(d.timeZone());
    } catch (RuntimeException e) {
      zone = ZoneOffset.UTC;
    }
    LocalDate day = date.atZoneSameInstant(zone).toLocalDate();
    long days = ChronoUnit.DAYS.between(d.startsOn(), day);
    long w = Math.floorDiv(days, 7) + 1;
    return (int) Math.max(1, Math.min(d.weeks(), w));
  }
}
