package org.indaba.search;

import java.util.List;

/**
 * @param total hits of the whole query: exact, or an estimate when {@code totalEstimated}
 * @param partial true when the time budget ran out and the counts cover only part of the index
 * @param totalEstimated true when the query has so many hits that the total (and the facet counts)
 *     were extrapolated from a sample rather than counted
 */
public record SearchResults(
    long total,
    List<SearchHit> hits,
    SearchFacets facets,
    int page,
    int pageSize,
    boolean partial,
    boolean totalEstimated) {

  public SearchResults {
    hits = List.copyOf(hits);
  }

  /**
   * The total as shown to readers: exact, or when estimated rounded to two significant digits
   * ("about 43,000"), since more digits would claim a precision the estimate does not have.
   */
  public long shownTotal() {
    if (!totalEstimated || total < 100) {
      return total;
    }
    long unit = (long) Math.pow(10, (long) Math.floor(Math.log10(total)) - 1);
    return Math.round((double) total / unit) * unit;
  }

  public int pageCount() {
    return (int) Math.min((total + pageSize - 1) / pageSize, SearchRequest.MAX_WINDOW / pageSize);
  }
}
