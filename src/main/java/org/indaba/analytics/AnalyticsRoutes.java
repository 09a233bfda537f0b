package org.indaba.analytics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.indaba.analytics.AnalyticsService.Numbers;
import org.indaba.i18n.ContentLanguages;
import org.indaba.i18n.Countries;
import org.indaba.i18n.Messages;
import org.indaba.model.Refusal;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/** The analytics page with its charts and tables, the CSV, the JSON API and the admin page. */
public final class AnalyticsRoutes {
  /** The tables, in the order the page and the CSV show them. */
  static final List<String> TABLES =
      List.of(
          "week",
          "language",
          "country",
          "region",
          "organisation",
          "channel",
          "participants",
          "moderation",
          "subscribers");

  private final AnalyticsService analytics;

  public AnalyticsRoutes(AnalyticsService analytics) {
    this.analytics = analytics;
  }

  public void register(WebServer web) {
    web.get("/d/:slug/analytics", this::page);
    web.get("/d/:slug/analytics.csv", this::csv);
    web.post(
        "/d/:slug/analytics/public",
        req -> {
          analytics.setPublic(req.viewer(), req.pathParam("slug"), req.checkbox("on"));
          return Result.redirect("/d/" + req.pathParam("slug") + "/analytics");
        });
    web.get("/api/discussions/:slug/analytics", this::api);
    web.get("/admin/analytics", this::site);
  }

  /** One table: its rows as label and count, in the reader's language. */
  public record Table(String key, String heading, List<Line> lines, String svg, String csvUrl) {}

  public record Line(String code, String label, long count) {}

  private List<Table> tables(Req req, String slug, Numbers n) {
    Messages.Bundle b = req.bundle();
    boolean rtl = Messages.isRightToLeft(req.lang());
    List<Table> out = new ArrayList<>();
    out.add(table(req, slug, "week", n.byWeek(), w -> b.get("analytics.weekLabel", w), true, rtl));
    out.add(
        table(
            req,
            slug,
            "language",
            n.byLanguage(),
            l -> b.get(ContentLanguages.nameKey(l)),
            true,
            rtl));
    out.add(
        table(
            req,
            slug,
            "country",
            n.byCountry(),
            c ->
                c.equals(AnalyticsService.UNKNOWN)
                    ? b.get("analytics.unknown")
                    : Countries.name(c, req.lang()),
            true,
            rtl));
    out.add(
        table(
            req,
            slug,
            "region",
            n.byRegion(),
            r ->
                r.equals(AnalyticsService.UNKNOWN)
                    ? b.get("analytics.unknown")
                    : b.get(org.indaba.i18n.Regions.nameKey(r)),
            true,
            rtl));
    out.add(
        table(
            req,
            slug,
            "organisation",
            n.byOrganisation(),
            o -> o.equals(AnalyticsService.UNKNOWN) ? b.get("analytics.unknown") : o,
            true,
            rtl));
    out.add(
        table(
            req, slug, "channel", n.byChannel(), c -> b.get("analytics.channel." + c), true, rtl));
    Map<String, Long> people = new LinkedHashMap<>();
    people.put("total", n.participants());
    people.put("firstTime", n.firstTime());
    people.put("returning", n.returning());
    people.put("onlyFirstWeek", n.onlyFirstWeek());
    people.put("replies", n.repliesBetweenMembers());
    out.add(
        table(
            req,
            slug,
            "participants",
            people,
            k -> b.get("analytics.participants." + k),
            true,
            rtl));
    Map<String, Long> moderation = new LinkedHashMap<>();
    moderation.put("moderated", n.moderated());
    if (n.medianSeconds() != null) {
      moderation.put("medianSeconds", n.medianSeconds());
      moderation.put("p90Seconds", n.p90Seconds());
    }
    out.add(
        table(
            req,
            slug,
            "moderation",
            moderation,
            k -> b.get("analytics.moderation." + k),
            false,
            rtl));
    out.add(
        table(
            req,
            slug,
            "subscribers",
            n.subscribers(),
            k -> b.get("analytics.subscribers." + k),
            true,
            rtl));
    return out;
  }

  private static Table table(
      Req req,
      String slug,
      String key,
      Map<String, Long> counts,
      Function<String, String> label,
      boolean chart,
      boolean rtl) {
    List<Line> lines = new ArrayList<>();
    List<SvgChart.Bar> bars = new ArrayList<>();
    counts.forEach(
        (code, count) -> {
          String l = label.apply(code);
          lines.add(new Line(code, l, count));
          bars.add(new SvgChart.Bar(l, count));
        });
    String heading = req.t("analytics.table." + key);
    String svg =
        chart && !lines.isEmpty()
            ? SvgChart.bars("chart-" + key, heading, req.t("analytics.chartDescription"), bars, rtl)
            : null;
    return new Table(key, heading, lines, svg, "/d/" + slug + "/analytics.csv?table=" + key);
  }

  private Result page(Req req) {
    AnalyticsService.View v = analytics.view(req.viewer(), req.pathParam("slug"));
    Numbers n = v.numbers();
    return Result.page("analytics/discussion")
        .with("title", req.t("analytics.title", v.discussion().title()))
        .with("v", v)
        .with("d", v.discussion())
        .with("n", n)
        .with("tables", tables(req, v.discussion().slug(), n));
  }

  private Result csv(Req req) {
    AnalyticsService.View v = analytics.view(req.viewer(), req.pathParam("slug"));
    String only = req.param("table").filter(t -> !t.isEmpty()).orElse(null);
    if (only != null && !TABLES.contains(only)) {
      throw Refusal.badRequest("analytics.error.table");
    }
    StringBuilder out = new StringBuilder("table,key,label,count\r\n");
    for (Table t : tables(req, v.discussion().slug(), v.numbers())) {
      if (only != null && !only.equals(t.key())) {
        continue;
      }
      for (Line l : t.lines()) {
        out.append(t.key())
            .append(',')
            .append(cell(l.code()))
            .append(',')
            .append(cell(l.label()))
            .append(',')
            .append(l.count())
            .append("\r\n");
      }
    }
    String name = v.discussion().slug() + "-analytics" + (only == null ? "" : "-" + only) + ".csv";
    return new Result.Raw(
        200,
        "text/csv; charset=utf-8",
        out.toString().getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Disposition", "attachment; filename=\"" + name + "\""));
  }

  /**
   * One CSV field (RFC 4180): quoted when needed, and a leading formula character neutralised so a
   * spreadsheet does not run a member's organisation name as a formula.
   */
  static String cell(String value) {
    String v = value == null ? "" : value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  private Result api(Req req) {
    AnalyticsService.View v = analytics.view(req.viewer(), req.pathParam("slug"));
    Numbers n = v.numbers();
    Map<String, Object> contributions = new LinkedHashMap<>();
    contributions.put("total", n.total());
    contributions.put("byWeek", n.byWeek());
    contributions.put("byLanguage", n.byLanguage());
    contributions.put("byCountry", n.byCountry());
    contributions.put("byRegion", n.byRegion());
    contributions.put("byOrganisation", n.byOrganisation());
    contributions.put("byChannel", n.byChannel());
    Map<String, Object> participants = new LinkedHashMap<>();
    participants.put("total", n.participants());
    participants.put("firstTime", n.firstTime());
    participants.put("returning", n.returning());
    participants.put("onlyFirstWeek", n.onlyFirstWeek());
    Map<String, Object> moderation = new LinkedHashMap<>();
    moderation.put("medianSeconds", n.medianSeconds());
    moderation.put("p90Seconds", n.p90Seconds());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("contributions", contributions);
    body.put("participants", participants);
    body.put("moderation", moderation);
    body.put("subscribers", n.subscribers());
    return Result.json(body);
  }

  private Result site(Req req) {
    AnalyticsService.Site s = analytics.site(req.viewer());
    List<Map<String, Object>> years = new ArrayList<>();
    s.contributionsByYear().forEach((y, c) -> years.add(Map.of("year", y, "count", c)));
    return Result.page("analytics/site")
        .with("title", req.t("analytics.site.title"))
        .with("rows", s.rows())
        .with("years", years);
  }
}
