package org.indaba.search;

import java.util.List;

/**
 * A query the reader should rephrase. Carries a message key (e.g. {@code search.error.tooLong}) and
 * its arguments so the page can say it in the reader's language; never English text.
 */
public final class SearchQueryException extends Exception {

  public static final String TOO_LONG = "search.error.tooLong";
  public static final String TOO_MANY_TERMS = "search.error.tooManyTerms";
  public static final String TOO_MANY_PREFIXES = "search.error.tooManyPrefixes";
  public static final String TOO_DEEP = "search.error.tooDeep";
  public static final String PREFIX_TOO_SHORT = "search.error.prefixTooShort";
  public static final String FILTER_VALUE_MISSING = "search.error.filterValueMissing";
  public static final String INVALID_WEEK = "search.error.invalidWeek";
  public static final String INVALID_DATE = "search.error.invalidDate";
  public static final String INVALID_LANGUAGE = "search.error.invalidLanguage";
  public static final String INVALID_TYPE = "search.error.invalidType";
  public static final String TOO_COMPLEX = "search.error.tooComplex";

  private static final int MAX_ARGUMENT_LENGTH = 40;

  private final String key;
  private final List<String> arguments;

  public SearchQueryException(String key, String... arguments) {
    super(key, null, false, false);
    this.key = key;
    this.arguments = java.util.Arrays.stream(arguments).map(SearchQueryException::shorten).toList();
  }

  /** The message key, to be looked up in the reader's language. */
  public String key() {
    return key;
  }

  /** Values for the message placeholders (an offending value is cut short so it can be echoed). */
  public List<String> arguments() {
    return arguments;
  }

  private static String shorten(String value) {
    if (value == null) {
      return "";
    }
    int end =
        value.offsetByCodePoints(
            0, Math.min(value.codePointCount(0, value.length()), MAX_ARGUMENT_LENGTH));
    return value.substring(0, end);
  }
}
