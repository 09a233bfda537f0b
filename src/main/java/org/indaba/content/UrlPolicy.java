package org.indaba.content;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which URLs may appear in rendered contributions.
 *
 * <p>Values arrive here already entity-decoded (jsoup decodes attributes while parsing), so {@code
 * &#106;avascript:} is seen as {@code javascript:}. Browsers also ignore ASCII tabs and line breaks
 * anywhere in a URL and strip leading control characters, which is why every character up to U+0020
 * (and DEL) is removed before the scheme is read: {@code java\tscript:} must not slip through as a
 * harmless-looking relative path.
 */
final class UrlPolicy {

  private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "mailto");
  private static final Set<String> IMAGE_SCHEMES = Set.of("http", "https");

  /** Everything before the first ':' that precedes any '/', '?' or '#' is a scheme candidate. */
  private static final Pattern SCHEME = Pattern.compile("^([^/?#]*?):");

  private UrlPolicy() {}

  /**
   * Returns the URL a link may point to: absolute http, https and mailto URLs, plus root-relative
   * paths ({@code /threads/12}) because those stay inside Indaba, which is where citations point.
   */
  static Optional<String> linkTarget(String raw) {
    return check(raw, LINK_SCHEMES, true);
  }

  /** Images are only ever shown as links to the remote file, and only for http and https. */
  static Optional<String> imageSource(String raw) {
    return check(raw, IMAGE_SCHEMES, false);
  }

  private static Optional<String> check(
      String raw, Set<String> schemes, boolean allowRootRelative) {
    if (raw == null) {
      return Optional.empty();
    }
    // Judge both the value as a browser will repair it and the value with every space removed,
    // so that no spelling of a forbidden scheme passes in either reading.
    String normalised = normalise(raw);
    String squeezed = normalised.replace("%20", "");
    if (allowed(normalised, schemes, allowRootRelative)
        && allowed(squeezed, schemes, allowRootRelative)) {
      return Optional.of(normalised);
    }
    return Optional.empty();
  }

  private static boolean allowed(String url, Set<String> schemes, boolean allowRootRelative) {
    if (url.isEmpty()) {
      return false;
    }
    Matcher m = SCHEME.matcher(url);
    if (m.find()) {
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      if (!schemes.contains(scheme) || url.length() == m.end()) {
        return false;
      }
      // "http:evil.org" is resolved against the current page by browsers: insist on "//host".
      return scheme.equals("mailto") || url.startsWith("//", m.end());
    }
    // No scheme: only a path on this site. Protocol-relative ("//host") and backslash forms
    // ("/\host", which browsers read as "//host") would leave the site without saying so.
    return allowRootRelative
        && url.startsWith("/")
        && !url.startsWith("//")
        && !url.startsWith("/\\");
  }

  /**
   * Drops control and invisible formatting characters (browsers ignore tabs and line breaks inside
   * URLs, and zero-width marks only serve to disguise a scheme), trims, and percent-encodes the
   * spaces that remain so the link still points where its author meant.
   */
  private static String normalise(String raw) {
    StringBuilder sb = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        continue;
      }
      sb.append(Character.isWhitespace(c) || Character.isSpaceChar(c) ? ' ' : c);
    }
    return sb.toString().strip().replace(" ", "%20");
  }
}
