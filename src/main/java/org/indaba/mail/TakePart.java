package org.indaba.mail;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.indaba.db.Database;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/**
 * "Take part by email" and "Join this discussion": the addresses every discussion page and the API
 * show, and the one-click join and leave for signed-in members (themes and a daily digest by
 * default, changed on the profile).
 */
public final class TakePart {
  private final Database db;
  private final MailAddresses addresses;
  private final MailRepository repo;
  private final Subscriptions subscriptions;

  public TakePart(
      Database db, MailAddresses addresses, MailRepository repo, Subscriptions subscriptions) {
    this.db = db;
    this.addresses = addresses;
    this.repo = repo;
    this.subscriptions = subscriptions;
  }

  /**
   * The discussion's addresses: {@code post}, {@code week} (the current week's, or null before the
   * first theme), {@code subscribe}, {@code digest}, {@code unsubscribe}, {@code help}.
   */
  public Map<String, String> addresses(String slug, Integer currentWeek) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("post", addresses.post(slug));
    m.put("week", currentWeek == null ? null : addresses.week(slug, currentWeek));
    m.put("subscribe", addresses.command(slug, MailRoute.Action.SUBSCRIBE));
    m.put("digest", addresses.command(slug, MailRoute.Action.DIGEST));
    m.put("unsubscribe", addresses.command(slug, MailRoute.Action.UNSUBSCRIBE));
    m.put("help", addresses.command(slug, MailRoute.Action.HELP));
    return m;
  }

  /** What the discussion page shows: the addresses, and for a member whether they follow it. */
  public Map<String, Object> pageBlock(
      Optional<Viewer> viewer, long discussionId, String slug, Integer currentWeek) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("email", addresses(slug, currentWeek));
    m.put("currentWeek", currentWeek);
    m.put("signedIn", viewer.isPresent());
    viewer
        .flatMap(v -> subscriptions.modeOf(discussionId, v.id()))
        .filter(mode -> !Subscriptions.NONE.equals(mode))
        .ifPresent(mode -> m.put("mode", mode));
    return m;
  }

  /** The subscription mode the page block shows this viewer ("" when signed out or not joined). */
  public String variant(Optional<Viewer> viewer, String slug) {
    return viewer
        .flatMap(
            v -> repo.discussionBySlug(slug).flatMap(d -> subscriptions.modeOf(d.id(), v.id())))
        .filter(mode -> !Subscriptions.NONE.equals(mode))
        .orElse("");
  }

  public void register(WebServer web) {
    web.post(
        "/d/:slug/join",
        req -> {
          Viewer v = req.requireViewer();
          MailRepository.Discussion d = joinable(req.pathParam("slug"), v);
          db.txRun(
              tx -> {
                Optional<String> mode = repo.subscriptionMode(d.id(), v.id());
                if (mode.isEmpty() || Subscriptions.NONE.equals(mode.get())) {
                  subscriptions.set(tx, d.id(), v.id(), Subscriptions.JOIN_DEFAULT);
                }
              });
          return Result.redirect("/d/" + d.slug() + "?joined=1#take-part");
        });
    web.post(
        "/d/:slug/leave",
        req -> {
          Viewer v = req.requireViewer();
          MailRepository.Discussion d = joinable(req.pathParam("slug"), v);
          subscriptions.set(d.id(), v.id(), Subscriptions.NONE);
          return Result.redirect("/d/" + d.slug() + "?left=1#take-part");
        });
  }

  /** The discussions a registration form offers to join: those open now. */
  public java.util.List<Map<String, Object>> offered() {
    return repo.openDiscussions().stream()
        .filter(d -> !d.draft())
        .map(d -> Map.<String, Object>of("slug", d.slug(), "title", d.title()))
        .toList();
  }

  /** Joins a just-registered member to the offered discussions they ticked. */
  public void joinOnRegistration(long memberId, java.util.List<String> slugs) {
    java.util.List<MailRepository.Discussion> open =
        repo.openDiscussions().stream()
            .filter(d -> !d.draft() && slugs.contains(d.slug()))
            .toList();
    if (open.isEmpty()) {
      return;
    }
    db.txRun(tx -> open.forEach(d -> subscriptions.joinIfNew(tx, d.id(), memberId)));
  }

  /** A draft discussion does not exist for members: joining it is as unknown as its page. */
  private MailRepository.Discussion joinable(String slug, Viewer v) {
    MailRepository.Discussion d = repo.discussionBySlug(slug).orElseThrow(Refusal::notFound);
    if (d.draft()) {
      throw Refusal.notFound();
    }
    return d;
  }
}
