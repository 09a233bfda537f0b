package org.indaba.web;

import java.util.Optional;

/**
 * The one place that decides whether a redirect target from a request ({@code next}, {@code
 * returnTo}) may be followed: only a path of this site. A target holding CR or LF is a header
 * injection attempt and is refused with 400; anything else that is not a local path falls back.
 */
public final class SafeRedirect {
  static final int MAX_LENGTH = 2000;

  private SafeRedirect() {}

  /**
   * The target when, after decoding and removing whitespace and control characters, it starts with
   * a single {@code /} followed by a character other than {@code /} or {@code \}; else the
   * fallback.
   */
  public static String localPath(Optional<String> target, String fallback) {
    if (target.isEmpty() || target.get().isEmpty()) {
      return fallback;
    }
    String t = target.get();
    if (t.indexOf('\r') >= 0 || t.indexOf('\n') >= 0 || t.indexOf('\0') >= 0) {
      throw org.indaba.model.Refusal.badRequest("error.badRequest");
    }
    return isLocalPath(t) ? t : fallback;
  }

  /** Whether a target names a page of this site and nothing else. */
  public static boolean isLocalPath(String t) {
    if (t == null || t.isEmpty() || t.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\\') {
        return false;
      }
    }
    String cleaned = strip(decode(t));
    if (cleaned == null || !cleaned.startsWith("/")) {
      return false;
    }
    if (cleaned.length() == 1) {
      return true;
    }
    char second = cleaned.charAt(1);
    return second != '/' && second != '\\';
  }

  /** Removes whitespace and control characters (a browser ignores tabs and newlines in a URL). */
  private static String strip(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .filter(
            c ->
                !Character.isWhitespace(c)
                    && !Character.isISOControl(c)
                    && Character.getType(c) != Character.FORMAT)
        .forEach(b::appendCodePoint);
    return b.toString();
  }

  /** Percent-decodes until nothing changes (at most a few rounds); null when malformed. */
  private static String decode(String s) {
    String cur = s;
    for (int round = 0; round < 3 && cur.indexOf('%') >= 0; round++) {
      String next = PathRules.percentDecode(cur);
      if (next == null) {
        return null;
      }
      if (next.equals(cur)) {
        break;
      }
      cur = next;
    }
    return cur;
  }
}
