package org.indaba.consolidated;

import org.indaba.i18n.Messages;
import org.indaba.model.Refusal;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/** The moderators' editor of a week's summary, one language at a time. */
public final class WeekSummaryRoutes {
  private final WeekSummaryService service;

  public WeekSummaryRoutes(WeekSummaryService service) {
    this.service = service;
  }

  static String path(String slug, int week, String language) {
    return "/d/" + slug + "/weeks/" + week + "/summary/" + language;
  }

  public void register(WebServer web) {
    web.get("/d/:slug/weeks/:week/summary/:language/edit", req -> form(req, null, null));
    web.post("/d/:slug/weeks/:week/summary/:language/edit", this::save);
    web.post(
        "/d/:slug/weeks/:week/summary/:language/publish",
        req -> {
          service.publish(
              req.viewer(), req.pathParam("slug"), week(req), req.pathParam("language"));
          return Result.redirect(
              "/d/" + req.pathParam("slug") + "?week=" + week(req) + "#summary-" + week(req));
        });
    web.post(
        "/d/:slug/weeks/:week/summary/:language/machine-draft",
        req -> {
          service.machineDraft(
              req.viewer(),
              req.pathParam("slug"),
              week(req),
              req.pathParam("language"),
              req.paramOr("from", ""));
          return Result.redirect(
              path(req.pathParam("slug"), week(req), req.pathParam("language")) + "/edit");
        });
    web.post(
        "/d/:slug/weeks/:week/summary/:language/withdraw",
        req -> {
          service.withdraw(
              req.viewer(), req.pathParam("slug"), week(req), req.pathParam("language"));
          return Result.redirect(
              path(req.pathParam("slug"), week(req), req.pathParam("language")) + "/edit");
        });
  }

  private static int week(Req req) {
    try {
      return Integer.parseInt(req.pathParam("week"));
    } catch (NumberFormatException e) {
      throw Refusal.notFound();
    }
  }

  private Result form(Req req, String body, String error) {
    WeekSummaryService.EditForm f =
        service.editForm(req.viewer(), req.pathParam("slug"), week(req), req.pathParam("language"));
    return Result.page("summary/edit")
        .with("title", req.t("launch.summary.edit.title", f.week(), f.discussion().title()))
        .with("f", f)
        .with("discussionUrl", "/d/" + f.discussion().slug())
        .with("summaryPath", path(f.discussion().slug(), f.week(), f.language()))
        .with("weekBase", "/d/" + f.discussion().slug() + "/weeks/" + f.week() + "/summary/")
        .with("contentDir", Messages.isRightToLeft(f.language()) ? "rtl" : "ltr")
        .with("body", body != null ? body : f.existing() == null ? "" : f.existing().body())
        .with("error", error)
        .with("saved", req.param("saved").isPresent())
        .status(error == null ? 200 : 400);
  }

  private Result save(Req req) {
    String body = req.param("body").orElse("");
    String slug = req.pathParam("slug");
    String lang = req.pathParam("language");
    int week = week(req);
    try {
      service.save(req.viewer(), slug, week, lang, body);
    } catch (Refusal.Invalid e) {
      return form(req, body, req.t(e.fieldErrors().values().iterator().next()));
    }
    if (req.param("andPublish").isPresent()) {
      service.publish(req.viewer(), slug, week, lang);
      return Result.redirect("/d/" + slug + "?week=" + week + "#summary-" + week);
    }
    return Result.redirect(path(slug, week, lang) + "/edit?saved=1");
  }
}
