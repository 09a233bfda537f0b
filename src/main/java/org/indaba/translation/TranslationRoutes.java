package org.indaba.translation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.indaba.i18n.ContentLanguages;
import org.indaba.model.Refusal;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/**
 * Translation pages: the list of an original's translations, one translation beside its original
 * (two columns that stack on a phone), the edit form, the machine draft and review buttons, and the
 * language correction of an original.
 */
public final class TranslationRoutes {
  private final TranslationService service;

  private final ShownTitles titles;

  public TranslationRoutes(TranslationService service, ShownTitles titles) {
    this.service = service;
    this.titles = titles;
  }

  /** The discussion's title in the reader's language, for the link above the original. */
  private Map<String, ShownTitles.Shown> titles(Req req, Original o) {
    return titles.bySlug(java.util.List.of(o.discussionSlug()), req.lang());
  }

  public void register(WebServer web) {
    web.get("/translations/:type/:id", this::overview);
    web.get("/translations/:type/:id/:language", this::compare);
    web.get(
        "/translations/:type/:id/:language/edit",
        req ->
            editPage(
                req,
                service.editForm(
                    req.viewer(),
                    req.pathParam("type"),
                    req.pathLong("id"),
                    req.pathParam("language")),
                null,
                null,
                Map.of()));
    web.post("/translations/:type/:id/:language", this::save);
    web.post(
        "/translations/:type/:id/:language/machine",
        req -> {
          service.draftWithMachine(
              req.viewer(), req.pathParam("type"), req.pathLong("id"), req.pathParam("language"));
          return Result.redirect(back(req, editPath(req)));
        });
    web.post(
        "/translations/:type/:id/:language/review",
        req -> {
          service.markReviewed(
              req.viewer(), req.pathParam("type"), req.pathLong("id"), req.pathParam("language"));
          return Result.redirect(back(req, comparePath(req)));
        });
    web.post(
        "/content/:type/:id/language",
        req -> {
          service.correctLanguage(
              req.viewer(),
              req.pathParam("type"),
              req.pathLong("id"),
              req.param("language").orElse(""));
          return Result.redirect(
              back(req, service.urlOf(req.pathParam("type"), req.pathLong("id"))));
        });
  }

  private static String comparePath(Req req) {
    return "/translations/"
        + req.pathParam("type")
        + "/"
        + req.pathLong("id")
        + "/"
        + req.pathParam("language");
  }

  private static String editPath(Req req) {
    return comparePath(req) + "/edit";
  }

  /** A local path from the form, never another site: "//host" and "/\host" are refused. */
  static String back(Req req, String fallback) {
    return org.indaba.web.SafeRedirect.localPath(req.param("returnTo"), fallback);
  }

  private Result overview(Req req) {
    String type = req.pathParam("type");
    long id = req.pathLong("id");
    Optional<String> to = req.param("to").filter(s -> !s.isEmpty());
    if (to.isPresent()) {
      // the "translate into" selector is a GET form: send the person on to the edit form
      String lang = to.get();
      if (!ContentLanguages.isNamed(lang)) {
        throw Refusal.badRequest("translation.error.language");
      }
      return Result.redirect(
          "/translations/"
              + type
              + "/"
              + id
              + "/"
              + URLEncoder.encode(lang, StandardCharsets.UTF_8)
              + "/edit");
    }
    TranslationService.Overview o = service.overview(req.viewer(), type, id, req.lang());
    return Result.page("translation/overview")
        .with("title", req.t("translation.overview.title"))
        .with("o", o)
        .with("original", o.original())
        .with("titles", titles(req, o.original()));
  }

  private Result compare(Req req) {
    TranslationService.Comparison c =
        service.compare(
            req.viewer(), req.pathParam("type"), req.pathLong("id"), req.pathParam("language"));
    return Result.page("translation/compare")
        .with("title", req.t("translation.compare.title"))
        .with("c", c)
        .with("original", c.original())
        .with("titles", titles(req, c.original()))
        .with("translation", c.translation())
        .with("trPath", comparePath(req));
  }

  private Result editPage(
      Req req,
      TranslationService.Comparison c,
      String title,
      String body,
      Map<String, String> errors) {
    Map<String, String> shown = req.fieldErrors(errors);
    Translation t = c.translation();
    return Result.page("translation/edit")
        .with("title", req.t("translation.edit.title"))
        .with("c", c)
        .with("original", c.original())
        .with("titles", titles(req, c.original()))
        .with("translation", t)
        .with("formTitle", title != null ? title : t == null || t.title() == null ? "" : t.title())
        .with("formBody", body != null ? body : t == null ? "" : t.body())
        .with("errors", shown)
        .with(
            "trPath",
            "/translations/" + c.original().type() + "/" + c.original().id() + "/" + c.language())
        .status(errors.isEmpty() ? 200 : 400);
  }

  private Result save(Req req) {
    String type = req.pathParam("type");
    long id = req.pathLong("id");
    String language = req.pathParam("language");
    String title = req.param("title").orElse("");
    String body = req.param("body").orElse("");
    try {
      service.save(
          req.viewer(),
          type,
          id,
          language,
          title,
          body,
          req.checkbox("reviewed"),
          req.param("summary").orElse(null));
    } catch (Refusal.Invalid e) {
      return editPage(
          req, service.editForm(req.viewer(), type, id, language), title, body, e.fieldErrors());
    }
    return Result.redirect(back(req, comparePath(req)));
  }
}
