package org.indaba.search;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.indaba.model.Refusal;
import org.indaba.translation.ShownTitles;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/** {@code /search} (page), {@code /api/search} (JSON) and {@code /search/feed.atom}. */
public final class SearchRoutes {
  static final int PAGE_SIZE = 20;
  static final int FEED_SIZE = 20;

  private final SearchService service;
  private final String baseUrl;
  private final ShownTitles titles;

  public SearchRoutes(SearchService service, String baseUrl, ShownTitles titles) {
    this.service = service;
    this.baseUrl = baseUrl;
    this.titles = titles;
  }

  public void register(WebServer web) {
    web.get("/search", this::page);
    web.get("/api/search", this::api);
    web.get("/search/feed.atom", this::feed);
  }

  private Result page(Req req) {
    String q = req.param("q").orElse("");
    SortOrder sort = sort(req);
    Result.Page page =
        Result.page("search/results").with("title", req.t("search.title")).with("searchQuery", q);
    if (q.isBlank()) {
      return page.with("tips", true);
    }
    try {
      SearchResults results = service.search(req.remoteIp(), q, sort, pageNumber(req), PAGE_SIZE);
      SearchView.fill(page, req, q, sort, results, titlesOn(req, results));
      page.with("feedUrl", "/search/feed.atom?q=" + SearchView.encode(q))
          .with("feedTitle", req.t("search.feed.title", q));
      return page;
    } catch (SearchQueryException e) {
      return page.with("error", req.t(e.key(), e.arguments().toArray()))
          .with("tips", true)
          .status(400);
    }
  }

  private Result api(Req req) {
    String q = req.param("q").orElse("");
    try {
      SearchResults results =
          service.search(req.remoteIp(), q, sort(req), pageNumber(req), PAGE_SIZE);
      return Result.json(SearchView.json(req, results));
    } catch (SearchQueryException e) {
      throw Refusal.badRequest(e.key(), e.arguments().toArray());
    }
  }

  private Result feed(Req req) {
    String q = req.param("q").orElse("");
    try {
      SearchResults results = service.search(req.remoteIp(), q, SortOrder.NEWEST, 1, FEED_SIZE);
      return Result.raw(
          "application/atom+xml; charset=utf-8", AtomFeed.write(req, baseUrl, q, results));
    } catch (SearchQueryException e) {
      throw Refusal.badRequest(e.key(), e.arguments().toArray());
    }
  }

  /** The titles of every discussion the page names (hits and facet), in one query. */
  private Map<String, ShownTitles.Shown> titlesOn(Req req, SearchResults results) {
    Set<String> slugs = new HashSet<>();
    results.hits().forEach(h -> slugs.add(h.discussionSlug()));
    results.facets().discussions().forEach(c -> slugs.add(c.value()));
    slugs.remove(null);
    return titles.bySlug(slugs, req.lang());
  }

  private static SortOrder sort(Req req) {
    return "newest".equals(req.param("sort").orElse("").toLowerCase(Locale.ROOT))
        ? SortOrder.NEWEST
        : SortOrder.RELEVANCE;
  }

  /** Lenient: an edited or garbled page number shows the first page rather than an error. */
  private static int pageNumber(Req req) {
    String p = req.param("page").orElse("");
    try {
      return p.isEmpty() ? 1 : Math.max(1, Integer.parseInt(p));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
