package org.indaba.consolidated;

import java.util.Map;
import org.indaba.consolidated.ReplyRecords.EditForm;
import org.indaba.consolidated.ReplyRecords.ReplyView;
import org.indaba.i18n.Messages;
import org.indaba.model.ContentKind;
import org.indaba.model.Refusal;
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
  private final String baseUrl;
  private org.indaba.web.Views views;
  private WebServer web;

  public ReplyRoutes(ReplyService service, TranslationService translations, String baseUrl) {
    this.service = service;
    this.translations = translations;
    this.baseUrl = baseUrl;
  }

  public void register(WebServer web) {
    this.web = web;
    this.views = web.views();
    // {lang}.pdf is the PDF of that version; the path segment is one parameter for the router
    web.get(
        "/d/:slug/reply/:language",
        req -> req.pathParam("language").endsWith(".pdf") ? pdf(req) : view(req, false));
    web.get("/d/:slug/reply/:language/print", req -> view(req, true));
    web.get("/d/:slug/reply/:language/edit", req -> editForm(req, Map.of(), null, null));
    web.post("/d/:slug/reply/:language/edit", this::save);
    web.post(
        "/d/:slug/reply/:language/publish",
        req -> {
          service.publish(
              req.viewer(),
              req.pathParam("slug"),
              req.pathParam("language"),
              req.checkbox("despiteUnresolved"));
          return Result.redirect(
              ReplyService.path(req.pathParam("slug"), req.pathParam("language")));
        });
    web.get(
        "/api/discussions/:slug/replies",
        req -> Result.json(service.publishedReplies(req.viewer(), req.pathParam("slug"))));
  }

  /** The printable page as PDF, with citation numbers, contributors and permalinks. */
  private Result pdf(Req req) {
    String lang = req.pathParam("language");
    lang = lang.substring(0, lang.length() - ".pdf".length());
    ReplyView v = service.view(req.viewer(), req.pathParam("slug"), lang);
    Map<String, Object> model = web.commonModel(req);
    model.put("discussion", v.discussion());
    model.put("reply", v.reply());
    model.put("contributors", v.contributors());
    model.put("cited", v.cited());
    model.put("permalink", v.permalink());
    model.put("baseUrl", baseUrl);
    String html = views.render("consolidated/pdf", model, req.bundle(), req.zone());
    byte[] pdf = ReplyPdf.render(html, baseUrl + "/");
    return new Result.Raw(
        200,
        "application/pdf",
        pdf,
        Map.of(
            "Content-Disposition",
            "inline; filename=\"" + v.discussion().slug() + "-" + v.reply().language() + ".pdf\""));
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
                .into(ContentKind.REPLY.code(), java.util.List.of(v.reply().id()), req.lang())
                .get(v.reply().id());
    Rendition shown =
        Rendition.of(
            ContentKind.REPLY.code(),
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
            .with("cited", v.cited())
            .with("baseUrl", baseUrl)
            .with(
                "pdfPath", ReplyService.path(v.discussion().slug(), v.reply().language()) + ".pdf")
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
        .with("citable", f.citable())
        .with("unresolved", f.unresolved())
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
