package org.indaba.moderation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.indaba.db.Changes;
import org.indaba.model.ContentKind;
import org.indaba.model.Refusal;
import org.indaba.moderation.ModerationRecords.AuditEntry;
import org.indaba.moderation.ModerationRecords.ContributionRef;
import org.indaba.moderation.ModerationRecords.Dashboard;
import org.indaba.moderation.ModerationRecords.DiscussionQueue;
import org.indaba.translation.ShownTitles;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/** The moderation dashboard, per-discussion queues, decisions, trust, flags and the audit log. */
public final class ModerationRoutes {
  private final ModerationService service;
  private final ShownTitles titles;

  public ModerationRoutes(ModerationService service, ShownTitles titles) {
    this.service = service;
    this.titles = titles;
  }

  public void register(WebServer web) {
    web.get("/moderation", this::dashboard);
    web.get("/moderation/:slug", this::queue);
    web.get("/moderation/:slug/audit", this::audit);
    web.post("/moderation/:slug/approve-selected", this::approveSelected);
    web.post(
        "/moderation/:slug/trust",
        req -> {
          service.trust(req.viewer(), req.pathParam("slug"), memberId(req));
          return back(req, "/moderation/" + req.pathParam("slug"));
        });
    web.post(
        "/moderation/:slug/untrust",
        req -> {
          service.untrust(req.viewer(), req.pathParam("slug"), memberId(req));
          return back(req, "/moderation/" + req.pathParam("slug"));
        });
    web.post(
        "/moderation/contributions/:id/approve",
        req -> {
          service.approve(req.viewer(), req.pathLong("id"));
          return done(req, "approve");
        });
    web.post(
        "/moderation/contributions/:id/reject",
        req -> {
          service.reject(req.viewer(), req.pathLong("id"), req.paramOr("reason", ""));
          return done(req, "reject");
        });
    web.get("/moderation/contributions/:id/edit", this::editForm);
    web.post(
        "/moderation/contributions/:id/edit",
        req -> {
          service.editAndApprove(req.viewer(), req.pathLong("id"), req.param("body").orElse(""));
          return done(req, "approve");
        });
    web.post(
        "/moderation/contributions/:id/delete",
        req -> {
          service.delete(req.viewer(), req.pathLong("id"), req.paramOr("reason", ""));
          return done(req, "delete");
        });
    web.post(
        "/moderation/contributions/:id/undo",
        req -> {
          String undone = service.undo(req.viewer(), req.pathLong("id"));
          return back(req, "/moderation", "undone=" + undone + "&c=" + req.pathLong("id"));
        });
    web.post(
        "/moderation/flags/:id/dismiss",
        req -> {
          service.dismissFlag(req.viewer(), req.pathLong("id"));
          return back(req, "/moderation");
        });
    web.get("/c/:id/flag", this::flagForm);
    web.post(
        "/c/:id/flag",
        req -> {
          service.flag(req.viewer(), req.pathLong("id"), req.paramOr("reason", ""));
          return Result.redirect("/c/" + req.pathLong("id") + "/flag?done=1");
        });
  }

  private static long memberId(Req req) {
    try {
      return Long.parseLong(req.paramOr("memberId", ""));
    } catch (NumberFormatException e) {
      throw Refusal.badRequest("error.badNumber", "memberId");
    }
  }

  /** Back to the page the form was on, saying what was done there and offering to undo it. */
  private static Result done(Req req, String action) {
    return back(req, "/moderation", "done=" + action + "&c=" + req.pathLong("id"));
  }

  private static Result back(Req req, String fallback, String query) {
    String to = target(req, fallback).replaceAll("([?&])(done|undone|c)=[^&#]*", "$1");
    to = to.replaceAll("[?&]+$", "").replace("?&", "?");
    return Result.redirect(to + (to.contains("?") ? "&" : "?") + query);
  }

  private static String target(Req req, String fallback) {
    return req.param("returnTo")
        .filter(
            p ->
                p.startsWith("/")
                    && !p.startsWith("//")
                    && !p.startsWith("/\\")
                    && p.length() < 500)
        .orElse(fallback);
  }

  /**
   * What the previous action did, for the notice at the top of the page, with its undo button while
   * the viewer may still take it back.
   */
  private Map<String, Object> doneNotice(Req req) {
    Optional<Long> id = req.param("c").flatMap(ModerationRoutes::parseId);
    Optional<String> done =
        req.param("done").filter(a -> java.util.List.of("approve", "reject", "delete").contains(a));
    Optional<String> undone =
        req.param("undone")
            .filter(a -> java.util.List.of("approve", "reject", "delete").contains(a));
    if (id.isEmpty() || (done.isEmpty() && undone.isEmpty())) {
      return null;
    }
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("id", id.get());
    if (done.isPresent()) {
      n.put("text", req.t("facilitation.done." + done.get(), String.valueOf(id.get())));
      n.put("undo", service.undoable(req.viewer(), id.get()).isPresent());
    } else {
      n.put("text", req.t("facilitation.undone." + undone.get(), String.valueOf(id.get())));
      n.put("undo", false);
    }
    n.put(
        "returnTo",
        req.uri().replaceAll("([?&])(done|undone|c)=[^&#]*", "$1").replaceAll("[?&]+$", ""));
    return n;
  }

  private static Optional<Long> parseId(String s) {
    try {
      return Optional.of(Long.parseLong(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Back to the page the form was on, when it is a page of this site. */
  private static Result back(Req req, String fallback) {
    return Result.redirect(org.indaba.web.SafeRedirect.localPath(req.param("returnTo"), fallback));
  }

  /** The pager of a queue's pages under {@code base}; null when everything fits on one. */
  private static Map<String, Object> pager(String base, int page, int pages) {
    return pages < 2
        ? null
        : Map.of(
            "number",
            page,
            "count",
            pages,
            "previous",
            page > 1 ? base + "?page=" + (page - 1) : "",
            "next",
            page < pages ? base + "?page=" + (page + 1) : "");
  }

  private Result dashboard(Req req) {
    Dashboard d = service.dashboard(req.viewer(), req.paramInt("page").orElse(1));
    java.util.Set<String> slugs = new java.util.HashSet<>();
    d.pending().forEach(x -> slugs.add(x.discussionSlug()));
    d.flags().forEach(x -> slugs.add(x.discussionSlug()));
    d.upcoming().forEach(x -> slugs.add(x.discussionSlug()));
    d.weeks().forEach(x -> slugs.add(x.discussionSlug()));
    return Result.page("moderation/dashboard")
        .with("title", req.t("moderation.dashboard.title"))
        .with("titles", titles.bySlug(slugs, req.lang()))
        .with("doneNotice", doneNotice(req))
        .with("pending", d.pending())
        .with("pendingCount", d.pendingTotal())
        .with("queuePages", pager("/moderation", d.page(), d.pages()))
        .with("flags", d.flags())
        .with("flagCount", d.flags().size())
        .with("upcoming", d.upcoming())
        .with("weeks", d.weeks());
  }

  private Result queue(Req req) {
    DiscussionQueue q =
        service.queue(req.viewer(), req.pathParam("slug"), req.paramInt("page").orElse(1));
    String base = "/moderation/" + q.discussion().slug();
    Map<String, ShownTitles.Shown> shown =
        titles.bySlug(java.util.List.of(q.discussion().slug()), req.lang());
    ShownTitles.Shown title = shownTitle(shown, q.discussion());
    return Result.page("moderation/queue")
        .with("title", req.t("moderation.queue.title", title.title()))
        .with("titles", shown)
        .with("shownTitle", title)
        .with("doneNotice", doneNotice(req))
        .with("selectionNotice", selectionNotice(req))
        .with("discussion", q.discussion())
        .with("pending", q.pending())
        .with("pendingCount", q.pendingTotal())
        .with("selectable", true)
        .with("queuePages", pager(base, q.page(), q.pages()))
        .with("flags", q.flags())
        .with("flagCount", q.flags().size())
        .with("trusted", q.trusted())
        .with("weeks", q.weeks());
  }

  /** The discussion's title for this reader; as written when the lookup has none. */
  private static ShownTitles.Shown shownTitle(
      Map<String, ShownTitles.Shown> shown, ModerationRecords.DiscussionRef d) {
    return shown.getOrDefault(d.slug(), new ShownTitles.Shown(d.title(), ""));
  }

  /** Approves the contributions ticked on the queue page, each as a single approval. */
  private Result approveSelected(Req req) {
    String slug = req.pathParam("slug");
    java.util.List<Long> ids = new java.util.ArrayList<>();
    for (String s : req.params("ids")) {
      ids.add(parseId(s).orElseThrow(() -> Refusal.badRequest("error.badNumber", "ids")));
    }
    ModerationService.Selection done = service.approveAll(req.viewer(), slug, ids);
    String to =
        org.indaba.web.SafeRedirect.localPath(req.param("returnTo"), "/moderation/" + slug)
            .replaceAll("([?&])(done|undone|c|approved|decided)=[^&#]*", "$1")
            .replaceAll("[?&]+$", "")
            .replace("?&", "?");
    return Result.redirect(
        to
            + (to.contains("?") ? "&" : "?")
            + "approved="
            + done.approved()
            + "&decided="
            + done.alreadyDecided());
  }

  /** What the last "approve selected" did, for the notice at the top of the queue. */
  private static String selectionNotice(Req req) {
    Optional<Integer> approved = req.param("approved").flatMap(ModerationRoutes::parseInt);
    if (approved.isEmpty()) {
      return null;
    }
    int decided = req.param("decided").flatMap(ModerationRoutes::parseInt).orElse(0);
    String text = req.t("reading.queue.approved", approved.get());
    return decided == 0 ? text : text + " " + req.t("reading.queue.alreadyDecided", decided);
  }

  private static Optional<Integer> parseInt(String s) {
    try {
      return Optional.of(Integer.parseInt(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Result audit(Req req) {
    var d = service.discussionFor(req.viewer(), req.pathParam("slug"));
    ShownTitles.Shown title = shownTitle(titles.bySlug(java.util.List.of(d.slug()), req.lang()), d);
    return Result.page("moderation/audit")
        .with("title", req.t("moderation.audit.title", title.title()))
        .with("shownTitle", title)
        .with("discussion", d)
        .with(
            "entries",
            service.auditLog(req.viewer(), d.slug()).stream().map(e -> auditRow(req, e)).toList());
  }

  /** Actions recorded by other features may have no label here yet: the raw name is shown then. */
  private static Map<String, Object> auditRow(Req req, AuditEntry e) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("entry", e);
    String actionKey = "moderation.audit.action." + e.action();
    row.put("actionLabel", req.bundle().has(actionKey) ? req.t(actionKey) : e.action());
    String targetKey = "moderation.audit.target." + e.targetType();
    row.put(
        "targetLabel",
        req.bundle().has(targetKey)
            ? req.t(targetKey, e.targetId())
            : e.targetType() + " " + (e.targetId() == null ? "" : e.targetId()));
    row.put(
        "targetHref",
        e.targetId() == null
            ? null
            : ContentKind.CONTRIBUTION.code().equals(e.targetType())
                ? "/c/" + e.targetId()
                : Changes.MEMBER_TARGET.equals(e.targetType()) ? "/members/" + e.targetId() : null);
    return row;
  }

  private Result editForm(Req req) {
    ContributionRef c = service.forEditing(req.viewer(), req.pathLong("id"));
    return Result.page("moderation/edit")
        .with("title", req.t("moderation.edit.title"))
        .with("titles", titles.bySlug(java.util.List.of(c.discussionSlug()), req.lang()))
        .with("contribution", c);
  }

  private Result flagForm(Req req) {
    ContributionRef c = service.flaggable(req.viewer(), req.pathLong("id"));
    return Result.page("moderation/flag")
        .with("title", req.t("moderation.flag.title"))
        .with("titles", titles.bySlug(java.util.List.of(c.discussionSlug()), req.lang()))
        .with("contribution", c)
        .with("done", req.param("done").isPresent());
  }
}
