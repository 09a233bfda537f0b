package org.indaba.mail.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Lenient charset handling for mail. Labels in the wild are often wrong or unknown to Java;
 * decoding here never throws, it falls back to the most likely reading of the bytes.
 */
final class Charsets {

  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /**
   * Labels that are misspelt, unknown to Java, or better read as a superset. ISO-8859-1 is read as
   * windows-1252 because Outlook and others label 0x80-0x9F typographic quotes as Latin-1 (the
   * WHATWG Encoding Standard maps the label the same way); the C1 controls never appear in text.
   */
  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("iso-8859-1", "windows-1252"),
          Map.entry("iso8859-1", "windows-1252"),
          Map.entry("latin1", "windows-1252"),
          Map.entry("latin-1", "windows-1252"),
          Map.entry("l1", "windows-1252"),
          Map.entry("cp1252", "windows-1252"),
          Map.entry("win-1252", "windows-1252"),
          Map.entry("iso-8859-9", "windows-1254"),
          Map.entry("iso-8859-8-i", "ISO-8859-8"),
          Map.entry("iso-8859-6-i", "ISO-8859-6"),
          Map.entry("gb2312", "GB18030"),
          Map.entry("gbk", "GB18030"),
          Map.entry("x-gbk", "GB18030"),
          Map.entry("euc-kr", "x-windows-949"),
          Map.entry("ks_c_5601-1987", "x-windows-949"),
          Map.entry("shift_jis", "windows-31j"),
          Map.entry("shift-jis", "windows-31j"),
          Map.entry("sjis", "windows-31j"),
          Map.entry("cp932", "windows-31j"),
          Map.entry("tis-620", "x-windows-874"),
          Map.entry("iso-8859-11", "x-windows-874"),
          Map.entry("windows-874", "x-windows-874"),
          Map.entry("macintosh", "x-MacRoman"),
          Map.entry("x-mac-roman", "x-MacRoman"),
          Map.entry("utf8", "UTF-8"),
          Map.entry("unicode-1-1-utf-8", "UTF-8"));

  private Charsets() {}

  /** The charset a label names, or empty when the label is blank, unknown or unsupported. */
  static Optional<Charset> lookup(String label) {
    if (label == null) {
      return Optional.empty();
    }
    String name = label.strip();
    if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
      name = name.substring(1, name.length() - 1).strip();
    }
    // RFC 2231 section 5 allows a language suffix on charsets inside encoded words: UTF-8*fr
    int star = name.indexOf('*');
    if (star >= 0) {
      name = name.substring(0, star);
    }
    if (name.isEmpty()) {
      return Optional.empty();
    }
    String key = name.toLowerCase(Locale.ROOT);
    String mapped = ALIASES.getOrDefault(key, name);
    try {
      return Optional.of(Charset.forName(mapped));
    } catch (RuntimeException unsupported) {
      // IllegalCharsetNameException and UnsupportedCharsetException alike: the label is unusable.
      return Optional.empty();
    }
  }

  /** True when the charset is 7-bit ASCII, a label that 8-bit bodies routinely carry wrongly. */
  static boolean isAscii(Charset charset) {
    return charset.equals(StandardCharsets.US_ASCII);
  }

  /**
   * Decodes bytes with a declared charset. An unknown label, or US-ASCII on bytes that are not
   * ASCII, is handled by {@link #guess(byte[])}. Malformed sequences in a known charset become
   * U+FFFD rather than failing.
   */
  static String decode(byte[] bytes, String declaredLabel) {
    Optional<Charset> declared = lookup(declaredLabel);
    if (declared.isPresent() && !(isAscii(declared.get()) && !isPureAscii(bytes))) {
      return new String(bytes, declared.get());
    }
    return guess(bytes);
  }

  /** UTF-8 if the bytes are valid UTF-8, otherwise windows-1252, which maps every byte. */
  static String guess(byte[] bytes) {
    return strictUtf8(bytes).orElseGet(() -> new String(bytes, WINDOWS_1252));
  }

  static Optional<String> strictUtf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException notUtf8) {
      return Optional.empty();
    }
  }

  static boolean isPureAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }
}
