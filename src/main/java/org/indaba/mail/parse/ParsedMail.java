package org.indaba.mail.parse;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A message as read by {@link MailParser}. Strings that may be absent are null; lists are never
 * null.
 *
 * @param headers every top-level header field, in order
 * @param from the first From mailbox, or null
 * @param to To mailboxes (groups flattened)
 * @param cc Cc mailboxes
 * @param replyTo Reply-To mailboxes
 * @param deliveredTo one entry per Delivered-To field, topmost (last hop) first
 * @param subject decoded subject, "" when absent
 * @param messageId Message-ID without angle brackets, or null
 * @param inReplyTo first message id of In-Reply-To, without angle brackets, or null
 * @param references message ids of References, oldest first, without angle brackets
 * @param date the Date field with the sender's offset, or null when absent or unreadable
 * @param body the text body as plain text with '\n' line breaks, "" when there is none
 * @param fromHtml true when the body was converted from HTML because no plain text was sent
 * @param attachments every other part worth keeping, in message order
 * @param defects problems met while parsing
 */
public record ParsedMail(
    Headers headers,
    MailAddress from,
    List<MailAddress> to,
    List<MailAddress> cc,
    List<MailAddress> replyTo,
    List<MailAddress> deliveredTo,
    String subject,
    String messageId,
    String inReplyTo,
    List<String> references,
    OffsetDateTime date,
    String body,
    boolean fromHtml,
    List<Attachment> attachments,
    Set<Defect> defects) {

  public ParsedMail {
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    replyTo = List.copyOf(replyTo);
    deliveredTo = List.copyOf(deliveredTo);
    references = List.copyOf(references);
    attachments = List.copyOf(attachments);
    defects = Set.copyOf(defects);
    subject = subject == null ? "" : subject;
    body = body == null ? "" : body;
  }

  /**
   * The key of a message without a Message-ID ({@link DedupeKey#of} makes the key of one with):
   * {@code sha256:} and a digest of the envelope sender, From, date, subject and content, so that
   * two senders without Message-IDs never collide and one message delivered twice is one. The
   * content is normalised against what relays and transfer encodings change: line endings, trailing
   * spaces, Unicode composition and whitespace runs.
   */
  public String dedupeKey(String envelopeFrom) {
    String content = HexFormat.of().formatHex(contentDigest());
    StringBuilder canonical = new StringBuilder();
    canonical
        .append(envelopeFrom == null ? "" : envelopeFrom.strip().toLowerCase(Locale.ROOT))
        .append('\n');
    canonical.append(from == null ? "" : from.address().toLowerCase(Locale.ROOT)).append('\n');
    canonical.append(
        date != null
            ? Long.toString(date.toEpochSecond())
            : headers.first("Date").map(d -> d.strip().replaceAll("\\s+", " ")).orElse(""));
    canonical.append('\n').append(content);
    byte[] digest = Digests.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
    return "sha256:" + HexFormat.of().formatHex(digest);
  }

  /** A digest of subject, text and attachments, normalised as described above. */
  public byte[] contentDigest() {
    StringBuilder canonical = new StringBuilder();
    canonical.append(nfc(subject).strip().replaceAll("\\s+", " ")).append('\n');
    canonical.append(normaliseBody(body)).append('\n');
    for (Attachment a : attachments) {
      canonical.append(a.sha256()).append('\n');
    }
    return Digests.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The content digest in hex, 16 characters: enough to tell two texts of one sender apart. */
  public String shortContentDigest() {
    return HexFormat.of().formatHex(contentDigest()).substring(0, 16);
  }

  private static String normaliseBody(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (String line : nfc(text).replace("\r\n", "\n").replace('\r', '\n').split("\n")) {
      out.append(line.stripTrailing()).append('\n');
    }
    return out.toString().strip();
  }

  private static String nfc(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFC);
  }
}
