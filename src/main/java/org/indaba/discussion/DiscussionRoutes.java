package org.indaba.discussion;

import io.vertx.ext.web.FileUpload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.model.ContentKind;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.translation.LanguageOption;
import org.indaba.translation.TranslationService;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/** The server-rendered pages of discussions, themes and contributions. */
public final class DiscussionRoutes {
  private final DiscussionService discussions;
  private final ContributionService contributions;
  private final DiscussionReader reader;
  private final TranslationService translations;
  private final String baseUrl;
  private PageExtras extras = (viewer, page) -> null;
  private org.indaba.i18n.Messages messages;
  private WeekSummaries summaries = (discussionId, lang) -> Map.of();

  /** Where the published week summaries come from. */
  public DiscussionRoutes withWeekSummaries(WeekSummaries summaries) {
    this.summaries = summaries;
    return this;
  }

  /** What other features add to a discussion page (the email addresses, joining). */
  @FunctionalInterface
  public interface PageExtras {
    Map<String, Object> of(Optional<Viewer> viewer, DiscussionReader.Page page);

    /**
     * What of the viewer the extras show (for example whether they joined), made part of the key of
     * a shared page so that readers who would see different blocks never share bytes.
     */
    default String variant(Optional<Viewer> viewer, String slug) {
      return "";
    }
  }

  public DiscussionRoutes withPageExtras(PageExtras extras) {
    this.extras = extras;
    return this;
  }

  public DiscussionRoutes(
      DiscussionService discussions,
      ContributionService contributions,
      DiscussionReader reader,
      TranslationService translations,
      String baseUrl) {
    this.discussions = discussions;
    this.contributions = contributions;
    this.reader = reader;
    this.translations = translations;
    this.baseUrl = baseUrl;
  }

  public void register(WebServer web) {
    this.messages = web.views().messages();
    // ?week=N&lang=xx filtered a week by language before lang= meant the interface language
    web.movedPermanently("/d/:slug", OldWeekLinks::target);
    web.get("/", this::home);
    web.get("/d/new", req -> form(req, null, emptyForm(), Map.of()));
    web.post("/d/new", this::create);
    web.get("/d/:slug", this::page);
    web.get("/d/:slug/feed.atom", this::feed);
    web.get(
        "/d/:slug/edit",
        req -> {
          Discussion d = discussions.visible(req.viewer(), req.pathParam("slug"));
          if (!discussions.canModerate(req.viewer(), d)) {
            throw req.viewer().isEmpty() ? new Refusal.Unauthenticated() : Refusal.forbidden();
          }
          return form(req, d, discussions.formOf(d), Map.of());
        });
    web.post("/d/:slug/edit", this::update);
    web.post(
        "/d/:slug/non-member-mail",
        req -> {
          discussions.setNonMemberMail(
              req.viewer(), req.pathParam("slug"), req.paramOr("mode", ""));
          return Result.redirect("/d/" + req.pathParam("slug") + "/edit");
        });
    web.get("/d/:slug/close", this::closeForm);
    web.post("/d/:slug/close", this::close);
    web.get("/d/:slug/closed", req -> closePage(req, "discussion/closed"));
    web.post(
        "/d/:slug/reopen",
        req -> {
          discussions.reopen(req.viewer(), req.pathParam("slug"));
          return Result.redirect("/d/" + req.pathParam("slug"));
        });
    web.post(
        "/d/:slug/archive",
        req -> {
          discussions.archive(req.viewer(), req.pathParam("slug"));
          return Result.redirect("/d/" + req.pathParam("slug"));
        });
    web.get("/d/:slug/themes/:week/edit", this::themeForm);
    web.post("/d/:slug/themes/:week/edit", this::editTheme);
    web.post(
        "/d/:slug/themes/:week/publish",
        req -> {
          discussions.publishThemeNow(req.viewer(), req.pathParam("slug"), week(req));
          return Result.redirect("/d/" + req.pathParam("slug") + "?week=" + week(req));
        });
    web.post("/d/:slug/contributions", this::post);
    web.get("/c/:id", this::permalink);
    web.get(
        "/c/:id/edit",
        req ->
            editForm(
                req, contributions.requireEditable(req.requireViewer(), req.pathLong("id")), null));
    web.post("/c/:id/edit", this::edit);
    web.post("/c/:id/edit/approve", req -> decideEdit(req, true));
    web.post("/c/:id/edit/reject", req -> decideEdit(req, false));
    web.get(
        "/c/:id/attachments/:attId",
        req ->
            file(
                contributions.attachment(req.viewer(), req.pathLong("id"), req.pathLong("attId"))));
  }

  private static int week(Req req) {
    try {
      return Integer.parseInt(req.pathParam("week"));
    } catch (NumberFormatException e) {
      throw Refusal.notFound();
    }
  }

  private Result home(Req req) {
    DiscussionReader.Home home = reader.home(req.viewer(), req.lang());
    return Result.page("discussion/home")
        .with("title", req.t("home.title"))
        .with("home", home)
        .with("canCreate", req.viewer().map(v -> v.isModerator()).orElse(false));
  }

  /**
   * The discussion page; readers who see nothing of their own share its rendered bytes (see {@link
   * DiscussionReader#sharedKey}).
   */
  private Result page(Req req) {
    String slug = req.pathParam("slug");
    Integer week = req.paramInt("week").orElse(null);
    DiscussionReader.Reading reading = reading(req);
    if (req.param("joined").isPresent() || req.param("left").isPresent()) {
      // the notice of what this reader just did is theirs alone
      return page(req, slug, week, reading, false);
    }
    return reader
        .sharedKey(req.viewer(), slug, week, reading)
        .map(key -> key + "|" + extras.variant(req.viewer(), slug))
        .<Result>map(key -> new Result.Shared(key, () -> page(req, slug, week, reading, true)))
        .orElseGet(() -> page(req, slug, week, reading, false));
  }

  private Result.Page page(
      Req req, String slug, Integer week, DiscussionReader.Reading reading, boolean shared) {
    DiscussionReader.Page p =
        shared
            ? reader.sharedPage(req.viewer(), slug, week, reading)
            : reader.page(req.viewer(), slug, week, reading);
    Discussion d = p.discussion();
    return Result.page("discussion/page")
        .with("title", p.intro().title())
        .with("p", p)
        .with("d", d)
        .with("feedUrl", d.url() + "/feed.atom")
        .with("feedTitle", d.title())
        .with("takePart", extras.of(req.viewer(), p))
        .with("summaries", summariesByWeek(d.id(), req.lang()))
        .with("joinedNotice", req.param("joined").isPresent())
        .with("leftNotice", req.param("left").isPresent());
  }

  /** Week summaries keyed by the week's number as text, for the template's lookup. */
  private Map<String, WeekSummaries.Shown> summariesByWeek(long discussionId, String lang) {
    Map<String, WeekSummaries.Shown> out = new LinkedHashMap<>();
    summaries.of(discussionId, lang).forEach((w, s) -> out.put(String.valueOf(w), s));
    return out;
  }

  /**
   * The reader's language, whether they asked for originals, the week's language filter ({@code
   * written=}; {@code lang=} is the interface language on every page), and the week's page and
   * order.
   */
  static DiscussionReader.Reading reading(Req req) {
    int page = req.paramInt("page").orElse(1);
    return new DiscussionReader.Reading(
        req.lang(),
        req.param("original").filter(v -> !v.isEmpty() && !v.equals("0")).isPresent(),
        req.param(DiscussionReader.WRITTEN).orElse(null),
        Math.max(1, page),
        WeekPaging.Order.of(req.param("order").orElse("")));
  }

  private Result feed(Req req) {
    DiscussionReader.Feed f = reader.feed(req.pathParam("slug"));
    byte[] xml = AtomFeed.render(f, baseUrl, req.bundle());
    return new Result.Raw(200, "application/atom+xml; charset=utf-8", xml, Map.of());
  }

  private static Result file(ContributionService.File f) {
    return new Result.Raw(
        200,
        FilePolicy.servedType(f.attachment().contentType()),
        f.bytes(),
        FilePolicy.downloadHeaders(f.attachment().filename(), f.attachment().contentType()));
  }

  // discussion forms

  private static DiscussionService.Form emptyForm() {
    return new DiscussionService.Form("", "", "", "", "en, fr, es", "", "", "UTC", "4", true, true);
  }

  private static DiscussionService.Form readForm(Req req) {
    return new DiscussionService.Form(
        req.paramOr("slug", ""),
        req.paramOr("title", ""),
        req.paramOr("summary", ""),
        req.param("introduction").orElse(""),
        req.paramOr("welcomedLanguages", ""),
        req.paramOr("moderators", ""),
        req.paramOr("startsOn", ""),
        req.paramOr("timeZone", ""),
        req.paramOr("weeks", ""),
        req.checkbox("preModerated"),
        req.checkbox("draft"));
  }

  private Result form(
      Req req, Discussion existing, DiscussionService.Form values, Map<String, String> errors) {
    return form(req, existing, values, errors, List.of());
  }

  private Result form(
      Req req,
      Discussion existing,
      DiscussionService.Form values,
      Map<String, String> errors,
      List<DiscussionService.WeekForm> weeks) {
    if (existing == null) {
      // only creators see the empty form; the POST checks again
      if (req.viewer().isEmpty()) {
        throw new Refusal.Unauthenticated();
      }
      if (!req.viewer().get().isModerator()) {
        throw Refusal.forbidden();
      }
    }
    Map<String, String> translated = req.fieldErrors(errors);
    return Result.page("discussion/form")
        .with(
            "title",
            req.t(existing == null ? "discussion.form.createTitle" : "discussion.form.editTitle"))
        .with("existing", existing)
        .with("action", existing == null ? "/d/new" : existing.url() + "/edit")
        .with("v", values)
        .with("errors", translated)
        .with("hasErrors", !errors.isEmpty())
        .with(
            "weekFieldsets",
            existing == null ? weekFieldsets(req, values, weeks, translated) : List.of())
        .with("documents", existing == null ? List.of() : reader.documents(existing.id()))
        .with("themes", existing == null ? List.of() : discussions.themes(existing, true))
        .with(
            "forms",
            existing == null
                ? null
                : translations.forms(req.viewer(), ContentKind.DISCUSSION.code(), existing.id()))
        .with("nonMemberMail", existing == null ? null : discussions.nonMemberMail(existing.id()))
        .status(errors.isEmpty() ? 200 : 400);
  }

  private Result create(Req req) {
    DiscussionService.Form f = readForm(req);
    List<DiscussionService.WeekForm> weeks = readWeeks(req, f);
    if (req.param("updateWeeks").isPresent()) {
      // only the number of weeks or the languages changed: the same form with that many weeks
      return form(req, null, f, Map.of(), weeks);
    }
    try {
      DiscussionService.Created created = discussions.create(req.viewer(), f, weeks);
      int skipped = 0;
      for (DiscussionService.WeekForm w : weeks) {
        Long themeId = created.themeIds().get(w.week());
        for (DiscussionService.WeekVersion ver : w.versions()) {
          boolean original = !w.title().isBlank() || !w.question().isBlank();
          if (themeId != null
              && original
              && (!ver.title().isBlank() || !ver.question().isBlank())) {
            try {
              translations.save(
                  req.viewer(),
                  org.indaba.model.ContentKind.THEME.code(),
                  themeId,
                  ver.language(),
                  ver.title(),
                  ver.question(),
                  true);
            } catch (Refusal e) {
              // a language the site cannot name, or a creator who is not among the moderators:
              // the version can still be added from the theme's page
              skipped++;
            }
          }
        }
      }
      return Result.redirect(
          created.discussion().url()
              + "/edit"
              + (skipped > 0 ? "?versionsSkipped=" + skipped : ""));
    } catch (Refusal.Invalid e) {
      return form(req, null, f, e.fieldErrors(), weeks);
    }
  }

  /** The welcomed languages as typed, in order; the first is the one the themes are written in. */
  static List<String> typedLanguages(String typed) {
    List<String> out = new ArrayList<>();
    for (String l :
        (typed == null ? "" : typed).toLowerCase(java.util.Locale.ROOT).split("[,\\s]+")) {
      if (l.matches("[a-z]{2,3}") && !out.contains(l) && out.size() < 10) {
        out.add(l);
      }
    }
    return out.isEmpty() ? List.of("en") : out;
  }

  /** How many week fieldsets the form shows: the number typed, within 1 and the maximum. */
  static int weekCount(String typed) {
    try {
      return Math.max(1, Math.min(DiscussionService.MAX_WEEKS, Integer.parseInt(typed.trim())));
    } catch (NumberFormatException | NullPointerException e) {
      return 4;
    }
  }

  private static List<DiscussionService.WeekForm> readWeeks(Req req, DiscussionService.Form f) {
    List<String> langs = typedLanguages(f.welcomedLanguages());
    List<DiscussionService.WeekForm> out = new ArrayList<>();
    for (int w = 1; w <= weekCount(f.weeks()); w++) {
      String p = "week-" + w + "-";
      List<DiscussionService.WeekVersion> versions = new ArrayList<>();
      for (String lang : langs.subList(1, langs.size())) {
        versions.add(
            new DiscussionService.WeekVersion(
                lang,
                req.paramOr(p + lang + "-title", ""),
                req.param(p + lang + "-question").orElse("")));
      }
      out.add(
          new DiscussionService.WeekForm(
              w,
              req.paramOr(p + "title", ""),
              req.param(p + "question").orElse(""),
              req.paramOr(p + "publishAt", ""),
              versions));
    }
    return out;
  }

  /** The week fieldsets of the launch form, with what was typed and what to correct. */
  private static List<Map<String, Object>> weekFieldsets(
      Req req,
      DiscussionService.Form f,
      List<DiscussionService.WeekForm> typed,
      Map<String, String> errors) {
    List<String> langs = typedLanguages(f.welcomedLanguages());
    List<Map<String, Object>> out = new ArrayList<>();
    for (int w = 1; w <= weekCount(f.weeks()); w++) {
      int week = w;
      DiscussionService.WeekForm t =
          typed.stream().filter(x -> x.week() == week).findFirst().orElse(null);
      String p = "week-" + w + "-";
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("week", w);
      m.put("title", t == null ? "" : t.title());
      m.put("question", t == null ? "" : t.question());
      m.put("publishAt", t == null ? "" : t.publishAt());
      m.put("titleError", errors.get(p + "title"));
      m.put("questionError", errors.get(p + "question"));
      m.put("publishAtError", errors.get(p + "publishAt"));
      m.put("language", langs.get(0));
      m.put("dir", org.indaba.i18n.Messages.isRightToLeft(langs.get(0)) ? "rtl" : "ltr");
      List<Map<String, Object>> versions = new ArrayList<>();
      for (String lang : langs.subList(1, langs.size())) {
        DiscussionService.WeekVersion ver =
            t == null
                ? null
                : t.versions().stream()
                    .filter(x -> x.language().equals(lang))
                    .findFirst()
                    .orElse(null);
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("language", lang);
        vm.put("dir", org.indaba.i18n.Messages.isRightToLeft(lang) ? "rtl" : "ltr");
        vm.put("title", ver == null ? "" : ver.title());
        vm.put("question", ver == null ? "" : ver.question());
        vm.put("titleError", errors.get(p + lang + "-title"));
        vm.put("questionError", errors.get(p + lang + "-question"));
        versions.add(vm);
      }
      m.put("versions", versions);
      out.add(m);
    }
    return out;
  }

  private Result update(Req req) {
    DiscussionService.Form f = readForm(req);
    try {
      Discussion d = discussions.update(req.viewer(), req.pathParam("slug"), f);
      return Result.redirect(d.url());
    } catch (Refusal.Invalid e) {
      return form(
          req, discussions.visible(req.viewer(), req.pathParam("slug")), f, e.fieldErrors());
    }
  }

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

  // closing

  /** The languages a closing message is written in: the welcomed ones the interface speaks. */
  private static List<String> closingLanguages(Discussion d) {
    List<String> out =
        d.welcomedLanguages().stream()
            .filter(org.indaba.i18n.Messages::isSupported)
            .distinct()
            .toList();
    return out.isEmpty() ? List.of(org.indaba.i18n.Messages.DEFAULT_LANGUAGE) : out;
  }

  private Result closeForm(Req req) {
    return closePage(req, "discussion/close");
  }

  private Result.Page closePage(Req req, String template) {
    DiscussionService.ClosingForm f = discussions.closingForm(req.viewer(), req.pathParam("slug"));
    Discussion d = f.discussion();
    List<Map<String, Object>> texts = new ArrayList<>();
    for (String lang : closingLanguages(d)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("language", lang);
      m.put("dir", org.indaba.i18n.Messages.isRightToLeft(lang) ? "rtl" : "ltr");
      m.put(
          "text",
          req.param("message-" + lang)
              .orElse(messages.bundle(lang).get("launch.closing.defaultText", d.title())));
      texts.add(m);
    }
    return Result.page(template)
        .with("title", req.t("launch.closing.title", d.title()))
        .with("d", d)
        .with("mailedBefore", f.mailedBefore())
        .with("closed", d.closedAt() != null)
        .with("messages", texts)
        .with("replyPath", "/d/" + d.slug() + "/reply/" + closingLanguages(d).get(0) + "/edit");
  }

  private Result close(Req req) {
    String slug = req.pathParam("slug");
    Discussion d = discussions.visible(req.viewer(), slug);
    Map<String, String> texts = new LinkedHashMap<>();
    for (String lang : closingLanguages(d)) {
      req.param("message-" + lang).ifPresent(t -> texts.put(lang, t));
    }
    try {
      discussions.closeEarly(req.viewer(), slug, req.checkbox("mailParticipants"), texts);
    } catch (Refusal.Invalid e) {
      return closePage(req, "discussion/close")
          .with("error", req.t(e.fieldErrors().values().iterator().next()))
          .status(400);
    }
    return Result.redirect("/d/" + slug + "/closed");
  }

  // themes

  private Result themeForm(Req req) {
    Discussion d = discussions.visible(req.viewer(), req.pathParam("slug"));
    if (!discussions.canModerate(req.viewer(), d)) {
      throw req.viewer().isEmpty() ? new Refusal.Unauthenticated() : Refusal.forbidden();
    }
    Theme t =
        discussions.themes(d, true).stream()
            .filter(x -> x.week() == week(req))
            .findFirst()
            .orElseThrow(Refusal::notFound);
    LocalDateTime local =
        LocalDateTime.ofInstant(t.publishAt(), d.zone()).truncatedTo(ChronoUnit.MINUTES);
    return themePage(
        req,
        d,
        t,
        new DiscussionService.ThemeForm(t.title(), t.question(), local.toString()),
        Map.of());
  }

  private Result themePage(
      Req req,
      Discussion d,
      Theme t,
      DiscussionService.ThemeForm values,
      Map<String, String> errors) {
    Map<String, String> translated = req.fieldErrors(errors);
    return Result.page("discussion/theme-form")
        .with("title", req.t("discussion.theme.editTitle", t.week()))
        .with("d", d)
        .with("theme", t)
        .with("v", values)
        .with("errors", translated)
        .with("forms", translations.forms(req.viewer(), ContentKind.THEME.code(), t.id()))
        .with("languageOptions", LanguageOption.labels(t.language()))
        .status(errors.isEmpty() ? 200 : 400);
  }

  private Result editTheme(Req req) {
    String slug = req.pathParam("slug");
    DiscussionService.ThemeForm f =
        new DiscussionService.ThemeForm(
            req.paramOr("title", ""),
            req.param("question").orElse(""),
            req.paramOr("publishAt", ""));
    try {
      discussions.editTheme(req.viewer(), slug, week(req), f);
      return Result.redirect("/d/" + slug + "?week=" + week(req));
    } catch (Refusal.Invalid e) {
      Discussion d = discussions.visible(req.viewer(), slug);
      Theme t =
          discussions.themes(d, true).stream()
              .filter(x -> x.week() == week(req))
              .findFirst()
              .orElseThrow();
      return themePage(req, d, t, f, e.fieldErrors());
    }
  }

  // contributions

  private Result post(Req req) {
    var viewer = req.requireViewer();
    List<NewContribution.NewAttachment> files = new ArrayList<>();
    for (FileUpload u : uploads(req)) {
      files.add(
          new NewContribution.NewAttachment(u.fileName(), u.contentType(), read(u), null, false));
    }
    Long replyTo =
        req.param("replyTo")
            .filter(s -> !s.isEmpty())
            .map(
                s -> {
                  try {
                    return Long.parseLong(s);
                  } catch (NumberFormatException e) {
                    throw Refusal.badRequest("discussion.error.replyTo");
                  }
                })
            .orElse(null);
    Contribution c;
    try {
      c =
          contributions.postContribution(
              NewContribution.byMember(
                      viewer.id(),
                      req.pathParam("slug"),
                      req.paramInt("week").orElse(null),
                      req.param("body").orElse(""),
                      NewContribution.Source.WEB)
                  .withReplyTo(replyTo)
                  .withAttachments(files));
    } catch (Refusal e) {
      if (e.kind() == Refusal.Kind.UNAUTHENTICATED || e.kind() == Refusal.Kind.UNAVAILABLE) {
        throw e;
      }
      // a long text typed on a slow line must not be lost to a refusal: show it again, ready to
      // resend
      return Result.page("discussion/post-failed")
          .with("title", req.t("discussion.postFailed.title"))
          .with(
              "error",
              e instanceof Refusal.Invalid inv && !inv.fieldErrors().isEmpty()
                  ? req.t(inv.fieldErrors().values().iterator().next())
                  : req.t(e.messageKey(), e.args()))
          .with("slug", req.pathParam("slug"))
          .with("week", req.param("week").orElse(""))
          .with("replyTo", replyTo)
          .with("body", req.param("body").orElse(""))
          .with("hadFiles", !files.isEmpty())
          .status(WebServer.statusOf(e));
    }
    return Result.redirect(c.url());
  }

  private Result permalink(Req req) {
    DiscussionReader.PermalinkPage page =
        reader.permalink(req.viewer(), req.pathLong("id"), reading(req));
    ContributionService.Permalink p = page.p();
    boolean canReply =
        contributions.canReplyTo(req.viewer(), p.discussion(), p.theme(), p.contribution().c());
    return Result.page("discussion/contribution")
        .with("title", req.t("discussion.contribution.title", p.contribution().author().name()))
        .with("p", p)
        .with("page", page)
        .with("languageOptions", LanguageOption.labels(p.contribution().c().language()))
        .with("d", p.discussion())
        .with("discussionTitle", titleIn(p.discussion(), req.lang()))
        .with("canReply", canReply)
        .with(
            "pendingEdit",
            contributions
                .pendingEdit(req.viewer(), p.contribution().c(), p.moderator())
                .orElse(null))
        .with("editWaiting", req.param("edit").filter("waiting"::equals).isPresent())
        .with("feedUrl", p.discussion().url() + "/feed.atom")
        .with("feedTitle", p.discussion().title());
  }

  /** The discussion's title in the reader's language when translated into it. */
  private String titleIn(Discussion d, String lang) {
    return translations
        .best(org.indaba.model.ContentKind.DISCUSSION.code(), d.id(), lang)
        .map(org.indaba.translation.BestVersion::title)
        .filter(t -> t != null && !t.isBlank())
        .orElse(d.title());
  }

  private Result editForm(Req req, Contribution c, String error) {
    return editForm(req, c, error, c.body()).status(error == null ? 200 : 400);
  }

  private Result.Page editForm(Req req, Contribution c, String error, String body) {
    return Result.page("discussion/edit-contribution")
        .with("title", req.t("discussion.contribution.editTitle"))
        .with("c", c)
        .with("body", body)
        .with("error", error)
        .with("minutes", ContributionService.EDIT_WINDOW.toMinutes());
  }

  private Result edit(Req req) {
    long id = req.pathLong("id");
    String body = req.param("body").orElse("");
    ContributionService.EditOutcome outcome;
    try {
      outcome = contributions.editContribution(req.requireViewer(), id, body);
    } catch (Refusal.Invalid e) {
      // the text stays on the form, with what to change
      Contribution c = contributions.requireEditable(req.requireViewer(), id);
      String key = e.fieldErrors().values().stream().findFirst().orElse("error.invalid");
      return editForm(req, c, req.t(key), body).status(400);
    }
    return Result.redirect(
        "/c/" + id + (outcome == ContributionService.EditOutcome.WAITING ? "?edit=waiting" : ""));
  }

  private Result decideEdit(Req req, boolean approve) {
    long id = req.pathLong("id");
    contributions.decideEdit(req.viewer(), id, approve);
    return Result.redirect("/c/" + id);
  }
}
