package org.indaba.search;

/** Bounds that keep any query cheap, whatever a reader (or a robot) types. */
public final class QueryLimits {

  /** Characters of raw input; longer is not a search, it is a paste accident or an attack. */
  public static final int MAX_LENGTH = 1_000;

  /** Words, phrase words, prefixes and filters together. */
  public static final int MAX_TERMS = 32;

  /** Each prefix expands to many terms, so few are allowed. */
  public static final int MAX_PREFIXES = 4;

  /** Terms one prefix may expand to (the most frequent win). */
  public static final int MAX_PREFIX_EXPANSIONS = 64;

  /** Shorter prefixes match too much of the vocabulary to be useful. */
  public static final int MIN_PREFIX_LENGTH = 3;

  /** Nested parentheses. */
  public static final int MAX_DEPTH = 8;

  private QueryLimits() {}
}
