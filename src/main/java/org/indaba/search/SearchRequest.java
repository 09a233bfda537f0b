package org.indaba.search;

/**
 * What to search and which page to return. Out-of-range paging is clamped rather than rejected,
 * since it usually comes from an edited URL. Pages start at 1.
 */
public record SearchRequest(SearchQuery query, SortOrder sort, int page, int pageSize) {

  public static final int DEFAULT_PAGE_SIZE = 20;
  public static final int MAX_PAGE_SIZE = 100;

  /** Deep pages cost a full sort of everything before them; nobody reads past this many hits. */
  public static final int MAX_WINDOW = 1_000;

  public SearchRequest {
    query = query == null ? SearchQuery.all() : query;
    sort = sort == null ? SortOrder.RELEVANCE : sort;
    pageSize = Math.clamp(pageSize, 1, MAX_PAGE_SIZE);
    page = Math.clamp(page, 1, MAX_WINDOW / pageSize);
  }

  public static SearchRequest of(String text) throws SearchQueryException {
    return new SearchRequest(SearchQuery.parse(text), SortOrder.RELEVANCE, 1, DEFAULT_PAGE_SIZE);
  }

  public SearchRequest withSort(SortOrder newSort) {
    return new SearchRequest(query, newSort, page, pageSize);
  }

  public SearchRequest withPage(int newPage, int newPageSize) {
    return new SearchRequest(query, sort, newPage, newPageSize);
  }

  int offset() {
    return (page - 1) * pageSize;
  }
}
