package org.indaba.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.indaba.db.RateLimiter;
import org.indaba.model.Refusal;

/**
 * The reader's search: parse, rate-limit, search the index, then drop the hits the database says
 * are no longer visible (the index may lag a rejection by a moment).
 */
public final class SearchService {
  /** Searches per address per minute: generous for a person, a brake for a crawler. */
  public static final int DEFAULT_PER_MINUTE = 120;

  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final SearchIndex index;
  private final SearchSources sources;
  private final RateLimiter rateLimiter;
  private final int perMinute;

  public SearchService(
      SearchIndex index, SearchSources sources, RateLimiter rateLimiter, int perMinute) {
    this.index = index;
    this.sources = sources;
    this.rateLimiter = rateLimiter;
    this.perMinute = perMinute;
  }

  /**
   * @throws SearchQueryException when the reader should rephrase (shown with its key)
   * @throws Refusal 429 when this address searches too often
   */
  public SearchResults search(String ip, String text, SortOrder sort, int page, int pageSize)
      throws SearchQueryException {
    if (!rateLimiter.tryAcquire("search:" + ip, perMinute, WINDOW)) {
      throw Refusal.tooManyRequests();
    }
    SearchQuery query = SearchQuery.parse(text);
    SearchRequest request = new SearchRequest(query, sort, page, pageSize);
    SearchResults found;
    try {
      found = index.search(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var visible = sources.stillVisible(found.hits());
    long dropped = found.hits().size() - visible.size();
    return new SearchResults(
        Math.max(0, found.total() - dropped),
        visible,
        found.facets(),
        found.page(),
        found.pageSize(),
        found.partial());
  }
}
