package org.indaba.mail.export;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.EncoderUtil;
import org.indaba.account.ModeratorRights;
import org.indaba.mail.MailAddresses;
import org.indaba.mail.parse.ArchiveHeaders;
import org.indaba.model.ContributionStatus;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.visibility.Visibility;

/**
 * A whole discussion as an mbox file (RFC 4155, "mboxrd" escaping): the launch message (title,
 * summary and introduction), each published week's theme, the contributions the viewer may see with
 * their threading (Message-ID, In-Reply-To and References as list mail carries them) and their
 * authors, and the published consolidated replies, in that order, oldest first within each.
 *
 * <p>Each message carries {@link ArchiveHeaders} (kind, week, language, the author's organisation,
 * city and country) so that {@code import-mbox} reads the archive back into a discussion with the
 * same contributions. Authors' addresses are written only for viewers who may see them ({@link
 * Visibility#authorAddressVisible}); anyone else reads a stable pseudonymous address on our domain.
 * Attachments are not included.
 */
public final class MboxExport {
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final Pattern FROM_LINE = Pattern.compile("^(>*From )", Pattern.MULTILINE);
  private static final List<ContributionStatus> EXPORTED =
      List.of(ContributionStatus.APPROVED, ContributionStatus.PENDING);

  private final MboxExportRepository repo;
  private final ModeratorRights access;
  private final MailAddresses addresses;
  private final String baseUrl;

  public MboxExport(
      MboxExportRepository repo, ModeratorRights access, MailAddresses addresses, String baseUrl) {
    this.repo = repo;
    this.access = access;
    this.addresses = addresses;
    this.baseUrl = baseUrl;
  }

  /**
   * The discussion's archive as the viewer may read it.
   *
   * @throws Refusal not found when there is no such discussion or the viewer may not see it
   */
  public byte[] export(Optional<Viewer> viewer, String slug) {
    MboxExportRepository.Discussion d = repo.discussion(slug).orElseThrow(Refusal::notFound);
    Visibility.Audience audience =
        Visibility.Audience.of(viewer.map(Viewer::id), access.canModerate(viewer, d.id()));
    if (!Visibility.discussionVisible(d.draft(), audience)) {
      throw Refusal.notFound();
    }
    StringBuilder out = new StringBuilder();
    String listAddress = addresses.post(d.slug());
    String launchId = "<discussion-" + d.id() + "@" + addresses.domain() + ">";
    Instant launchedAt = d.startsOn().atStartOfDay(zone(d.timeZone())).toInstant();

    Map<String, String> launch = new LinkedHashMap<>();
    launch.put("From", mailbox(d.title(), listAddress));
    launch.put("To", listAddress);
    launch.put("Subject", text(d.title()));
    launch.put("Date", date(launchedAt));
    launch.put("Message-ID", launchId);
    launch.put("Archived-At", "<" + baseUrl + "/d/" + d.slug() + ">");
    launch.put(ArchiveHeaders.KIND, ArchiveHeaders.LAUNCH);
    launch.put(ArchiveHeaders.LANGUAGE, d.language());
    message(out, listAddress, launchedAt, launch, joined(d.summary(), d.introduction()));

    Map<Integer, MboxExportRepository.Theme> themes = new HashMap<>();
    for (MboxExportRepository.Theme t : repo.publishedThemes(d.id())) {
      themes.put(t.week(), t);
      Map<String, String> h = new LinkedHashMap<>();
      String from = addresses.week(d.slug(), t.week());
      h.put("From", mailbox(d.title(), from));
      h.put("To", listAddress);
      h.put("Subject", text(subject(t)));
      h.put("Date", date(t.publishedAt()));
      h.put("Message-ID", addresses.themeMessageId(t.id()));
      h.put("In-Reply-To", launchId);
      h.put("References", launchId);
      h.put(ArchiveHeaders.KIND, ArchiveHeaders.THEME);
      h.put(ArchiveHeaders.WEEK, Integer.toString(t.week()));
      h.put(ArchiveHeaders.LANGUAGE, t.language());
      message(out, from, t.publishedAt(), h, joined(t.title(), t.question()));
    }

    List<MboxExportRepository.Contribution> shown = new ArrayList<>();
    for (MboxExportRepository.Contribution c : repo.contributions(d.id(), EXPORTED)) {
      if (Visibility.contributionVisible(d.draft(), c.status(), c.authorId(), audience)) {
        shown.add(c);
      }
    }
    Map<Long, MboxExportRepository.Contribution> byId = new HashMap<>();
    shown.forEach(c -> byId.put(c.id(), c));
    boolean showAddresses = Visibility.authorAddressVisible(audience);
    for (MboxExportRepository.Contribution c : shown) {
      MboxExportRepository.Theme theme = themes.get(c.week());
      List<String> refs = new ArrayList<>();
      MboxExportRepository.Contribution parent = byId.get(c.replyToId());
      for (int i = 0; i < 20 && parent != null; i++) {
        refs.add(0, addresses.contributionMessageId(parent.id()));
        parent = byId.get(parent.replyToId());
      }
      if (theme != null) {
        refs.add(0, addresses.themeMessageId(theme.id()));
      }
      refs.add(0, launchId);
      String address = showAddresses ? c.authorEmail() : pseudonym(c);
      Map<String, String> h = new LinkedHashMap<>();
      h.put("From", mailbox(c.authorName(), address));
      h.put("To", listAddress);
      h.put("Subject", text("Re: " + (theme == null ? d.title() : subject(theme))));
      h.put("Date", date(c.createdAt()));
      h.put("Message-ID", addresses.contributionMessageId(c.id()));
      h.put("In-Reply-To", refs.get(refs.size() - 1));
      h.put("References", String.join(" ", refs));
      h.put("Archived-At", "<" + baseUrl + "/c/" + c.id() + ">");
      h.put(ArchiveHeaders.KIND, ArchiveHeaders.CONTRIBUTION);
      h.put(ArchiveHeaders.WEEK, Integer.toString(c.week()));
      h.put(ArchiveHeaders.LANGUAGE, c.language());
      putIfPresent(h, ArchiveHeaders.ORGANISATION, c.organisation());
      putIfPresent(h, ArchiveHeaders.CITY, c.city());
      putIfPresent(h, ArchiveHeaders.COUNTRY, c.country());
      if (c.status() != ContributionStatus.APPROVED) {
        h.put(ArchiveHeaders.STATUS, c.status().code());
      }
      message(out, address, c.createdAt(), h, c.body());
    }

    for (MboxExportRepository.Reply r : repo.publishedReplies(d.id())) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("From", mailbox(d.title(), listAddress));
      h.put("To", listAddress);
      h.put("Subject", text(r.title()));
      h.put("Date", date(r.publishedAt()));
      h.put("Message-ID", "<reply-" + r.id() + "@" + addresses.domain() + ">");
      h.put("In-Reply-To", launchId);
      h.put("References", launchId);
      h.put("Archived-At", "<" + baseUrl + "/d/" + d.slug() + "/reply/" + r.language() + ">");
      h.put(ArchiveHeaders.KIND, ArchiveHeaders.CONSOLIDATED_REPLY);
      h.put(ArchiveHeaders.LANGUAGE, r.language());
      message(out, listAddress, r.publishedAt(), h, joined(r.title(), r.body()));
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The name under which the file is offered for download. */
  public static String filename(String slug) {
    return slug.replaceAll("[^A-Za-z0-9._-]", "_") + ".mbox";
  }

  private String pseudonym(MboxExportRepository.Contribution c) {
    return (c.authorId() == null ? "sender-of-" + c.id() : "member-" + c.authorId())
        + "@"
        + addresses.domain();
  }

  private static String subject(MboxExportRepository.Theme t) {
    return "Week " + t.week() + ": " + t.title();
  }

  private static void message(
      StringBuilder out, String envelope, Instant at, Map<String, String> headers, String body) {
    out.append("From ").append(envelope).append(' ').append(ASCTIME.format(at)).append('\n');
    headers.put("MIME-Version", "1.0");
    headers.put("Content-Type", "text/plain; charset=UTF-8");
    headers.put("Content-Transfer-Encoding", "8bit");
    headers.forEach(
        (name, value) -> out.append(name).append(": ").append(oneLine(value)).append('\n'));
    out.append('\n');
    String text = body == null ? "" : body.replace("\r\n", "\n").replace('\r', '\n');
    // mboxrd: a body line starting with "From " (after any ">") gets one more ">"
    out.append(FROM_LINE.matcher(text).replaceAll(">$1"));
    if (!text.endsWith("\n")) {
      out.append('\n');
    }
    out.append('\n');
  }

  private static String oneLine(String value) {
    return value.replaceAll("[\\r\\n]+", " ");
  }

  private static void putIfPresent(Map<String, String> h, String name, String value) {
    if (value != null && !value.isBlank()) {
      h.put(name, text(value.strip()));
    }
  }

  /** An unstructured header value, as RFC 2047 encoded words when it is not plain ASCII. */
  static String text(String value) {
    String v = oneLine(value == null ? "" : value);
    return EncoderUtil.hasToBeEncoded(v, 0)
        ? EncoderUtil.encodeEncodedWord(
            v, EncoderUtil.Usage.TEXT_TOKEN, 0, StandardCharsets.UTF_8, null)
        : v;
  }

  private static String mailbox(String name, String address) {
    String n = oneLine(name == null ? "" : name).strip();
    if (n.isEmpty()) {
      return "<" + address + ">";
    }
    String display =
        EncoderUtil.hasToBeEncoded(n, 0)
            ? EncoderUtil.encodeEncodedWord(
                n, EncoderUtil.Usage.WORD_ENTITY, 0, StandardCharsets.UTF_8, null)
            : EncoderUtil.encodeAddressDisplayName(n);
    return display + " <" + address + ">";
  }

  private static String date(Instant at) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
  }

  private static String joined(String first, String rest) {
    String a = first == null ? "" : first.strip();
    String b = rest == null ? "" : rest.strip();
    return a.isEmpty() ? b : b.isEmpty() ? a : a + "\n\n" + b;
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (RuntimeException e) {
      return ZoneOffset.UTC;
    }
  }
}
