package org.indaba.discussion;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/** The JSON API for discussions: reading for anyone, posting with a personal API token. */
public final class DiscussionApi {
  private final DiscussionReader reader;
  private final ContributionService contributions;
  private final String baseUrl;
  private java.util.function.BiFunction<String, Integer, Map<String, String>> emailAddresses =
      (slug, week) -> null;
  private WeekSummarySource summaries = (discussionId, lang) -> Map.of();

  /** The published summary of each week, as HTML, in the reader's language when written in it. */
  @FunctionalInterface
  public interface WeekSummarySource {
    Map<Integer, String> of(long discussionId, String lang);
  }

  /** Where the discussion's mail addresses come from (slug and current week to addresses). */
  public DiscussionApi withEmailAddresses(
      java.util.function.BiFunction<String, Integer, Map<String, String>> addresses) {
    this.emailAddresses = addresses;
    return this;
  }

  public DiscussionApi withWeekSummaries(WeekSummarySource summaries) {
    this.summaries = summaries;
    return this;
  }

  public DiscussionApi(DiscussionReader reader, ContributionService contributions, String baseUrl) {
    this.reader = reader;
    this.contributions = contributions;
    this.baseUrl = baseUrl;
  }

  public void register(WebServer web) {
    web.langFiltersContent("/api/discussions/:slug/contributions", r -> true);
    web.get("/api/discussions", req -> Result.json(listAll(req)));
    web.get("/api/discussions/:slug", this::detail);
    web.get(
        "/api/discussions/:slug/contributions",
        req ->
            Result.json(
                reader
                    .contributions(
                        req.viewer(),
                        req.pathParam("slug"),
                        req.paramInt("week").orElse(null),
                        // written= as on the week page; lang= kept for existing API clients
                        req.param(DiscussionReader.WRITTEN)
                            .or(() -> req.param("lang"))
                            .orElse(null))
                    .stream()
                    .map(this::contribution)
                    .toList()));
    // the token in the request is the authority, so no CSRF token; a session cookie alone is
    // refused
    web.postWithoutCsrf("/api/discussions/:slug/contributions", this::post);
  }

  private List<Map<String, Object>> listAll(Req req) {
    return reader.list(req.viewer()).stream()
        .map(
            l -> {
              Discussion d = l.discussion();
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("slug", d.slug());
              m.put("title", d.title());
              m.put("status", l.status().code());
              m.put("startsOn", d.startsOn().toString());
              m.put("weeks", d.weeks());
              m.put("summary", d.summary());
              m.put("url", baseUrl + d.url());
              return m;
            })
        .toList();
  }

  private Result detail(Req req) {
    DiscussionReader.Detail detail = reader.detail(req.viewer(), req.pathParam("slug"));
    Discussion d = detail.discussion();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("slug", d.slug());
    m.put("title", d.title());
    m.put("status", detail.status().code());
    m.put("summary", d.summary());
    m.put("introductionHtml", d.introductionHtml());
    m.put("startsOn", d.startsOn().toString());
    m.put("timeZone", d.timeZone());
    m.put("languages", d.welcomedLanguages());
    m.put("preModerated", d.preModerated());
    m.put("url", baseUrl + d.url());
    Integer currentWeek =
        detail.themes().stream()
            .filter(t -> t.publishedAt() != null)
            .map(Theme::week)
            .max(Integer::compare)
            .orElse(null);
    m.put("email", emailAddresses.apply(d.slug(), currentWeek));
    Map<Integer, String> weekSummaries = summaries.of(d.id(), req.lang());
    m.put(
        "weeks",
        detail.themes().stream()
            .map(
                t -> {
                  Map<String, Object> w = new LinkedHashMap<>();
                  w.put("number", t.week());
                  w.put("title", t.title());
                  w.put("question", t.question());
                  w.put("questionHtml", t.questionHtml());
                  w.put("publishAt", t.publishAt().toString());
                  w.put("publishedAt", t.publishedAt() == null ? null : t.publishedAt().toString());
                  w.put("summary", weekSummaries.get(t.week()));
                  return w;
                })
            .toList());
    m.put(
        "consolidatedReplies",
        detail.replies().stream()
            .map(
                r ->
                    Map.of(
                        "language",
                        r.language(),
                        "title",
                        r.title(),
                        "url",
                        baseUrl + d.url() + "/reply/" + r.language()))
            .toList());
    return Result.json(m);
  }

  private Map<String, Object> contribution(ContributionView v) {
    Contribution c = v.c();
    Map<String, Object> author = new LinkedHashMap<>();
    author.put("name", v.author().name());
    author.put("organisation", v.author().organisation());
    author.put("city", v.author().city());
    author.put("country", v.author().country());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("week", c.week());
    m.put("author", author);
    m.put("language", c.language());
    m.put("html", c.bodyHtml());
    m.put("createdAt", c.createdAt().toString());
    m.put("replyTo", c.replyToId());
    m.put("status", c.status().code());
    m.put("url", baseUrl + c.url());
    m.put(
        "attachments",
        v.attachments().stream()
            .map(
                a ->
                    Map.of(
                        "filename",
                        a.filename(),
                        "contentType",
                        a.contentType(),
                        "size",
                        a.sizeBytes(),
                        "url",
                        baseUrl + c.url() + "/attachments/" + a.id()))
            .toList());
    return m;
  }

  private Result post(Req req) {
    boolean bearer = req.header("Authorization").map(a -> a.startsWith("Bearer ")).orElse(false);
    if (!bearer) {
      throw new Refusal.Unauthenticated();
    }
    Viewer v = req.requireViewer();
    JsonObject body = req.jsonBody();
    Integer week;
    Long replyTo;
    String text;
    try {
      week = body.getInteger("week");
      replyTo = body.getLong("replyTo");
      text = body.getString("body");
    } catch (ClassCastException e) {
      throw Refusal.badRequest("error.badRequest");
    }
    Contribution c =
        contributions.postContribution(
            NewContribution.byMember(
                    v.id(), req.pathParam("slug"), week, text, NewContribution.Source.API)
                .withReplyTo(replyTo)
                .withLanguage(body.getString("language")));
    ContributionView view = contributions.view(v, c.id());
    req.setHeader("Location", baseUrl + c.url());
    return Result.json(201, contribution(view));
  }
}
