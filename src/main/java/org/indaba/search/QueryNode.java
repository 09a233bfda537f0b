package org.indaba.search;

import java.util.List;

/** The parsed form of a search query; every value in it has already been validated. */
public sealed interface QueryNode {

  /** A single word, matched in every language. */
  record Word(String text) implements QueryNode {}

  /** Words that must appear together, in order. */
  record Phrase(String text) implements QueryNode {}

  /**
   * Words starting with {@code prefix} (which is at least {@link QueryLimits#MIN_PREFIX_LENGTH}
   * letters).
   */
  record Prefix(String prefix) implements QueryNode {}

  /**
   * A restriction on metadata; several values mean any of them. Dates are ISO {@code YYYY-MM-DD}.
   */
  record Filter(FilterField field, List<String> values) implements QueryNode {
    public Filter {
      values = List.copyOf(values);
    }
  }

  record Not(QueryNode node) implements QueryNode {}

  record And(List<QueryNode> nodes) implements QueryNode {
    public And {
      nodes = List.copyOf(nodes);
    }
  }

  record Or(List<QueryNode> nodes) implements QueryNode {
    public Or {
      nodes = List.copyOf(nodes);
    }
  }
}
