package org.indaba.mail.parse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed structured MIME header such as Content-Type or Content-Disposition: the leading value
 * (lower-cased) and its parameters (names lower-cased, values decoded).
 *
 * <p>Parameter values follow RFC 2045 (token or quoted-string) with RFC 2231 extensions:
 * continuations ({@code name*0}, {@code name*1}) and charset-tagged percent encoding ({@code
 * name*=UTF-8''%C3%A9}). RFC 2047 encoded words inside a quoted value are not allowed by the RFC
 * but are what Outlook and Gmail send for non-ASCII filenames, so they are decoded too.
 */
record MimeParams(String value, Map<String, String> params) {

  static final MimeParams EMPTY = new MimeParams("", Map.of());

  MimeParams {
    params = Map.copyOf(params);
  }

  String param(String name) {
    return params.get(name.toLowerCase(Locale.ROOT));
  }

  static MimeParams parse(String header) {
    if (header == null || header.isBlank()) {
      return EMPTY;
    }
    int semi = indexOfUnquoted(header, 0);
    String value = header.substring(0, semi).strip().toLowerCase(Locale.ROOT);
    // Raw segments in order of appearance, keyed by lower-cased name including any '*' suffix.
    Map<String, String> raw = new LinkedHashMap<>();
    int pos = semi;
    while (pos < header.length()) {
      int next = indexOfUnquoted(header, pos + 1);
      String segment = header.substring(pos + 1, next);
      int eq = segment.indexOf('=');
      if (eq > 0) {
        String name = segment.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String val = unquote(segment.substring(eq + 1).strip());
        if (!name.isEmpty()) {
          raw.putIfAbsent(name, val);
        }
      }
      pos = next;
    }
    return new MimeParams(value, combine(raw));
  }

  /** Joins RFC 2231 continuations and decodes extended values. */
  private static Map<String, String> combine(Map<String, String> raw) {
    Map<String, TreeMap<Integer, String[]>> continued = new LinkedHashMap<>();
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      String name = e.getKey();
      boolean extended = name.endsWith("*");
      String base = extended ? name.substring(0, name.length() - 1) : name;
      int star = base.indexOf('*');
      if (star > 0) {
        String section = base.substring(star + 1);
        base = base.substring(0, star);
        if (!section.chars().allMatch(Character::isDigit)
            || section.isEmpty()
            || section.length() > 4) {
          continue;
        }
        continued
            .computeIfAbsent(base, k -> new TreeMap<>())
            .put(Integer.parseInt(section), new String[] {e.getValue(), extended ? "*" : ""});
      } else if (extended) {
        result.put(base, decodeExtended(e.getValue()));
      } else {
        result.putIfAbsent(base, EncodedWords.decode(e.getValue()));
      }
    }
    for (Map.Entry<String, TreeMap<Integer, String[]>> e : continued.entrySet()) {
      // Percent-encoded bytes of consecutive extended sections are joined before decoding, since
      // a multi-byte character may be split between sections; plain sections are already text.
      StringBuilder joined = new StringBuilder();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      String charset = null;
      boolean first = true;
      boolean anyExtended = false;
      for (String[] part : e.getValue().values()) {
        if (part[1].equals("*")) {
          String declared = decodeExtendedBytes(part[0], first, bytes);
          if (first) {
            charset = declared;
          }
          anyExtended = true;
        } else {
          flushBytes(joined, bytes, charset);
          joined.append(part[0]);
        }
        first = false;
      }
      flushBytes(joined, bytes, charset);
      // An extended value (name*0*=) takes precedence over a plain one, as RFC 2231 intends.
      result.put(
          e.getKey(), anyExtended ? joined.toString() : EncodedWords.decode(joined.toString()));
    }
    return result;
  }

  private static void flushBytes(StringBuilder out, ByteArrayOutputStream bytes, String charset) {
    if (bytes.size() > 0) {
      out.append(
          charset == null
              ? Charsets.guess(bytes.toByteArray())
              : Charsets.decode(bytes.toByteArray(), charset));
      bytes.reset();
    }
  }

  /** A single-section extended value: {@code charset'language'percent-encoded}. */
  private static String decodeExtended(String value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String charset = decodeExtendedBytes(value, true, bytes);
    return charset == null
        ? Charsets.guess(bytes.toByteArray())
        : Charsets.decode(bytes.toByteArray(), charset);
  }

  /**
   * Writes the percent-decoded bytes of an extended value to {@code out}; when {@code withCharset},
   * the value starts with the RFC 2231 {@code charset'language'} prefix, whose charset is returned.
   */
  private static String decodeExtendedBytes(
      String value, boolean withCharset, ByteArrayOutputStream out) {
    String charset = null;
    String data = value;
    if (withCharset) {
      int q1 = value.indexOf('\'');
      int q2 = q1 < 0 ? -1 : value.indexOf('\'', q1 + 1);
      if (q2 > 0) {
        charset = value.substring(0, q1);
        data = value.substring(q2 + 1);
      }
    }
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      int hi = i + 2 < data.length() ? Character.digit(data.charAt(i + 1), 16) : -1;
      int lo = i + 2 < data.length() ? Character.digit(data.charAt(i + 2), 16) : -1;
      if (c == '%' && hi >= 0 && lo >= 0) {
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return charset == null || charset.isBlank() ? null : charset;
  }

  private static int indexOfUnquoted(String s, int from) {
    boolean quoted = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ';' && !quoted) {
        return i;
      }
    }
    return s.length();
  }

  private static String unquote(String v) {
    if (v.length() >= 1 && v.startsWith("\"")) {
      StringBuilder out = new StringBuilder(v.length());
      for (int i = 1; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c == '\\' && i + 1 < v.length()) {
          out.append(v.charAt(++i));
        } else if (c == '"') {
          break;
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }
    // A token ends at whitespace; anything after it would be a comment or garbage.
    int ws = 0;
    while (ws < v.length() && !Character.isWhitespace(v.charAt(ws))) {
      ws++;
    }
    return v.substring(0, ws);
  }
}
