package org.indaba.consolidated;

import java.util.Map;
import org.indaba.consolidated.ReplyRecords.EditForm;
import org.indaba.consolidated.ReplyRecords.ReplyView;
import org.indaba.i18n.Messages;
import org.indaba.model.Refusal;
import org.indaba.search.SearchOutbox;
import org.indaba.translation.Rendition;
import org.indaba.translation.Translation;
import org.indaba.translation.TranslationService;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/** Consolidated replies: reading, printing, writing and publishing, and the JSON list. */
public final class ReplyRoutes {
  private final ReplyService service;
  private final TranslationService translations;

  public ReplyRoutes(ReplyService service, TranslationService translations) {
    this.service = service;
    this.translations = translations;
  }

  public void register(WebServer web) {
    web.get("/d/:slug/reply/:language", req -> view(req, false));
    web.get("/d/:slug/reply/:language/print", req -> view(req, true));
    web.get("/d/:slug/reply/:language/edit", req -> editForm(req, Map.of(), null, null));
    web.post("/d/:slug/reply/:language/edit", this::save);
    web.post(
        "/d/:slug/reply/:language/publish",
        req -> {
          service.publish(req.viewer(), req.pathParam("slug"), req.pathParam("language"));
          return Result.redirect(
              ReplyService.path(req.pathParam("slug"), req.pathParam("language")));
        });
    web.get(
        "/api/discussions/:slug/replies",
        req -> Result.json(service.publishedReplies(req.viewer(), req.pathParam("slug"))));
  }

  private Result view(Req req, boolean print) {
    ReplyView v = service.view(req.viewer(), req.pathParam("slug"), req.pathParam("language"));
    String replyPath = ReplyService.path(v.discussion().slug(), v.reply().language());
    // the printable page is the reply as published; the reading page offers the reader's
    // translation
    boolean original = print || req.param("original").isPresent();
    Translation translation =
        original
            ? null
            : translations
                .into(SearchOutbox.REPLY, java.util.List.of(v.reply().id()), req.lang())
                .get(v.reply().id());
    Rendition shown =
        Rendition.of(
            SearchOutbox.REPLY,
            v.reply().id(),
            v.reply().language(),
            v.reply().title(),
            v.reply().bodyHtml(),
            translation,
            original,
            replyPath + "?original=1",
            replyPath,
            req.lang());
    Result.Page page =
        Result.page(print ? "consolidated/print" : "consolidated/view")
            .with("title", shown.title())
            .with("shown", shown)
            .with(
                "canTranslate",
                v.canModerate() || req.viewer().map(x -> x.translator()).orElse(false))
            .with("discussion", v.discussion())
            .with("reply", v.reply())
            .with("others", v.otherVersions())
            .with("contributors", v.contributors())
            .with("canModerate", v.canModerate())
            .with("permalink", v.permalink())
            .with("replyPath", ReplyService.path(v.discussion().slug(), v.reply().language()));
    return print ? page.asBare() : page;
  }

  private Result editForm(Req req, Map<String, String> errors, String title, String body) {
    EditForm f = service.editForm(req.viewer(), req.pathParam("slug"), req.pathParam("language"));
    Map<String, String> shown = new java.util.LinkedHashMap<>();
    errors.forEach((field, key) -> shown.put(field, req.t(key)));
    return Result.page("consolidated/edit")
        .with("title", req.t("moderation.reply.edit.title", f.discussion().title()))
        .with("discussion", f.discussion())
        .with("language", f.language())
        .with("replyDir", Messages.isRightToLeft(f.language()) ? "rtl" : "ltr")
        .with("existing", f.existing())
        .with(
            "replyTitle", title != null ? title : f.existing() == null ? "" : f.existing().title())
        .with("replyBody", body != null ? body : f.existing() == null ? "" : f.existing().body())
        .with("contributors", f.contributors())
        .with("errors", shown)
        .with("saved", req.param("saved").isPresent())
        .with("replyPath", ReplyService.path(f.discussion().slug(), f.language()))
        .status(errors.isEmpty() ? 200 : 400);
  }

  private Result save(Req req) {
    String title = req.paramOr("title", "");
    String body = req.param("body").orElse("");
    try {
      service.save(req.viewer(), req.pathParam("slug"), req.pathParam("language"), title, body);
    } catch (Refusal.Invalid e) {
      return editForm(req, e.fieldErrors(), title, body);
    }
    return Result.redirect(
        ReplyService.path(req.pathParam("slug"), req.pathParam("language")) + "/edit?saved=1");
  }
}
