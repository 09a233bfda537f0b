package org.indaba.search;

import java.util.List;

/**
 * @param total hits of the whole query
 * @param partial true when the time budget ran out and the counts cover only part of the index
 */
public record SearchResults(
    long total,
    List<SearchHit> hits,
    SearchFacets facets,
    int page,
    int pageSize,
    boolean partial) {

  public SearchResults {
    hits = List.copyOf(hits);
  }

  public int pageCount() {
    return (int) Math.min((total + pageSize - 1) / pageSize, SearchRequest.MAX_WINDOW / pageSize);
  }
}
