package org.indaba.mail;

import java.util.LinkedHashMap;
import java.util.Map;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/** Unsubscribe links, mail preferences on the profile, and the admins' mail page. */
public final class MailRoutes {
  private final Subscriptions subscriptions;
  private final MailAdmin admin;
  private final MailConfirmations confirmations;

  public MailRoutes(Subscriptions subscriptions, MailAdmin admin, MailConfirmations confirmations) {
    this.subscriptions = subscriptions;
    this.admin = admin;
    this.confirmations = confirmations;
  }

  public void register(WebServer web) {
    web.get(
        "/unsubscribe/:token",
        req ->
            Result.page("subscription/unsubscribe")
                .with("title", req.t("mail.unsubscribe.title"))
                .with("u", subscriptions.readUnsubscribe(req.pathParam("token")))
                .with("token", req.pathParam("token")));
    // RFC 8058: mail clients POST here without cookies; the signed token is the authority
    web.postWithoutCsrf(
        "/unsubscribe/:token",
        req ->
            Result.page("subscription/unsubscribed")
                .with("title", req.t("mail.unsubscribe.title"))
                .with("u", subscriptions.unsubscribe(req.pathParam("token"))));
    // "did you send this?": the GET shows what is asked and a button; only the POST acts, and
    // the signed token is its authority (the member may open the link in a browser without a
    // session)
    web.get(
        "/mail/confirm/:token",
        req ->
            Result.page("mail-confirm/confirm")
                .with("title", req.t("mailtrust.confirm.title"))
                .with("request", confirmations.read(req.pathParam("token")))
                .with("token", req.pathParam("token")));
    web.postWithoutCsrf(
        "/mail/confirm/:token",
        req -> {
          MailConfirmations.Request r = confirmations.read(req.pathParam("token"));
          boolean done = confirmations.confirm(req.pathParam("token"));
          return Result.page("mail-confirm/confirmed")
              .with("title", req.t("mailtrust.confirm.title"))
              .with("request", r)
              .with("confirmed", done);
        });
    web.get(
        "/api/admin/mail/inbound",
        req -> {
          int page = req.paramInt("page").orElse(1);
          if (page < 1) {
            throw Refusal.badRequest("error.badNumber", "page");
          }
          return Result.json(admin.inboundPage(req.requireAdmin(), page));
        });
    web.post("/profile/subscriptions", this::savePreferences);
    web.post(
        "/profile/mail/resume",
        req -> {
          subscriptions.resumeMail(req.requireViewer().email());
          return Result.redirect("/profile?saved=1");
        });
    web.get(
        "/admin/mail",
        req -> {
          MailAdmin.Overview o = admin.overview(req.requireAdmin());
          return Result.page("admin/mail")
              .with("title", req.t("admin.mail.title"))
              .with("inbound", o.inbound())
              .with("outbox", o.outbox())
              .with("alreadyPosted", req.paramInt("alreadyPosted").orElse(null));
        });
    web.get(
        "/admin/mail/inbound/:id/raw",
        req -> {
          InboundStore.Inbound in = admin.inbound(req.requireAdmin(), req.pathLong("id"));
          return new Result.Raw(
              200,
              "text/plain; charset=utf-8",
              in.raw(),
              Map.of(
                  "Content-Disposition", "attachment; filename=\"inbound-" + in.id() + ".eml\""));
        });
    web.post(
        "/admin/mail/inbound/:id/reprocess",
        req -> {
          Long posted = admin.reprocess(req.requireAdmin(), req.pathLong("id"));
          // a message that became a contribution is not processed again: the page says so
          return Result.redirect(
              posted == null ? "/admin/mail" : "/admin/mail?alreadyPosted=" + posted);
        });
    web.get(
        "/admin/mail/outbox/:id",
        req ->
            Result.page("admin/mail-outbox")
                .with("title", req.t("admin.mail.outbox"))
                .with("mail", admin.outboxMail(req.requireAdmin(), req.pathLong("id"))));
  }

  /** The profile's mail section: the mode of each discussion, and a notice when mail stopped. */
  public Map<String, Object> profileSection(long memberId, String email) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mailSubscriptions", subscriptions.of(memberId));
    m.put("mailModes", Subscriptions.MODES);
    m.put("mailSuppressed", subscriptions.suppression(email).orElse(null));
    m.put("mailNotPosted", admin.notPostedOf(memberId));
    return m;
  }

  private Result savePreferences(Req req) {
    Viewer v = req.requireViewer();
    Map<Long, String> modes = new LinkedHashMap<>();
    for (MailRepository.Subscription s : subscriptions.of(v.id())) {
      req.param("mode-" + s.discussionId()).ifPresent(mode -> modes.put(s.discussionId(), mode));
    }
    if (modes.isEmpty()) {
      throw Refusal.badRequest("error.badRequest");
    }
    subscriptions.update(v.id(), modes);
    return Result.redirect("/profile?saved=1");
  }
}
