package org.indaba.search;

public enum SortOrder {
  /** Best match first (consolidated replies lifted), newer first among equals. */
  RELEVANCE,
  /** Newest first, whatever the match quality. */
  NEWEST
}
