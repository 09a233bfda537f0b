package org.indaba.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What a request target must look like before it is routed. A path that could be read two ways (dot
 * segments, empty segments, backslashes, in any encoding) is refused, so that the path the router
 * matches is the path every check sees; malformed percent-encoding and NUL bytes anywhere in the
 * target are refused too.
 */
public final class PathRules {
  private PathRules() {}

  /** Why the request target is refused, or null when it may be routed. */
  public static String refusal(String uri) {
    if (uri == null || uri.isEmpty()) {
      return "empty";
    }
    int q = uri.indexOf('?');
    String rawPath = q < 0 ? uri : uri.substring(0, q);
    String rawQuery = q < 0 ? "" : uri.substring(q + 1);
    int hash = rawQuery.indexOf('#');
    if (hash >= 0) {
      rawQuery = rawQuery.substring(0, hash);
    }
    if (!rawPath.startsWith("/")) {
      return "not a path";
    }
    String path = percentDecode(rawPath);
    if (path == null) {
      return "malformed percent-encoding in the path";
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\' || Character.isISOControl(c)) {
        return "backslash or control character in the path";
      }
    }
    if (path.contains("//")) {
      return "empty path segment";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return "dot segment";
      }
    }
    if (!rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&", -1)) {
        String decoded = percentDecode(pair.replace('+', ' '));
        if (decoded == null) {
          return "malformed percent-encoding in the query";
        }
        if (decoded.indexOf('\0') >= 0) {
          return "NUL in the query";
        }
      }
    }
    return null;
  }

  /**
   * Percent-decodes as UTF-8; null when a {@code %} is not followed by two hex digits or the bytes
   * are not UTF-8.
   */
  public static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.writeBytes(b);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
