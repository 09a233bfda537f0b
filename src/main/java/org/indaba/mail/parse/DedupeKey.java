package org.indaba.mail.parse;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HexFormat;

/**
 * The key under which an incoming message is stored, equal for two deliveries of one message and
 * different for two messages. With a Message-ID: {@code mid:}, the Message-ID and a digest of the
 * subject and the raw body bytes (a sender that reuses an id for another text is not taken for a
 * duplicate); only the header block is parsed, so the SMTP thread answers DATA without a MIME
 * parse. Without a Message-ID: {@link ParsedMail#dedupeKey}, a digest of the envelope sender, From,
 * date and decoded content (two senders without Message-IDs never collide), which needs the full
 * parse. Line endings and trailing blanks do not count: relays change them.
 */
public final class DedupeKey {
  private DedupeKey() {}

  /** The key and the Message-ID it was made from (null when the message has none). */
  public record Key(String value, String messageId) {}

  public static Key of(byte[] raw, String envelopeFrom) {
    MailParser.HeaderBlock block = MailParser.headerBlock(raw);
    String messageId = MailParser.messageId(block.headers());
    if (messageId == null || messageId.isBlank()) {
      ParsedMail mail = MailParser.parse(raw);
      return new Key(mail.dedupeKey(envelopeFrom), mail.messageId());
    }
    String mid = messageId.length() > 998 ? messageId.substring(0, 998) : messageId;
    String subject =
        Normalizer.normalize(
                block.headers().first("Subject").map(EncodedWords::decode).orElse(""),
                Normalizer.Form.NFC)
            .strip()
            .replaceAll("\\s+", " ");
    StringBuilder canonical = new StringBuilder();
    canonical.append(subject).append('\n');
    canonical.append(rawBody(block.body()));
    byte[] digest = Digests.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
    return new Key(
        "mid:" + mid + ":" + HexFormat.of().formatHex(digest).substring(0, 32), messageId);
  }

  /** The body bytes as Latin-1 text, one LF per line end, trailing blanks and blank lines gone. */
  private static String rawBody(byte[] body) {
    String text = new String(body, StandardCharsets.ISO_8859_1);
    StringBuilder out = new StringBuilder(text.length());
    for (String line : text.replace("\r\n", "\n").replace('\r', '\n').split("\n")) {
      out.append(line.stripTrailing()).append('\n');
    }
    return out.toString().strip();
  }
}
