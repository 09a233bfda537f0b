package org.indaba.search;

/**
 * A validated query. Parse once at the edge (HTTP parameter), show the error key if it fails, and
 * hand the result to {@link SearchIndex#search}.
 *
 * @param text the input as the reader typed it, for echoing back in the search box
 * @param root the parsed form, or null when the input holds nothing to match (browse everything)
 */
public record SearchQuery(String text, QueryNode root) {

  public static SearchQuery parse(String text) throws SearchQueryException {
    return new SearchQuery(text == null ? "" : text, SearchQueryParser.parse(text));
  }

  /** Everything, e.g. the search page before anything was typed. */
  public static SearchQuery all() {
    return new SearchQuery("", null);
  }

  public boolean isEmpty() {
    return root == null;
  }
}
