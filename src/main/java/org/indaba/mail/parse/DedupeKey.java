package org.indaba.mail.parse;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
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
    byte[] head = (subject + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] body = canonicalBody(block.body());
    byte[] canonical = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, canonical, head.length, body.length);
    byte[] digest = Digests.sha256(canonical);
    return new Key(
        "mid:" + mid + ":" + HexFormat.of().formatHex(digest).substring(0, 32), messageId);
  }

  /**
   * The body bytes read as Latin-1, one LF per line end, trailing blanks of each line, blank lines
   * at either end and blanks before the first text gone, as UTF-8. Keys stored by earlier versions
   * were made from this same text, so it is defined by {@link String#strip}'s notion of a blank; it
   * is computed over the bytes in one pass, as this runs on the thread that answers DATA.
   */
  static byte[] canonicalBody(byte[] body) {
    // Latin-1 bytes from 0x80 on take two bytes in UTF-8
    byte[] out = new byte[body.length * 2];
    int n = 0;
    int pendingNewlines = 0;
    boolean started = false;
    int i = 0;
    while (i < body.length) {
      int lineEnd = i;
      while (lineEnd < body.length && body[lineEnd] != '\n' && body[lineEnd] != '\r') {
        lineEnd++;
      }
      int from = i;
      int to = lineEnd;
      while (to > from && blank(body[to - 1])) {
        to--;
      }
      if (!started) {
        while (from < to && blank(body[from])) {
          from++;
        }
      }
      if (from < to) {
        for (; pendingNewlines > 0; pendingNewlines--) {
          out[n++] = '\n';
        }
        for (int k = from; k < to; k++) {
          int b = body[k] & 0xFF;
          if (b < 0x80) {
            out[n++] = (byte) b;
          } else {
            out[n++] = (byte) (0xC0 | (b >> 6));
            out[n++] = (byte) (0x80 | (b & 0x3F));
          }
        }
        started = true;
      }
      if (lineEnd == body.length) {
        break;
      }
      if (started) {
        pendingNewlines++;
      }
      i =
          body[lineEnd] == '\r' && lineEnd + 1 < body.length && body[lineEnd + 1] == '\n'
              ? lineEnd + 2
              : lineEnd + 1;
    }
    return Arrays.copyOf(out, n);
  }

  /** {@link Character#isWhitespace} for a Latin-1 character other than a line end. */
  private static boolean blank(byte b) {
    return b == ' ' || b == '\t' || b == 0x0B || b == '\f' || (b >= 0x1C && b <= 0x1F);
  }
}
