package org.indaba.mail.parse;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded words in header text.
 *
 * <p>Adjacent encoded words in the same charset are decoded together: mailers such as Outlook split
 * long subjects at byte boundaries, so one multi-byte character can straddle two words, which a
 * word-by-word decoder would turn into replacement characters. Whitespace between adjacent encoded
 * words is dropped (RFC 2047 section 6.2). Malformed words are left as they are.
 */
final class EncodedWords {

  // Lenient on purpose: real mail puts encoded words inside quotes and next to other text.
  private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");

  private EncodedWords() {}

  static String decode(String text) {
    if (text == null || !text.contains("=?")) {
      return text;
    }
    Matcher m = WORD.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    String pendingCharset = null;
    int last = 0;
    while (m.find()) {
      String between = text.substring(last, m.start());
      boolean adjacent = pendingCharset != null && between.isBlank();
      String charset = m.group(1);
      byte[] bytes = m.group(2).equalsIgnoreCase("b") ? decodeB(m.group(3)) : decodeQ(m.group(3));
      if (bytes == null) {
        // Not decodable: flush and keep the word literally.
        pendingCharset = flush(out, pending, pendingCharset);
        out.append(between).append(m.group());
      } else if (adjacent && sameCharset(pendingCharset, charset)) {
        pending.writeBytes(bytes);
      } else {
        pendingCharset = flush(out, pending, pendingCharset);
        if (!adjacent) {
          out.append(between);
        }
        pending.writeBytes(bytes);
        pendingCharset = charset;
      }
      last = m.end();
    }
    flush(out, pending, pendingCharset);
    out.append(text, last, text.length());
    return out.toString();
  }

  private static boolean sameCharset(String a, String b) {
    return a.equalsIgnoreCase(b);
  }

  private static String flush(StringBuilder out, ByteArrayOutputStream pending, String charset) {
    if (charset != null) {
      out.append(Charsets.decode(pending.toByteArray(), charset));
      pending.reset();
    }
    return null;
  }

  /** Base64 without being strict about padding or stray characters. */
  static byte[] decodeB(String encoded) {
    StringBuilder clean = new StringBuilder(encoded.length() + 3);
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '+'
          || c == '/') {
        clean.append(c);
      }
    }
    // A single leftover character carries fewer than 8 bits: drop it.
    if (clean.length() % 4 == 1) {
      clean.setLength(clean.length() - 1);
    }
    try {
      return Base64.getDecoder().decode(padded(clean));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String padded(StringBuilder s) {
    while (s.length() % 4 != 0) {
      s.append('=');
    }
    return s.toString();
  }

  /** The "Q" encoding of RFC 2047 section 4.2: like quoted-printable, with '_' for space. */
  static byte[] decodeQ(String encoded) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '_') {
        out.write(' ');
      } else if (c == '='
          && i + 2 < encoded.length()
          && hex(encoded.charAt(i + 1)) >= 0
          && hex(encoded.charAt(i + 2)) >= 0) {
        out.write(hex(encoded.charAt(i + 1)) * 16 + hex(encoded.charAt(i + 2)));
        i += 2;
      } else {
        out.write(c > 0xFF ? '?' : c);
      }
    }
    return out.toByteArray();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
