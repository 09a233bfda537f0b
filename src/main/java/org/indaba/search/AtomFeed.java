package org.indaba.search;

import java.time.Instant;
import org.indaba.web.AtomWriter;
import org.indaba.web.Req;

/** The newest results of a search as an Atom feed, for feed readers. */
final class AtomFeed {
  private AtomFeed() {}

  static byte[] write(Req req, String baseUrl, String q, SearchResults results) {
    Instant updated =
        results.hits().stream().map(SearchHit::date).max(Instant::compareTo).orElse(Instant.EPOCH);
    return AtomWriter.write(
        new AtomWriter.Feed(
            q.isBlank() ? req.t("search.feed.titleAll") : req.t("search.feed.title", q),
            null,
            baseUrl + "/search/feed.atom?q=" + SearchView.encode(q),
            baseUrl + SearchView.href(q, SortOrder.NEWEST, 1),
            updated,
            req.t("site.name"),
            results.hits().stream()
                .map(
                    h ->
                        new AtomWriter.Entry(
                            baseUrl + h.url(),
                            SearchView.title(req, h),
                            null,
                            h.date(),
                            h.authorName(),
                            h.snippetHtml(),
                            true))
                .toList()));
  }
}
