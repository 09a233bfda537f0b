package org.indaba.search;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.indaba.translation.ShownTitles;
import org.indaba.web.Req;
import org.indaba.web.Result;

/** Turns results into what the page template and the JSON API show. */
final class SearchView {
  private static final int PAGE_LINKS_AROUND = 3;

  private SearchView() {}

  /**
   * The page's model; {@code titles} gives the discussions' titles in the reader's language (by
   * slug) for the hits' discussion links and the discussion facet.
   */
  static void fill(
      Result.Page page,
      Req req,
      String q,
      SortOrder sort,
      SearchResults r,
      Map<String, ShownTitles.Shown> titles) {
    page.with("q", q)
        .with("total", r.shownTotal())
        .with("totalEstimated", r.totalEstimated())
        .with("partial", r.partial())
        .with("newest", sort == SortOrder.NEWEST)
        .with("relevanceHref", href(q, SortOrder.RELEVANCE, 1))
        .with("newestHref", href(q, SortOrder.NEWEST, 1));
    List<Map<String, Object>> hits = new ArrayList<>();
    for (SearchHit h : r.hits()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("title", title(req, h));
      m.put("url", h.url());
      m.put("snippet", h.snippetHtml());
      m.put("typeLabel", req.t("search.type." + h.type().code()));
      m.put("language", h.language());
      m.put("languageName", languageName(req, h.language()));
      m.put("langAttr", org.indaba.i18n.ContentLanguages.langAttribute(h.language()));
      m.put("dir", org.indaba.i18n.ContentLanguages.dir(h.language()));
      ShownTitles.Shown shown = h.discussionSlug() == null ? null : titles.get(h.discussionSlug());
      m.put("discussionTitle", shown == null ? h.discussionTitle() : shown.title());
      m.put("discussionLang", shown == null ? "" : shown.lang());
      m.put("discussionDir", shown == null ? "auto" : shown.dir());
      m.put("discussionUrl", h.discussionSlug() == null ? null : "/d/" + h.discussionSlug());
      m.put("week", h.week());
      m.put("author", h.authorName());
      m.put("organisation", h.organisation());
      m.put("country", h.country());
      m.put("date", h.date());
      hits.add(m);
    }
    page.with("hits", hits);
    SearchFacets f = r.facets();
    List<Map<String, Object>> groups = new ArrayList<>();
    addGroup(
        groups,
        req.t("search.facet.type"),
        "type",
        f.types(),
        q,
        c -> req.t("search.type." + c.value()));
    addGroup(
        groups,
        req.t("search.facet.discussion"),
        "discussion",
        f.discussions(),
        q,
        c ->
            titles.containsKey(c.value())
                ? titles.get(c.value()).title()
                : c.label() == null || c.label().isBlank() ? c.value() : c.label(),
        c -> titles.get(c.value()));
    addGroup(
        groups,
        req.t("search.facet.week"),
        "week",
        f.weeks(),
        q,
        c -> req.t("search.week", c.value()));
    addGroup(
        groups,
        req.t("search.facet.language"),
        "lang",
        f.languages(),
        q,
        c -> languageName(req, c.value()));
    addGroup(groups, req.t("search.facet.country"), "country", f.countries(), q, FacetCount::value);
    addGroup(
        groups,
        req.t("search.facet.kind"),
        "kind",
        f.kinds(),
        q,
        c -> req.t("library.kind." + c.value()));
    addGroup(groups, req.t("search.facet.topic"), "topic", f.topics(), q, FacetCount::value);
    page.with("facets", groups);
    page.with("pagination", pagination(q, sort, r));
  }

  private static void addGroup(
      List<Map<String, Object>> groups,
      String heading,
      String keyword,
      List<FacetCount> counts,
      String q,
      Function<FacetCount, String> label) {
    addGroup(groups, heading, keyword, counts, q, label, c -> null);
  }

  /** {@code written} gives the language a label is written in (a title), or null. */
  private static void addGroup(
      List<Map<String, Object>> groups,
      String heading,
      String keyword,
      List<FacetCount> counts,
      String q,
      Function<FacetCount, String> label,
      Function<FacetCount, ShownTitles.Shown> written) {
    if (counts.isEmpty()) {
      return;
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (FacetCount c : counts) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("label", label.apply(c));
      ShownTitles.Shown shown = written.apply(c);
      if (shown != null) {
        item.put("labelLang", shown.lang());
        item.put("labelDir", shown.dir());
      }
      item.put("count", c.count());
      String filter = filter(keyword, c.value());
      boolean active =
          filter != null && q.toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT));
      item.put("active", active);
      // a value the query language cannot express (a quote in a country name) is shown without a
      // link
      item.put(
          "href", filter == null || active ? null : href(q + " " + filter, SortOrder.RELEVANCE, 1));
      items.add(item);
    }
    groups.add(Map.of("heading", heading, "items", items));
  }

  /**
   * The filter that narrows a query to one facet value, e.g. {@code lang:es} or {@code
   * country:"Burkina Faso"}.
   */
  static String filter(String keyword, String value) {
    if (value == null || value.isBlank() || value.contains("\"")) {
      return null;
    }
    boolean plain =
        value
            .codePoints()
            .noneMatch(c -> Character.isWhitespace(c) || c == ',' || c == '(' || c == ')');
    return keyword + ":" + (plain ? value : "\"" + value + "\"");
  }

  private static Map<String, Object> pagination(String q, SortOrder sort, SearchResults r) {
    int pages = r.pageCount();
    int current = r.page();
    Map<String, Object> p = new LinkedHashMap<>();
    if (pages <= 1) {
      return null;
    }
    p.put("previous", current > 1 ? href(q, sort, current - 1) : null);
    p.put("next", current < pages ? href(q, sort, current + 1) : null);
    List<Map<String, Object>> numbers = new ArrayList<>();
    for (int n = Math.max(1, current - PAGE_LINKS_AROUND);
        n <= Math.min(pages, current + PAGE_LINKS_AROUND);
        n++) {
      numbers.add(Map.of("number", n, "href", href(q, sort, n), "current", n == current));
    }
    p.put("pages", numbers);
    return p;
  }

  static String href(String q, SortOrder sort, int page) {
    StringBuilder sb = new StringBuilder("/search?q=").append(encode(q));
    if (sort == SortOrder.NEWEST) {
      sb.append("&sort=newest");
    }
    if (page > 1) {
      sb.append("&page=").append(page);
    }
    return sb.toString();
  }

  static String encode(String s) {
    return URLEncoder.encode(s.strip(), StandardCharsets.UTF_8);
  }

  /** Contributions have no title of their own: name them by their author. */
  static String title(Req req, SearchHit h) {
    if (h.title() != null && !h.title().isBlank()) {
      return h.title();
    }
    return req.t(
        "search.hit.contributionTitle",
        h.authorName() == null ? req.t("search.hit.anonymous") : h.authorName());
  }

  static String languageName(Req req, String code) {
    if (code == null || code.equals(Languages.UNDETERMINED)) {
      return req.t("search.language.und");
    }
    String name = Locale.forLanguageTag(code).getDisplayLanguage(req.bundle().locale());
    return name.isEmpty() || name.equals(code) ? code : name;
  }

  /**
   * The API shape: {@code {total, hits: [...], facets: {type, language, discussion, week,
   * country}}}, facets as value→count maps.
   */
  static Map<String, Object> json(Req req, SearchResults r) {
    List<Map<String, Object>> hits = new ArrayList<>();
    for (SearchHit h : r.hits()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", h.type().code());
      m.put("id", SearchSources.entityId(h.id()));
      m.put("url", h.url());
      m.put("title", title(req, h));
      m.put("snippet", h.snippetHtml());
      m.put("language", h.language());
      m.put("discussion", h.discussionSlug());
      m.put("week", h.week());
      m.put("date", h.date().toString());
      hits.add(m);
    }
    SearchFacets f = r.facets();
    Map<String, Object> facets = new LinkedHashMap<>();
    facets.put("type", counts(f.types()));
    facets.put("language", counts(f.languages()));
    facets.put("discussion", counts(f.discussions()));
    facets.put("week", counts(f.weeks()));
    facets.put("country", counts(f.countries()));
    facets.put("kind", counts(f.kinds()));
    facets.put("topic", counts(f.topics()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", r.total());
    // true when total is an estimate from a sample (many hits), false when it was counted
    body.put("totalEstimated", r.totalEstimated());
    body.put("hits", hits);
    body.put("facets", facets);
    return body;
  }

  private static Map<String, Long> counts(List<FacetCount> counts) {
    Map<String, Long> m = new LinkedHashMap<>();
    counts.forEach(c -> m.put(c.value(), c.count()));
    return m;
  }
}
