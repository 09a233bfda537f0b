package org.indaba.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts raw input into tokens. It never fails on shape: unbalanced quotes run to the end, stray
 * punctuation is left to the analyzers, and characters that cannot be text become spaces.
 */
final class QueryLexer {

  enum Kind {
    WORD,
    PREFIX,
    PHRASE,
    FILTER,
    OR,
    NOT,
    OPEN,
    CLOSE
  }

  record Token(Kind kind, String text, FilterField field) {
    static Token of(Kind kind, String text) {
      return new Token(kind, text, null);
    }
  }

  private final int[] chars;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;

  private QueryLexer(String input) {
    this.chars = clean(input);
  }

  static List<Token> tokenize(String input) throws SearchQueryException {
    QueryLexer lexer = new QueryLexer(input);
    lexer.run();
    return lexer.tokens;
  }

  private void run() throws SearchQueryException {
    while (pos < chars.length) {
      int c = chars[pos];
      if (isSpace(c)) {
        pos++;
      } else if (c == '(') {
        pos++;
        tokens.add(Token.of(Kind.OPEN, "("));
      } else if (c == ')') {
        pos++;
        tokens.add(Token.of(Kind.CLOSE, ")"));
      } else if (c == '"') {
        tokens.add(Token.of(Kind.PHRASE, readQuoted()));
      } else if (c == '-') {
        readNegation();
      } else {
        readChunk();
      }
    }
  }

  /** One or more dashes negate what follows them directly; a dash on its own means nothing. */
  private void readNegation() {
    while (pos < chars.length && chars[pos] == '-') {
      pos++;
    }
    if (pos < chars.length && !isSpace(chars[pos]) && chars[pos] != ')') {
      tokens.add(Token.of(Kind.NOT, "-"));
    }
  }

  private String readQuoted() {
    pos++; // opening quote
    int start = pos;
    while (pos < chars.length && chars[pos] != '"') {
      pos++;
    }
    String text = new String(chars, start, pos - start);
    if (pos < chars.length) {
      pos++; // closing quote; a missing one simply ends the phrase at the end of input
    }
    return text;
  }

  private void readChunk() throws SearchQueryException {
    int start = pos;
    while (pos < chars.length
        && !isSpace(chars[pos])
        && chars[pos] != '('
        && chars[pos] != ')'
        && chars[pos] != '"') {
      pos++;
    }
    String chunk = new String(chars, start, pos - start);
    if (chunk.equals("OR")) {
      tokens.add(Token.of(Kind.OR, chunk));
      return;
    }
    int colon = chunk.indexOf(':');
    Optional<FilterField> field =
        colon > 0 ? FilterField.fromKeyword(chunk.substring(0, colon)) : Optional.empty();
    if (field.isPresent()) {
      String value = chunk.substring(colon + 1);
      if (value.isEmpty() && pos < chars.length && chars[pos] == '"') {
        value = readQuoted();
      }
      tokens.add(new Token(Kind.FILTER, value, field.get()));
      return;
    }
    // An unknown "name:value" is two words: colons are not part of words in any language we index.
    for (String piece : chunk.split(":")) {
      addWord(piece);
    }
  }

  private void addWord(String piece) throws SearchQueryException {
    if (piece.endsWith("*")) {
      String stem = stripTrailingStars(piece);
      if (isWordLike(stem)) {
        if (stem.codePointCount(0, stem.length()) < QueryLimits.MIN_PREFIX_LENGTH) {
          throw new SearchQueryException(SearchQueryException.PREFIX_TOO_SHORT, stem);
        }
        tokens.add(Token.of(Kind.PREFIX, stem));
        return;
      }
      piece = stem;
    }
    if (hasLetterOrDigit(piece)) {
      tokens.add(Token.of(Kind.WORD, piece));
    }
  }

  private static String stripTrailingStars(String piece) {
    int end = piece.length();
    while (end > 0 && piece.charAt(end - 1) == '*') {
      end--;
    }
    return piece.substring(0, end);
  }

  /** Letters, digits and combining marks only: the shape of a prefix worth expanding. */
  private static boolean isWordLike(String text) {
    return hasLetterOrDigit(text)
        && text.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || isMark(c));
  }

  static boolean hasLetterOrDigit(String text) {
    return text.codePoints().anyMatch(Character::isLetterOrDigit);
  }

  private static boolean isMark(int c) {
    int type = Character.getType(c);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  private static boolean isSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /**
   * NFC so that composed and decomposed accents agree; controls and lone surrogates become spaces.
   */
  private static int[] clean(String input) {
    String normalised = Normalizer.normalize(input, Normalizer.Form.NFC);
    return normalised
        .codePoints()
        .map(
            c -> {
              int type = Character.getType(c);
              return type == Character.CONTROL
                      || type == Character.SURROGATE
                      || type == Character.UNASSIGNED
                  ? ' '
                  : c;
            })
        .toArray();
  }
}
