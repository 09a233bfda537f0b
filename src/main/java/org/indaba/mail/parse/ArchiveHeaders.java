package org.indaba.mail.parse;

import java.util.Optional;

/**
 * The header fields a discussion's mbox export adds to each message so that {@code import-mbox} can
 * read the discussion back as it was: what the message is, its week, its language and who wrote it
 * beyond a name and an address. Values that are not ASCII are RFC 2047 encoded words.
 */
public final class ArchiveHeaders {
  private ArchiveHeaders() {}

  /** {@code launch}, {@code theme}, {@code contribution} or {@code consolidated-reply}. */
  public static final String KIND = "X-Indaba-Kind";

  /** The week number a contribution or theme belongs to. */
  public static final String WEEK = "X-Indaba-Week";

  /** Present on a contribution that was not published when exported ({@code pending}). */
  public static final String STATUS = "X-Indaba-Status";

  public static final String ORGANISATION = "X-Indaba-Author-Organisation";
  public static final String CITY = "X-Indaba-Author-City";
  public static final String COUNTRY = "X-Indaba-Author-Country";

  /** RFC 3282: the language of the text, an ISO 639 code ({@code und} when undetermined). */
  public static final String LANGUAGE = "Content-Language";

  public static final String LAUNCH = "launch";
  public static final String THEME = "theme";
  public static final String CONTRIBUTION = "contribution";
  public static final String CONSOLIDATED_REPLY = "consolidated-reply";

  /** A field's decoded value, stripped; empty when absent or blank. */
  public static Optional<String> value(ParsedMail mail, String name) {
    return mail.headers().fields().stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .findFirst()
        .map(Headers.Header::decodedValue)
        .map(String::strip)
        .filter(v -> !v.isEmpty());
  }

  /** The kind of a message an export wrote, or empty for any other mail. */
  public static Optional<String> kind(ParsedMail mail) {
    return value(mail, KIND);
  }

  /** The week an export wrote, or empty. */
  public static Optional<Integer> week(ParsedMail mail) {
    return value(mail, WEEK)
        .flatMap(
            v -> {
              try {
                return Optional.of(Integer.parseInt(v));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }
}
