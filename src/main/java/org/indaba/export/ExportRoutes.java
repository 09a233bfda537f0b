package org.indaba.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.indaba.consolidated.ReplyPdf;
import org.indaba.consolidated.ReplyRecords.Reply;
import org.indaba.consolidated.WeekSummaryRepository;
import org.indaba.discussion.Attachment;
import org.indaba.discussion.ContributionView;
import org.indaba.discussion.Discussion;
import org.indaba.discussion.Signature;
import org.indaba.discussion.Theme;
import org.indaba.export.ExportService.Export;
import org.indaba.export.ExportService.ReplyVersion;
import org.indaba.export.ExportService.Week;
import org.indaba.i18n.ContentLanguages;
import org.indaba.i18n.Countries;
import org.indaba.translation.Translation;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/**
 * {@code /d/{slug}/export.json}, {@code /d/{slug}/contributions.csv}, the printable page of the
 * whole discussion ({@code /d/{slug}/print}) and its PDF ({@code /d/{slug}/export.pdf}).
 */
public final class ExportRoutes {
  /** The columns of {@code contributions.csv}, in order. */
  static final List<String> CSV_COLUMNS =
      List.of(
          "id",
          "week",
          "createdAt",
          "author",
          "organisation",
          "city",
          "country",
          "countryName",
          "language",
          "replyTo",
          "channel",
          "attachments",
          "url",
          "text");

  private final ExportService exports;
  private final String baseUrl;
  private WebServer web;

  public ExportRoutes(ExportService exports, String baseUrl) {
    this.exports = exports;
    this.baseUrl = baseUrl;
  }

  public void register(WebServer web) {
    this.web = web;
    web.get("/d/:slug/export.json", this::json);
    web.get("/d/:slug/contributions.csv", this::csv);
    web.get("/d/:slug/print", req -> printable(req).asBare());
    web.get("/d/:slug/export.pdf", this::pdf);
  }

  // ---- JSON

  private Result json(Req req) {
    Export e = exports.export(req.viewer(), req.pathParam("slug"));
    Discussion d = e.discussion();
    Map<String, Object> discussion = new LinkedHashMap<>();
    discussion.put("slug", d.slug());
    discussion.put("title", d.title());
    discussion.put("status", e.status().code());
    discussion.put("summary", d.summary());
    discussion.put("language", d.language());
    discussion.put("introductionHtml", d.introductionHtml());
    discussion.put("introductionTranslations", translations(e.introductionTranslations()));
    discussion.put("startsOn", d.startsOn().toString());
    discussion.put("timeZone", d.timeZone());
    discussion.put("weeks", d.weeks());
    discussion.put("languages", d.welcomedLanguages());
    discussion.put("preModerated", d.preModerated());
    discussion.put("closedAt", d.closedAt() == null ? null : d.closedAt().toString());
    discussion.put("url", baseUrl + d.url());
    List<Map<String, Object>> weeks = new ArrayList<>();
    List<Map<String, Object>> contributions = new ArrayList<>();
    for (Week w : e.weeks()) {
      Theme t = w.theme();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("number", t.week());
      m.put("title", t.title());
      m.put("language", t.language());
      m.put("question", t.question());
      m.put("questionHtml", t.questionHtml());
      m.put("publishedAt", t.publishedAt().toString());
      m.put("translations", translations(w.themeTranslations()));
      List<Map<String, Object>> summaries = new ArrayList<>();
      for (WeekSummaryRepository.Summary s : w.summaries()) {
        Map<String, Object> sm = new LinkedHashMap<>();
        sm.put("language", s.language());
        sm.put("html", s.bodyHtml());
        sm.put("publishedAt", s.publishedAt().toInstant().toString());
        summaries.add(sm);
      }
      m.put("summaries", summaries);
      m.put("contributions", w.contributions().size());
      weeks.add(m);
      w.contributions().forEach(c -> contributions.add(contribution(c)));
    }
    List<Map<String, Object>> replies = new ArrayList<>();
    for (ReplyVersion v : e.replies()) {
      Reply r = v.reply();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("language", r.language());
      m.put("title", r.title());
      m.put("html", r.bodyHtml());
      m.put("publishedAt", r.publishedAt().toInstant().toString());
      m.put("url", baseUrl + d.url() + "/reply/" + r.language());
      m.put("translations", translations(v.translations()));
      replies.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("exportedAt", e.exportedAt().toString());
    body.put("discussion", discussion);
    body.put("weeks", weeks);
    body.put("contributions", contributions);
    body.put("consolidatedReplies", replies);
    req.setHeader("Content-Disposition", "inline; filename=\"" + d.slug() + ".json\"");
    return Result.json(body);
  }

  private static List<Map<String, Object>> translations(List<Translation> all) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Translation t : all) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("language", t.language());
      m.put("title", t.title());
      m.put("html", t.bodyHtml());
      m.put("machine", t.machine());
      m.put("reviewed", t.reviewed());
      m.put("outdated", t.outdated());
      out.add(m);
    }
    return out;
  }

  private Map<String, Object> contribution(ContributionView v) {
    Signature s = v.author();
    Map<String, Object> author = new LinkedHashMap<>();
    author.put("name", s.name());
    author.put("organisation", s.organisation());
    author.put("city", s.city());
    author.put("country", s.country());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", v.id());
    m.put("week", v.c().week());
    m.put("author", author);
    m.put("language", v.c().language());
    m.put("html", v.c().bodyHtml());
    m.put("createdAt", v.c().createdAt().toString());
    m.put("editedAt", v.c().editedAt() == null ? null : v.c().editedAt().toString());
    m.put("replyTo", v.c().replyToId());
    m.put("channel", channel(v.c().source()));
    m.put("url", baseUrl + v.c().url());
    List<Map<String, Object>> files = new ArrayList<>();
    for (Attachment a : v.attachments()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("filename", a.filename());
      f.put("contentType", a.contentType());
      f.put("size", a.sizeBytes());
      f.put("url", baseUrl + v.c().url() + "/attachments/" + a.id());
      files.add(f);
    }
    m.put("attachments", files);
    return m;
  }

  /** The channel a contribution came by (web, email, api, import), as the analytics name it. */
  static String channel(String source) {
    return source == null || source.isEmpty() ? "web" : source;
  }

  // ---- CSV

  private Result csv(Req req) {
    Export e = exports.export(req.viewer(), req.pathParam("slug"));
    Csv csv = new Csv().row(CSV_COLUMNS);
    for (ContributionView v : e.contributions()) {
      Signature s = v.author();
      csv.row(
          v.id(),
          v.c().week(),
          v.c().createdAt().toString(),
          s.name(),
          s.organisation(),
          s.city(),
          s.country(),
          Countries.isCode(s.country()) ? Countries.name(s.country(), req.lang()) : s.country(),
          v.c().language(),
          v.c().replyToId() == null ? "" : v.c().replyToId(),
          channel(v.c().source()),
          v.attachments().stream()
              .map(Attachment::filename)
              .reduce((a, b) -> a + "; " + b)
              .orElse(""),
          baseUrl + v.c().url(),
          v.c().body());
    }
    return new Result.Raw(
        200,
        "text/csv; charset=utf-8",
        csv.bytes(),
        Map.of(
            "Content-Disposition",
            "attachment; filename=\"" + e.discussion().slug() + "-contributions.csv\""));
  }

  // ---- print and PDF

  /** A piece of content with its language, for the lang and dir attributes. */
  public record Text(String language, String html) {
    public String lang() {
      return ContentLanguages.langAttribute(language);
    }

    public String dir() {
      return ContentLanguages.dir(language);
    }
  }

  /** A contribution as the printed page shows it. */
  public record Post(ContributionView view, String byline) {
    public Text text() {
      return new Text(view.c().language(), view.c().bodyHtml());
    }
  }

  public record PrintedWeek(Week week, Text question, List<Text> summaries, List<Post> posts) {}

  public record PrintedReply(Reply reply, Text text) {}

  private Result.Page printable(Req req) {
    Export e = exports.export(req.viewer(), req.pathParam("slug"));
    Discussion d = e.discussion();
    List<PrintedWeek> weeks = new ArrayList<>();
    for (Week w : e.weeks()) {
      List<Text> summaries =
          w.summaries().stream().map(s -> new Text(s.language(), s.bodyHtml())).toList();
      List<Post> posts = w.contributions().stream().map(c -> new Post(c, byline(req, c))).toList();
      weeks.add(
          new PrintedWeek(
              w, new Text(w.theme().language(), w.theme().questionHtml()), summaries, posts));
    }
    List<PrintedReply> replies =
        e.replies().stream()
            .map(
                v ->
                    new PrintedReply(
                        v.reply(), new Text(v.reply().language(), v.reply().bodyHtml())))
            .toList();
    return Result.page("export/print")
        .with("title", d.title())
        .with("e", e)
        .with("d", d)
        .with("intro", new Text(d.language(), d.introductionHtml()))
        .with("weeks", weeks)
        .with("replies", replies)
        .with("contributionCount", e.contributionCount())
        .with("permalink", baseUrl + d.url());
  }

  /** Name · organisation · city, country (in the reader's language), what is given of it. */
  private static String byline(Req req, ContributionView c) {
    Signature s = c.author();
    List<String> parts = new ArrayList<>();
    for (String p :
        new String[] {
          s.name(),
          s.organisation(),
          s.city(),
          Countries.isCode(s.country()) ? Countries.name(s.country(), req.lang()) : s.country()
        }) {
      if (p != null && !p.isBlank()) {
        parts.add(p.strip());
      }
    }
    return String.join(" · ", parts);
  }

  private Result pdf(Req req) {
    Result.Page page = printable(req);
    Map<String, Object> model = web.commonModel(req);
    model.putAll(page.model());
    String html = web.views().render("export/pdf", model, req.bundle(), req.zone());
    Discussion d = (Discussion) page.model().get("d");
    return new Result.Raw(
        200,
        "application/pdf",
        ReplyPdf.render(html, baseUrl + "/"),
        Map.of("Content-Disposition", "inline; filename=\"" + d.slug() + ".pdf\""));
  }
}
