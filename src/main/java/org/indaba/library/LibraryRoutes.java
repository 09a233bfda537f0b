package org.indaba.library;

import io.vertx.ext.web.FileUpload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.indaba.discussion.FilePolicy;
import org.indaba.i18n.ContentLanguages;
import org.indaba.i18n.Countries;
import org.indaba.i18n.Messages;
import org.indaba.library.LibraryRecords.Card;
import org.indaba.library.LibraryRecords.Filter;
import org.indaba.library.LibraryRecords.Resource;
import org.indaba.model.Refusal;
import org.indaba.web.AtomWriter;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/** The library's pages, its feed and its JSON API. */
public final class LibraryRoutes {
  private final LibraryService library;
  private final String baseUrl;

  public LibraryRoutes(LibraryService library, String baseUrl) {
    this.library = library;
    this.baseUrl = baseUrl;
  }

  public void register(WebServer web) {
    web.get("/resources", this::list);
    web.get("/resources/feed.atom", this::feed);
    web.get("/resources/new", req -> form(req, null, LibraryService.Form.empty(), Map.of()));
    web.post("/resources/new", this::create);
    web.get("/resources/moderation", this::queue);
    web.post(
        "/resources/topics",
        req -> {
          library.addTopic(req.viewer(), req.paramOr("name", ""));
          return Result.redirect("/resources/moderation");
        });
    web.post(
        "/resources/subscription",
        req -> {
          library.subscribe(req.viewer(), req.checkbox("on"));
          return Result.redirect("/resources?subscribed=" + (req.checkbox("on") ? 1 : 0));
        });
    web.post(
        "/resources/comments/:cid/approve",
        req -> {
          var c = library.decideComment(req.viewer(), req.pathLong("cid"), true, null);
          return Result.redirect(back(req, "/resources/" + c.resourceId() + "#comments"));
        });
    web.post(
        "/resources/comments/:cid/reject",
        req -> {
          var c =
              library.decideComment(
                  req.viewer(), req.pathLong("cid"), false, req.param("reason").orElse(""));
          return Result.redirect(back(req, "/resources/" + c.resourceId() + "#comments"));
        });
    web.get("/resources/:id", req -> detail(req, false));
    web.get("/resources/:id/print", req -> detail(req, true));
    web.get(
        "/resources/:id/edit",
        req -> {
          Resource r = library.visible(req.viewer(), req.pathLong("id"));
          if (!LibraryService.isModerator(req.viewer())) {
            throw req.viewer().isEmpty() ? new Refusal.Unauthenticated() : Refusal.forbidden();
          }
          return form(req, r, library.formOf(r), Map.of());
        });
    web.post("/resources/:id/edit", this::update);
    web.post(
        "/resources/:id/publish",
        req -> {
          library.decideSuggestion(req.viewer(), req.pathLong("id"), true);
          return Result.redirect("/resources/" + req.pathLong("id"));
        });
    web.post(
        "/resources/:id/reject",
        req -> {
          library.decideSuggestion(req.viewer(), req.pathLong("id"), false);
          return Result.redirect("/resources/moderation");
        });
    web.post(
        "/resources/:id/files",
        req -> {
          long id = req.pathLong("id");
          library.requireFileEditor(req.viewer(), id);
          for (FileUpload u : uploads(req)) {
            library.addFile(req.viewer(), id, u.fileName(), u.contentType(), read(u));
          }
          return Result.redirect("/resources/" + id + "#files");
        });
    web.post(
        "/resources/:id/files/:fileId/delete",
        req -> {
          library.deleteFile(req.viewer(), req.pathLong("id"), req.pathLong("fileId"));
          return Result.redirect("/resources/" + req.pathLong("id") + "#files");
        });
    web.get(
        "/resources/:id/files/:fileId",
        req -> {
          LibraryService.Download d =
              library.download(req.viewer(), req.pathLong("id"), req.pathLong("fileId"));
          return new Result.Raw(
              200,
              FilePolicy.servedType(d.file().contentType()),
              d.bytes(),
              FilePolicy.downloadHeaders(d.file().filename(), d.file().contentType()));
        });
    web.post(
        "/resources/:id/save",
        req -> {
          library.save(req.viewer(), req.pathLong("id"), true);
          return Result.redirect("/resources/" + req.pathLong("id"));
        });
    web.post(
        "/resources/:id/unsave",
        req -> {
          library.save(req.viewer(), req.pathLong("id"), false);
          return Result.redirect(back(req, "/resources/" + req.pathLong("id")));
        });
    web.post("/resources/:id/comments", this::comment);

    // a discussion's background documents
    web.post(
        "/d/:slug/documents",
        req -> {
          String slug = req.pathParam("slug");
          library.requireDocumentModerator(req.viewer(), slug);
          for (FileUpload u : uploads(req)) {
            library.uploadDocument(req.viewer(), slug, u.fileName(), u.contentType(), read(u));
          }
          return Result.redirect("/d/" + slug + "/edit");
        });
    web.post(
        "/d/:slug/documents/attach",
        req -> {
          String slug = req.pathParam("slug");
          library.requireDocumentModerator(req.viewer(), slug);
          long id;
          try {
            id = Long.parseLong(req.paramOr("resource", "").replaceFirst("^#", ""));
          } catch (NumberFormatException e) {
            throw Refusal.badRequest("library.error.noSuchResource");
          }
          library.attach(req.viewer(), slug, id);
          return Result.redirect("/d/" + slug + "/edit");
        });
    web.post(
        "/d/:slug/documents/:id/delete",
        req -> {
          library.detach(req.viewer(), req.pathParam("slug"), req.pathLong("id"));
          return Result.redirect("/d/" + req.pathParam("slug") + "/edit");
        });

    // JSON API
    web.get("/api/resources", this::apiList);
    web.get(
        "/api/resources/:id",
        req -> {
          LibraryService.Detail d = library.detail(req.viewer(), req.pathLong("id"), null, true);
          Map<String, Object> m = item(d.card());
          m.put("summary", d.resource().summary());
          m.put("summaryHtml", d.resource().summaryHtml());
          m.put("postedOn", d.resource().postedOn().toString());
          List<Map<String, Object>> authors = new ArrayList<>();
          d.card()
              .authors()
              .forEach(
                  a -> {
                    Map<String, Object> am = new LinkedHashMap<>();
                    am.put("name", a.name());
                    am.put("organisation", a.organisation());
                    am.put("bio", a.bio());
                    am.put("member", a.memberId() == null ? null : "/members/" + a.memberId());
                    authors.add(am);
                  });
          m.put("authors", authors);
          m.put(
              "files",
              d.files().stream()
                  .map(
                      f -> {
                        Map<String, Object> fm = new LinkedHashMap<>();
                        fm.put("filename", f.filename());
                        fm.put("contentType", f.contentType());
                        fm.put("sizeBytes", f.sizeBytes());
                        fm.put("downloads", f.downloads());
                        fm.put("url", baseUrl + f.url());
                        return fm;
                      })
                  .toList());
          m.put(
              "links",
              d.links().stream().map(l -> Map.of("url", l.url(), "label", l.label())).toList());
          m.put(
              "contact",
              d.contact() == null
                  ? null
                  : Map.of("name", d.contact().name(), "organisation", d.contact().organisation()));
          m.put(
              "discussions",
              d.usedIn().stream()
                  .map(u -> Map.of("slug", u.slug(), "title", u.title(), "url", baseUrl + u.url()))
                  .toList());
          m.put(
              "translations",
              d.translations().stream()
                  .map(
                      t ->
                          Map.of(
                              "language", t.language(), "title", t.title(), "summary", t.summary()))
                  .toList());
          return Result.json(m);
        });
  }

  private static String back(Req req, String fallback) {
    String to = req.paramOr("returnTo", "");
    return to.startsWith("/") && !to.startsWith("//") ? to : fallback;
  }

  // ---- list

  private static Filter filter(Req req) {
    String kind = req.param("kind").filter(k -> ResourceKind.fromCode(k).isPresent()).orElse(null);
    String topic = req.param("topic").filter(t -> !t.isEmpty()).orElse(null);
    String country = req.param("country").flatMap(Countries::codeOf).orElse(null);
    String language = req.param("lang").filter(ContentLanguages::isLabel).orElse(null);
    Integer year =
        req.param("year").filter(y -> y.matches("[0-9]{4}")).map(Integer::parseInt).orElse(null);
    int page = req.paramInt("page").filter(p -> p > 0 && p <= 10_000).orElse(1);
    String sort = req.paramOr("sort", "date").equals("saves") ? "saves" : "date";
    String q = req.param("q").filter(s -> !s.isEmpty()).orElse(null);
    if (q != null && q.length() > 200) {
      throw Refusal.badRequest("library.error.query");
    }
    return new Filter(q, kind, topic, country, language, year, sort, page);
  }

  /** A value to show in a list page: a kind, topic or country with its name. */
  public record Choice(String code, String name, boolean selected) {}

  private Result list(Req req) {
    Filter f = filter(req);
    LibraryRecords.Page page = library.page(f);
    Messages.Bundle b = req.bundle();
    List<Choice> kinds = new ArrayList<>();
    for (ResourceKind k : ResourceKind.values()) {
      kinds.add(new Choice(k.code(), b.get(k.nameKey()), k.code().equals(f.kind())));
    }
    List<Choice> topics =
        library.topics().stream()
            .map(t -> new Choice(t.code(), t.name(), t.code().equals(f.topic())))
            .toList();
    List<Choice> countries =
        Countries.options(req.lang()).stream()
            .map(c -> new Choice(c.code(), c.name(), c.code().equals(f.country())))
            .toList();
    List<Choice> languages =
        ContentLanguages.NAMED.stream()
            .map(l -> new Choice(l, b.get(ContentLanguages.nameKey(l)), l.equals(f.language())))
            .toList();
    List<Choice> years =
        library.years().stream()
            .map(y -> new Choice(y.toString(), y.toString(), y.equals(f.year())))
            .toList();
    return Result.page("library/list")
        .with("title", req.t("library.title"))
        .with("f", f)
        .with("page", page)
        .with("cards", cardViews(page.items(), req.lang()))
        .with("kinds", kinds)
        .with("topics", topics)
        .with("countries", countries)
        .with("languageChoices", languages)
        .with("years", years)
        .with("bySaves", f.bySaves())
        .with("prev", page.page() > 1 ? pageHref(req, page.page() - 1) : null)
        .with("next", page.page() < page.pages() ? pageHref(req, page.page() + 1) : null)
        .with("canAdd", req.viewer().map(v -> v.verified()).orElse(false))
        .with("moderator", LibraryService.isModerator(req.viewer()))
        .with("subscribed", req.viewer().map(v -> library.subscribed(v.id())).orElse(false))
        .with("feedUrl", "/resources/feed.atom")
        .with("feedTitle", req.t("library.title"));
  }

  private static String pageHref(Req req, int page) {
    String query = req.uri().contains("?") ? req.uri().substring(req.uri().indexOf('?') + 1) : "";
    StringBuilder sb = new StringBuilder("/resources?");
    for (String part : query.split("&")) {
      if (!part.isEmpty() && !part.startsWith("page=")) {
        sb.append(part).append('&');
      }
    }
    return sb.append("page=").append(page).toString();
  }

  /** A card as a list shows it: names resolved in the reader's language. */
  public record CardView(Card card, List<String> countryNames, String lang, String dir) {
    public Resource r() {
      return card.resource();
    }
  }

  static List<CardView> cardViews(List<Card> cards, String readerLanguage) {
    return cards.stream()
        .map(
            c ->
                new CardView(
                    c,
                    c.countries().stream()
                        .map(code -> Countries.name(code, readerLanguage))
                        .toList(),
                    ContentLanguages.langAttribute(c.resource().language()),
                    ContentLanguages.dir(c.resource().language())))
        .toList();
  }

  // ---- one resource

  private Result detail(Req req, boolean print) {
    boolean original =
        req.param("original").filter(v -> !v.isEmpty() && !v.equals("0")).isPresent();
    LibraryService.Detail d =
        library.detail(req.viewer(), req.pathLong("id"), req.lang(), original);
    Result.Page p =
        Result.page(print ? "library/print" : "library/resource")
            .with("title", d.shown().title())
            .with("d", d)
            .with("r", d.resource())
            .with(
                "countryNames",
                d.card().countries().stream().map(c -> Countries.name(c, req.lang())).toList())
            .with("lang", req.lang());
    return print ? p.asBare() : p;
  }

  private Result comment(Req req) {
    long id = req.pathLong("id");
    try {
      var c = library.comment(req.viewer(), id, req.param("body").orElse(""));
      return Result.redirect(
          "/resources/" + id + (c.approved() ? "#comment-" + c.id() : "?held=1#comments"));
    } catch (Refusal.Invalid e) {
      Result.Page page = (Result.Page) detail(req, false);
      return page.with("commentError", req.t(e.fieldErrors().values().iterator().next()))
          .with("commentBody", req.param("body").orElse(""))
          .status(400);
    }
  }

  // ---- add and edit

  private static LibraryService.Form readForm(Req req) {
    List<LibraryService.AuthorForm> authors = new ArrayList<>();
    for (int i = 1; i <= LibraryService.MAX_AUTHORS; i++) {
      authors.add(
          new LibraryService.AuthorForm(
              req.paramOr("author" + i + "Name", ""),
              req.paramOr("author" + i + "Organisation", ""),
              req.param("author" + i + "Bio").orElse(""),
              req.paramOr("author" + i + "Email", "")));
    }
    List<LibraryService.TranslationForm> translations = new ArrayList<>();
    for (String l : Messages.LANGUAGES) {
      translations.add(
          new LibraryService.TranslationForm(
              l, req.paramOr("title_" + l, ""), req.param("summary_" + l).orElse("")));
    }
    return new LibraryService.Form(
        req.paramOr("title", ""),
        req.param("summary").orElse(""),
        req.paramOr("kind", ""),
        req.paramOr("language", ""),
        req.paramOr("publishedOn", ""),
        authors,
        req.paramOr("contact", ""),
        String.join(", ", req.params("countries")),
        req.params("topics"),
        req.param("links").orElse(""),
        translations);
  }

  /** Every country for the form's list, those of the resource selected. */
  private static List<Choice> countryChoices(Req req, String chosen) {
    java.util.Set<String> codes = new java.util.HashSet<>();
    for (String part : (chosen == null ? "" : chosen).split("[,;\\n]+")) {
      Countries.codeOf(part).ifPresent(codes::add);
    }
    return Countries.options(req.lang()).stream()
        .map(o -> new Choice(o.code(), o.name(), codes.contains(o.code())))
        .toList();
  }

  /** One author slot of the form. */
  public record AuthorSlot(int n, LibraryService.AuthorForm a) {}

  /** One translation block of the form. */
  public record TranslationSlot(String language, String nameKey, String title, String summary) {}

  private Result form(
      Req req, Resource existing, LibraryService.Form values, Map<String, String> errors) {
    if (req.viewer().isEmpty()) {
      throw new Refusal.Unauthenticated();
    }
    if (existing != null && !LibraryService.isModerator(req.viewer())) {
      throw Refusal.forbidden();
    }
    Map<String, String> translated = new LinkedHashMap<>();
    errors.forEach((k, v) -> translated.put(k, req.t(v)));
    Messages.Bundle b = req.bundle();
    List<Choice> kinds = new ArrayList<>();
    for (ResourceKind k : ResourceKind.values()) {
      kinds.add(new Choice(k.code(), b.get(k.nameKey()), k.code().equals(values.kind())));
    }
    List<Choice> languages =
        ContentLanguages.NAMED.stream()
            .map(
                l -> new Choice(l, b.get(ContentLanguages.nameKey(l)), l.equals(values.language())))
            .toList();
    List<Choice> topics =
        library.topics().stream()
            .map(t -> new Choice(t.code(), t.name(), values.topics().contains(t.code())))
            .toList();
    List<AuthorSlot> authors = new ArrayList<>();
    for (int i = 0; i < LibraryService.MAX_AUTHORS; i++) {
      authors.add(
          new AuthorSlot(
              i + 1,
              i < values.authors().size()
                  ? values.authors().get(i)
                  : new LibraryService.AuthorForm("", "", "", "")));
    }
    List<TranslationSlot> translations = new ArrayList<>();
    for (String l : Messages.LANGUAGES) {
      var t =
          values.translations().stream()
              .filter(x -> x.language().equals(l))
              .findFirst()
              .orElse(new LibraryService.TranslationForm(l, "", ""));
      translations.add(new TranslationSlot(l, ContentLanguages.nameKey(l), t.title(), t.summary()));
    }
    boolean moderator = LibraryService.isModerator(req.viewer());
    return Result.page("library/form")
        .with(
            "title",
            req.t(
                existing != null
                    ? "library.form.editTitle"
                    : moderator ? "library.form.addTitle" : "library.form.suggestTitle"))
        .with("existing", existing)
        .with("moderator", moderator)
        .with("action", existing == null ? "/resources/new" : existing.url() + "/edit")
        .with("v", values)
        .with("countryChoices", countryChoices(req, values.countries()))
        .with("kinds", kinds)
        .with("languageChoices", languages)
        .with("topicChoices", topics)
        .with("authors", authors)
        .with("translationSlots", translations)
        .with("files", existing == null ? List.of() : library.repository().files(existing.id()))
        .with("errors", translated)
        .status(errors.isEmpty() ? 200 : 400);
  }

  private Result create(Req req) {
    LibraryService.Form f = readForm(req);
    try {
      Resource r = library.create(req.viewer(), f);
      return Result.redirect(r.url() + (r.published() ? "" : "?suggested=1"));
    } catch (Refusal.Invalid e) {
      return form(req, null, f, e.fieldErrors());
    }
  }

  private Result update(Req req) {
    LibraryService.Form f = readForm(req);
    long id = req.pathLong("id");
    try {
      Resource r = library.update(req.viewer(), id, f);
      return Result.redirect(r.url());
    } catch (Refusal.Invalid e) {
      return form(req, library.visible(req.viewer(), id), f, e.fieldErrors());
    }
  }

  private Result queue(Req req) {
    return Result.page("library/moderation")
        .with("title", req.t("library.moderation.title"))
        .with("suggestions", library.suggestions(req.viewer()))
        .with("comments", library.pendingComments(req.viewer()))
        .with("topics", library.topics());
  }

  // ---- feed

  private Result feed(Req req) {
    List<Resource> latest = library.latest(50);
    List<AtomWriter.Entry> entries = new ArrayList<>();
    Instant updated = Instant.EPOCH;
    for (Resource r : latest) {
      Instant at = r.postedOn().atStartOfDay().toInstant(ZoneOffset.UTC);
      if (r.updatedAt().isAfter(updated)) {
        updated = r.updatedAt();
      }
      entries.add(
          new AtomWriter.Entry(
              baseUrl + r.url(),
              r.title() + " (" + req.t(r.kindKey()) + ")",
              at,
              r.updatedAt(),
              null,
              r.summaryHtml(),
              false));
    }
    byte[] xml =
        AtomWriter.write(
            new AtomWriter.Feed(
                req.t("library.title"),
                req.t("library.intro"),
                baseUrl + "/resources/feed.atom",
                baseUrl + "/resources",
                updated,
                req.t("site.name"),
                entries));
    return new Result.Raw(200, "application/atom+xml; charset=utf-8", xml, Map.of());
  }

  // ---- API

  private Result apiList(Req req) {
    Filter f = filter(req);
    LibraryRecords.Page page = library.page(f);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", page.total());
    out.put("items", page.items().stream().map(this::item).toList());
    return Result.json(out);
  }

  private Map<String, Object> item(Card c) {
    Resource r = c.resource();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("title", r.title());
    m.put("kind", r.kind());
    m.put("language", r.language());
    m.put("publishedOn", r.publishedOn() == null ? null : r.publishedOn().toString());
    m.put(
        "authors",
        c.authors().stream()
            .map(
                a -> {
                  Map<String, Object> am = new LinkedHashMap<>();
                  am.put("name", a.name());
                  am.put("organisation", a.organisation());
                  return am;
                })
            .toList());
    m.put("countries", c.countries());
    m.put("topics", c.topics().stream().map(LibraryRecords.Topic::code).toList());
    m.put("saves", c.saves());
    m.put("comments", c.comments());
    m.put("url", baseUrl + r.url());
    return m;
  }

  // ---- uploads

  private static List<FileUpload> uploads(Req req) {
    return req.uploads().stream()
        .filter(u -> u.fileName() != null && !u.fileName().isBlank())
        .toList();
  }

  private static byte[] read(FileUpload u) {
    try {
      return Files.readAllBytes(Path.of(u.uploadedFileName()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The profile's "My saved" section. */
  public Map<String, Object> profileSection(long memberId, String email) {
    return Map.of(
        "savedResources",
        cardViews(library.savedBy(memberId), Messages.DEFAULT_LANGUAGE),
        "libraryMail",
        library.subscribed(memberId));
  }
}
