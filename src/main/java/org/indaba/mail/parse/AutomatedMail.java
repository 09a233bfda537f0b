package org.indaba.mail.parse;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises mail written by software rather than by a member: auto-replies, bounces, delivery
 * reports and bulk mail. The discussion must not post these, and must not answer them (RFC 3834
 * section 2: no automatic response to automatic messages, to avoid mail loops).
 */
public final class AutomatedMail {

  /** What kind of sender produced a message. */
  public enum Kind {
    /** Written by a person. */
    HUMAN,
    /** A vacation or out-of-office answer. */
    AUTO_REPLY,
    /** Other machine-generated mail: notifications, calendar robots. */
    AUTO_GENERATED,
    /** Mailing-list or bulk mail (Precedence: bulk, junk or list). */
    BULK,
    /** A non-delivery or delay report. */
    BOUNCE,
    /** A report that delivered or read a message: successful DSNs and read receipts. */
    DELIVERY_REPORT
  }

  /**
   * Subject openings of out-of-office answers, compared lower-cased without accents. Matched at the
   * start only, so that a discussion about office absence is not taken for one.
   */
  private static final List<String> AUTO_REPLY_SUBJECTS =
      List.of(
          "out of office",
          "out of the office",
          "automatic reply",
          "auto reply",
          "auto-reply",
          "autoreply",
          "auto response",
          "auto-response",
          "autoresponse",
          "vacation reply",
          "auto:",
          "away from the office",
          "away from office",
          "reponse automatique",
          "absence du bureau",
          "absent du bureau",
          "absente du bureau",
          "message d'absence",
          "notification d'absence",
          "respuesta automatica",
          "fuera de la oficina",
          "fuera de oficina",
          "ausente",
          "resposta automatica",
          "fora do escritorio",
          "ausencia",
          "mensagem de ausencia",
          "رد تلقائي",
          "الرد التلقائي",
          "رد آلي",
          "خارج المكتب",
          "غير موجود في المكتب",
          "automatische antwort",
          "abwesenheitsnotiz",
          "risposta automatica",
          "fuori sede");

  /** {@link #AUTO_REPLY_SUBJECTS} folded as subjects are, once rather than for every message. */
  private static final List<String> AUTO_REPLY_PREFIXES =
      AUTO_REPLY_SUBJECTS.stream().map(AutomatedMail::foldForMatching).toList();

  private static final Pattern STATUS = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");
  // qmail bounces (QSBMF) list each failed recipient as "<address>:" on a line of its own.
  private static final Pattern QMAIL_RECIPIENT =
      Pattern.compile("(?m)^<([^<>\\s]+@[^<>\\s]+)>:\\s*$");

  private AutomatedMail() {}

  public static Kind classify(ParsedMail mail) {
    Headers h = mail.headers();
    MimeParams type = MimeParams.parse(h.first("Content-Type").orElse(null));
    // RFC 6522 multipart/report carries machine-readable reports; RFC 3464 defines
    // delivery-status and RFC 8098 disposition-notification (read receipts).
    String reportType =
        type.value().equals("multipart/report")
            ? String.valueOf(type.param("report-type")).toLowerCase(Locale.ROOT)
            : "";
    List<Attachment> statusParts = deliveryStatusParts(mail);
    if (reportType.equals("delivery-status")
        || reportType.equals("global-delivery-status")
        || !statusParts.isEmpty()) {
      List<BounceReport.Recipient> all = new ArrayList<>();
      boolean anyRecipient = false;
      for (Attachment part : statusParts) {
        List<Map<String, String>> blocks = recipientBlocks(part.content());
        anyRecipient |= !blocks.isEmpty();
        all.addAll(failedRecipients(blocks));
      }
      // A report whose recipients were all delivered, relayed or expanded is not a failure.
      return anyRecipient && all.isEmpty() ? Kind.DELIVERY_REPORT : Kind.BOUNCE;
    }
    if (reportType.equals("disposition-notification")) {
      return Kind.DELIVERY_REPORT;
    }
    if (h.contains("X-Failed-Recipients") || isMailerDaemon(mail.from())) {
      return Kind.BOUNCE;
    }
    String autoSubmitted = token(h.firstLower("Auto-Submitted"));
    String precedence = token(h.firstLower("Precedence"));
    // RFC 3834 section 5.2: auto-replied marks answers, other values other automatic mail.
    if (autoSubmitted.equals("auto-replied")
        || h.contains("X-Autoreply")
        || h.contains("X-Autorespond")
        || precedence.equals("auto_reply")
        || (isAutoReplySubject(mail.subject()) && hasMachineTraits(h))) {
      return Kind.AUTO_REPLY;
    }
    // X-Auto-Response-Suppress is not among the signs: Outlook and Exchange set it on ordinary
    // mail written by people (it asks others not to auto-reply, it does not say we are one)
    if (!autoSubmitted.isEmpty() && !autoSubmitted.equals("no")) {
      return Kind.AUTO_GENERATED;
    }
    // RFC 5321 section 4.5.5: notifications are sent with a null reverse-path, "<>".
    if (h.first("Return-Path").map(v -> v.replaceAll("\\s", "").equals("<>")).orElse(false)) {
      return Kind.BOUNCE;
    }
    if (precedence.equals("bulk") || precedence.equals("junk") || precedence.equals("list")) {
      return Kind.BULK;
    }
    return Kind.HUMAN;
  }

  /**
   * The failed recipients of a bounce, read from its RFC 3464 delivery-status part, falling back to
   * the X-Failed-Recipients header (Exim) and to qmail's plain-text format. Empty when the message
   * reports no failed recipient.
   */
  public static Optional<BounceReport> bounceReport(ParsedMail mail) {
    List<BounceReport.Recipient> recipients = new ArrayList<>();
    for (Attachment part : deliveryStatusParts(mail)) {
      recipients.addAll(failedRecipients(recipientBlocks(part.content())));
    }
    if (recipients.isEmpty()) {
      BounceReport.Severity severity = severityFromText(mail.body());
      List<String> failed = new ArrayList<>();
      for (String v : mail.headers().all("X-Failed-Recipients")) {
        for (MailAddress a : MailParser.addresses(List.of(v))) {
          failed.add(a.address());
        }
      }
      if (failed.isEmpty() && isMailerDaemon(mail.from())) {
        Matcher m = QMAIL_RECIPIENT.matcher(mail.body());
        while (m.find()) {
          failed.add(m.group(1));
        }
      }
      Matcher status = STATUS.matcher(mail.body());
      String code = status.find() ? status.group() : null;
      for (String address : failed.stream().distinct().toList()) {
        recipients.add(
            new BounceReport.Recipient(
                MailParser.addresses(List.of(address)).stream()
                    .findFirst()
                    .map(MailAddress::address)
                    .orElse(address),
                null,
                severity,
                code,
                null,
                null));
      }
    }
    return recipients.isEmpty() ? Optional.empty() : Optional.of(new BounceReport(recipients));
  }

  private static List<Attachment> deliveryStatusParts(ParsedMail mail) {
    return mail.attachments().stream()
        .filter(
            a ->
                a.contentType().equals("message/delivery-status")
                    || a.contentType().equals("message/global-delivery-status"))
        .toList();
  }

  /**
   * RFC 3464 section 2.1: a delivery-status body is a block of per-message fields followed by
   * blocks of per-recipient fields, separated by blank lines, each in header syntax.
   */
  static List<Map<String, String>> recipientBlocks(byte[] content) {
    String text = Charsets.guess(content).replace("\r\n", "\n").replace('\r', '\n');
    List<Map<String, String>> blocks = new ArrayList<>();
    for (String block : text.split("\n[ \\t]*\n")) {
      Map<String, String> fields = new LinkedHashMap<>();
      // Unfold continuation lines before splitting fields (RFC 5322 section 2.2.3).
      for (String line : block.replaceAll("\n[ \\t]+", " ").split("\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          fields.putIfAbsent(
              line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
              line.substring(colon + 1).strip());
        }
      }
      if (fields.containsKey("final-recipient") || fields.containsKey("original-recipient")) {
        blocks.add(fields);
      }
    }
    return blocks;
  }

  private static List<BounceReport.Recipient> failedRecipients(List<Map<String, String>> blocks) {
    List<BounceReport.Recipient> result = new ArrayList<>();
    for (Map<String, String> f : blocks) {
      String action =
          f.containsKey("action") ? token(f.get("action").toLowerCase(Locale.ROOT)) : null;
      Matcher m = STATUS.matcher(f.getOrDefault("status", ""));
      String status = m.find() ? m.group() : null;
      char statusClass = status == null ? ' ' : status.charAt(0);
      // a delay (Action: delayed, RFC 3464 section 2.3.3) is not a failure: the mail may still
      // arrive, and the address must not be counted against
      boolean failed =
          "failed".equals(action) || (action == null && (statusClass == '4' || statusClass == '5'));
      if (!failed) {
        continue;
      }
      BounceReport.Severity severity =
          switch (statusClass) {
            case '5' -> BounceReport.Severity.HARD;
            case '4' -> BounceReport.Severity.SOFT;
            default ->
                "failed".equals(action)
                    ? BounceReport.Severity.HARD
                    : "delayed".equals(action)
                        ? BounceReport.Severity.SOFT
                        : BounceReport.Severity.UNKNOWN;
          };
      String finalRecipient = typedAddress(f.get("final-recipient"));
      String original = typedAddress(f.get("original-recipient"));
      String address = finalRecipient != null ? finalRecipient : original;
      if (address == null) {
        continue;
      }
      result.add(
          new BounceReport.Recipient(
              address, original, severity, status, action, f.get("diagnostic-code")));
    }
    return result;
  }

  /** RFC 3464 section 2.3.2: "address-type ; address", for example "rfc822; a@example.org". */
  private static String typedAddress(String value) {
    if (value == null) {
      return null;
    }
    int semi = value.indexOf(';');
    String address = MailParser.stripAngles(semi >= 0 ? value.substring(semi + 1) : value);
    if (address.isEmpty()) {
      return null;
    }
    int at = address.lastIndexOf('@');
    return at < 0
        ? address
        : address.substring(0, at) + address.substring(at).toLowerCase(Locale.ROOT);
  }

  private static BounceReport.Severity severityFromText(String text) {
    Matcher m = STATUS.matcher(text);
    while (m.find()) {
      switch (m.group(1)) {
        case "5" -> {
          return BounceReport.Severity.HARD;
        }
        case "4" -> {
          return BounceReport.Severity.SOFT;
        }
        default -> {}
      }
    }
    return BounceReport.Severity.UNKNOWN;
  }

  private static boolean isMailerDaemon(MailAddress from) {
    if (from == null) {
      return false;
    }
    String local = from.address().toLowerCase(Locale.ROOT);
    int at = local.indexOf('@');
    local = at >= 0 ? local.substring(0, at) : local;
    return local.equals("mailer-daemon") || local.equals("mailer_daemon");
  }

  /** Exchange asks not to answer its own automatic mail with this header (MS-OXCMAIL). */
  /**
   * Header evidence that a message was written by software, weak on its own but enough to believe
   * an out-of-office subject: a null Return-Path, any Precedence, the headers Exchange adds to what
   * its rules and agents generate, a loop-detection header, a vacation program as mailer. A subject
   * alone ("Absence", "Ausencia"...) may just as well open a person's message.
   */
  private static boolean hasMachineTraits(Headers h) {
    return h.first("Return-Path").map(v -> v.replaceAll("\\s", "").equals("<>")).orElse(false)
        || h.contains("Precedence")
        || h.contains("X-MS-Exchange-Generated-Message-Source")
        || h.contains("X-MS-Exchange-Inbox-Rules-Loop")
        || h.contains("X-Loop")
        || h.firstLower("X-Mailer").contains("vacation");
  }

  static boolean isAutoReplySubject(String subject) {
    String s = foldForMatching(subject);
    for (String prefix : AUTO_REPLY_PREFIXES) {
      if (s.startsWith(prefix)) {
        // Whole words only: "ausente" opens an auto-reply, "ausentes" may open a sentence.
        int end = prefix.length();
        if (end == s.length()
            || !Character.isLetterOrDigit(s.charAt(end))
            || prefix.endsWith(":")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Lower case without accents, bidi marks or surrounding space; Arabic letters are kept. */
  private static String foldForMatching(String s) {
    String n =
        Normalizer.normalize(ReplyTrimmer.normalise(s), Normalizer.Form.NFD)
            .replaceAll("\\p{Mn}", "");
    // Arabic harakat and madda are combining marks too; both sides are folded the same way.
    return n.toLowerCase(Locale.ROOT).replace('’', '\'');
  }

  /** The token of a field value before any parameters or comments. */
  private static String token(String value) {
    String v = value.replaceAll("\\([^)]*\\)", " ").strip();
    int end = 0;
    while (end < v.length() && v.charAt(end) != ';' && !Character.isWhitespace(v.charAt(end))) {
      end++;
    }
    return v.substring(0, end);
  }
}
