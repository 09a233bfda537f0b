package org.indaba.model;

/**
 * Text that must fit a column: cut at a character boundary (never inside a surrogate pair) with an
 * ellipsis, so that a display name or a {@code From} longer than the column allows is kept short
 * rather than failing the write.
 */
public final class Shortened {
  /** Display names and author names are stored in 200 characters. */
  public static final int NAME = 200;

  private Shortened() {}

  /** {@code text} if it fits in {@code max} characters, else its start and "…" in {@code max}. */
  public static String to(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end).stripTrailing() + "\u2026";
  }
}
