package org.indaba.search;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.indaba.model.ContentKind;
import org.indaba.search.QueryLexer.Kind;
import org.indaba.search.QueryLexer.Token;

/**
 * Recursive descent over the lexer's tokens. Grammar (OR binds tighter than the implicit AND, as
 * readers expect from web search engines):
 *
 * <pre>
 *   all     := either*
 *   either  := unary ("OR" unary)*
 *   unary   := "-"? primary
 *   primary := "(" all ")" | phrase | filter | prefix | word
 * </pre>
 *
 * Stray operators and parentheses are skipped rather than reported: they carry no intent worth an
 * error. Limits are reported as {@link SearchQueryException}.
 */
final class SearchQueryParser {

  private final List<Token> tokens;
  private int pos;
  private int terms;
  private int prefixes;

  private SearchQueryParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  static QueryNode parse(String input) throws SearchQueryException {
    if (input == null || input.isBlank()) {
      return null;
    }
    if (input.length() > QueryLimits.MAX_LENGTH) {
      throw new SearchQueryException(
          SearchQueryException.TOO_LONG, Integer.toString(QueryLimits.MAX_LENGTH));
    }
    SearchQueryParser parser = new SearchQueryParser(QueryLexer.tokenize(input));
    return parser.all(0);
  }

  private QueryNode all(int depth) throws SearchQueryException {
    List<QueryNode> nodes = new ArrayList<>();
    while (pos < tokens.size()) {
      if (peek() == Kind.CLOSE) {
        if (depth > 0) {
          break;
        }
        pos++; // a closing parenthesis with no opening one
        continue;
      }
      QueryNode node = either(depth);
      if (node != null) {
        nodes.add(node);
      }
    }
    return nodes.isEmpty() ? null : nodes.size() == 1 ? nodes.get(0) : new QueryNode.And(nodes);
  }

  private QueryNode either(int depth) throws SearchQueryException {
    List<QueryNode> alternatives = new ArrayList<>();
    addIfPresent(alternatives, unary(depth));
    while (peek() == Kind.OR) {
      pos++;
      if (peek() == null || peek() == Kind.CLOSE || peek() == Kind.OR) {
        continue; // "a OR", "a OR OR b", "(a OR)"
      }
      addIfPresent(alternatives, unary(depth));
    }
    return alternatives.isEmpty()
        ? null
        : alternatives.size() == 1 ? alternatives.get(0) : new QueryNode.Or(alternatives);
  }

  private QueryNode unary(int depth) throws SearchQueryException {
    boolean negated = false;
    while (peek() == Kind.NOT) {
      pos++;
      negated = !negated;
    }
    QueryNode node = primary(depth);
    return node != null && negated ? new QueryNode.Not(node) : node;
  }

  private QueryNode primary(int depth) throws SearchQueryException {
    Token token = pos < tokens.size() ? tokens.get(pos) : null;
    if (token == null || token.kind() == Kind.CLOSE) {
      return null; // left for the caller: end of input or end of a group
    }
    pos++;
    return switch (token.kind()) {
      case OPEN -> group(depth);
      case WORD -> countTerms(1, new QueryNode.Word(token.text()));
      case PHRASE -> phrase(token.text());
      case PREFIX -> prefix(token.text());
      case FILTER -> countTerms(1, filter(token.field(), token.text()));
      case OR, NOT, CLOSE -> null; // a lone "OR" at the start of a group
    };
  }

  private QueryNode group(int depth) throws SearchQueryException {
    if (depth + 1 > QueryLimits.MAX_DEPTH) {
      throw new SearchQueryException(
          SearchQueryException.TOO_DEEP, Integer.toString(QueryLimits.MAX_DEPTH));
    }
    QueryNode inner = all(depth + 1);
    if (peek() == Kind.CLOSE) {
      pos++; // an unclosed group simply ends with the input
    }
    return inner;
  }

  private QueryNode phrase(String text) throws SearchQueryException {
    String stripped = text.strip();
    if (!QueryLexer.hasLetterOrDigit(stripped)) {
      return null;
    }
    int words =
        (int)
            java.util.Arrays.stream(stripped.split("\\s+"))
                .filter(QueryLexer::hasLetterOrDigit)
                .count();
    return countTerms(words, new QueryNode.Phrase(stripped));
  }

  private QueryNode prefix(String text) throws SearchQueryException {
    if (++prefixes > QueryLimits.MAX_PREFIXES) {
      throw new SearchQueryException(
          SearchQueryException.TOO_MANY_PREFIXES, Integer.toString(QueryLimits.MAX_PREFIXES));
    }
    return countTerms(1, new QueryNode.Prefix(text));
  }

  private QueryNode countTerms(int count, QueryNode node) throws SearchQueryException {
    terms += count;
    if (terms > QueryLimits.MAX_TERMS) {
      throw new SearchQueryException(
          SearchQueryException.TOO_MANY_TERMS, Integer.toString(QueryLimits.MAX_TERMS));
    }
    return node;
  }

  private Kind peek() {
    return pos < tokens.size() ? tokens.get(pos).kind() : null;
  }

  private static void addIfPresent(List<QueryNode> nodes, QueryNode node) {
    if (node != null) {
      nodes.add(node);
    }
  }

  private static QueryNode.Filter filter(FilterField field, String raw)
      throws SearchQueryException {
    String value = raw.strip();
    if (!QueryLexer.hasLetterOrDigit(value)) {
      throw new SearchQueryException(SearchQueryException.FILTER_VALUE_MISSING, field.keyword());
    }
    Set<String> values = new LinkedHashSet<>();
    if (field.acceptsList()) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          values.add(filterValue(field, part.strip()));
        }
      }
    } else {
      values.add(filterValue(field, value));
    }
    return new QueryNode.Filter(field, List.copyOf(values));
  }

  private static String filterValue(FilterField field, String value) throws SearchQueryException {
    String lower = value.toLowerCase(Locale.ROOT);
    return switch (field) {
      case WEEK -> week(value);
      case LANGUAGE -> {
        if (!Languages.isValid(lower)) {
          throw new SearchQueryException(SearchQueryException.INVALID_LANGUAGE, value);
        }
        yield lower;
      }
      case TYPE ->
          ContentKind.fromTyped(lower)
              .orElseThrow(() -> new SearchQueryException(SearchQueryException.INVALID_TYPE, value))
              .code();
      case BEFORE, AFTER -> date(value);
      case DISCUSSION, KIND, TOPIC -> lower;
      case AUTHOR, ORGANISATION, COUNTRY -> value;
    };
  }

  private static String week(String value) throws SearchQueryException {
    if (!value.matches("[0-9]{1,4}")) {
      throw new SearchQueryException(SearchQueryException.INVALID_WEEK, value);
    }
    return Integer.toString(Integer.parseInt(value));
  }

  private static String date(String value) throws SearchQueryException {
    try {
      return LocalDate.parse(value).toString();
    } catch (DateTimeParseException e) {
      throw new SearchQueryException(SearchQueryException.INVALID_DATE, value);
    }
  }
}
