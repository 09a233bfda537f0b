package org.indaba.mail;

import org.indaba.model.Refusal;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/** A discussion's moderators: the announcement preview and test copy, and the outgoing mail. */
public final class ModeratorMailRoutes {
  private final ModeratorMail service;

  public ModeratorMailRoutes(ModeratorMail service) {
    this.service = service;
  }

  public void register(WebServer web) {
    web.get("/d/:slug/themes/:week/preview", this::preview);
    web.post(
        "/d/:slug/themes/:week/test-copy",
        req -> {
          String lang = req.paramOr("language", "");
          service.sendTestCopy(req.viewer(), req.pathParam("slug"), week(req), lang);
          return Result.redirect(
              "/d/"
                  + req.pathParam("slug")
                  + "/themes/"
                  + week(req)
                  + "/preview?sent="
                  + (lang.isBlank() ? "all" : lang));
        });
    web.get("/d/:slug/mail", this::outgoing);
    web.get(
        "/d/:slug/mail/:id",
        req -> {
          ModeratorMail.Shown m =
              service.outgoingMail(req.viewer(), req.pathParam("slug"), req.pathLong("id"));
          return Result.page("facilitation/outgoing-mail")
              .with("title", m.mail().subject())
              .with("mail", m.mail())
              .with("withheld", m.withheld())
              .with("back", "/d/" + req.pathParam("slug") + "/mail");
        });
  }

  private static int week(Req req) {
    try {
      return Integer.parseInt(req.pathParam("week"));
    } catch (NumberFormatException e) {
      throw Refusal.notFound();
    }
  }

  private Result preview(Req req) {
    ModeratorMail.ThemePreviews p =
        service.themePreviews(req.viewer(), req.pathParam("slug"), week(req));
    return Result.page("facilitation/theme-preview")
        .with("title", req.t("launch.preview.title", p.theme().week(), p.discussion().title()))
        .with("p", p)
        .with("discussionUrl", "/d/" + p.discussion().slug())
        .with("sent", req.param("sent").orElse(null));
  }

  private Result outgoing(Req req) {
    ModeratorMail.Outgoing o =
        service.outgoing(req.viewer(), req.pathParam("slug"), req.paramInt("page").orElse(1));
    String base = "/d/" + o.discussion().slug() + "/mail";
    return Result.page("facilitation/outgoing")
        .with("title", req.t("launch.outgoing.title", o.discussion().title()))
        .with("o", o)
        .with(
            "pager",
            o.pages() < 2
                ? null
                : java.util.Map.of(
                    "number",
                    o.page(),
                    "count",
                    o.pages(),
                    "previous",
                    o.page() > 1 ? base + "?page=" + (o.page() - 1) : "",
                    "next",
                    o.page() < o.pages() ? base + "?page=" + (o.page() + 1) : ""))
        .with("discussionUrl", "/d/" + o.discussion().slug());
  }
}
