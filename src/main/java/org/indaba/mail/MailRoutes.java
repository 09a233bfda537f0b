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

  public MailRoutes(Subscriptions subscriptions, MailAdmin admin) {
    this.subscriptions = subscriptions;
    this.admin = admin;
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
              .with("outbox", o.outbox());
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
          admin.reprocess(req.requireAdmin(), req.pathLong("id"));
          return Result.redirect("/admin/mail");
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
