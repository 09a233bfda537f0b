package org.indaba.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.indaba.mail.MailWorld;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every state-changing route of the router has its place in the permission matrix: who may use it.
 * A route added without an entry here fails the first test; each entry is then tried over HTTP by
 * visitors below its level, who must be refused. The moderator actions are tried in depth, with
 * their effect, by {@code PermissionMatrixTest}.
 */
class RoutePermissionCoverageTest {
  enum Access {
    /** Public forms: sign-in, registration, reset, language choice. */
    ANYONE,
    /** Authorised by a signed token in the URL (mail links), not by a session. */
    TOKEN_IN_URL,
    /** A signed-in member, acting on their own things. */
    MEMBER,
    /** A translator or a moderator of the content's discussion. */
    TRANSLATOR,
    /** A site moderator (creates discussions). */
    SITE_MODERATOR,
    /** A moderator of that discussion, or an admin. */
    DISCUSSION_MODERATOR,
    /** An admin. */
    ADMIN,
    /** The JSON API with a bearer token. */
    API_TOKEN
  }

  static final Map<String, Access> MATRIX = new LinkedHashMap<>();

  static {
    for (String p : List.of("/register", "/login", "/logout", "/reset", "/account/language")) {
      MATRIX.put("POST " + p, Access.ANYONE);
    }
    for (String p : List.of("/reset/:token", "/verify/:token", "/unsubscribe/:token")) {
      MATRIX.put("POST " + p, Access.TOKEN_IN_URL);
    }
    // "did you send this?": a one-click POST from the mail, possibly in a browser without a
    // session; the signed token is the authority, so it takes no CSRF token (like unsubscribe)
    MATRIX.put("POST /mail/confirm/:token", Access.TOKEN_IN_URL);
    // completing the profile of a member who joined by mail: the signed link, once, with CSRF
    MATRIX.put("POST /join/profile/:token", Access.TOKEN_IN_URL);
    for (String p :
        List.of(
            "/profile",
            "/profile/verify",
            "/profile/tokens",
            "/profile/tokens/:id/revoke",
            "/profile/password",
            "/profile/subscriptions",
            "/profile/mail/resume",
            "/c/:id/flag",
            "/c/:id/edit",
            "/d/:slug/contributions",
            "/d/:slug/join",
            "/d/:slug/leave",
            "/profile/notices",
            // the library: members suggest, comment, save and subscribe; the suggester adds files
            // to their own suggestion while it waits
            "/resources/new",
            "/resources/subscription",
            "/resources/:id/save",
            "/resources/:id/unsave",
            "/resources/:id/comments",
            "/resources/:id/files",
            "/resources/:id/files/:fileId/delete")) {
      MATRIX.put("POST " + p, Access.MEMBER);
    }
    for (String p :
        List.of(
            "/translations/:type/:id/:language",
            "/translations/:type/:id/:language/edit",
            "/translations/:type/:id/:language/machine",
            "/translations/:type/:id/:language/review",
            "/content/:type/:id/language")) {
      MATRIX.put("POST " + p, Access.TRANSLATOR);
    }
    for (String p :
        List.of(
            "/d/new",
            // the library is moderated by the site moderators
            "/resources/topics",
            "/resources/:id/edit",
            "/resources/:id/publish",
            "/resources/:id/reject",
            "/resources/comments/:cid/approve",
            "/resources/comments/:cid/reject")) {
      MATRIX.put("POST " + p, Access.SITE_MODERATOR);
    }
    for (String p :
        List.of(
            "/d/:slug/edit",
            "/d/:slug/non-member-mail",
            "/d/:slug/close",
            "/d/:slug/reopen",
            "/d/:slug/archive",
            "/d/:slug/weeks/:week/summary/:language/edit",
            "/d/:slug/weeks/:week/summary/:language/publish",
            "/d/:slug/weeks/:week/summary/:language/withdraw",
            "/d/:slug/weeks/:week/summary/:language/machine-draft",
            "/d/:slug/themes/:week/test-copy",
            "/d/:slug/analytics/public",
            "/d/:slug/documents",
            "/d/:slug/documents/attach",
            "/d/:slug/documents/:id/delete",
            "/d/:slug/themes/:week/edit",
            "/d/:slug/themes/:week/publish",
            "/d/:slug/reply/:language/edit",
            "/d/:slug/reply/:language/publish",
            "/c/:id/edit/approve",
            "/c/:id/edit/reject",
            "/moderation/:slug/trust",
            "/moderation/:slug/untrust",
            "/moderation/:slug/approve-selected",
            "/moderation/contributions/:id/approve",
            "/moderation/contributions/:id/reject",
            "/moderation/contributions/:id/edit",
            "/moderation/contributions/:id/delete",
            "/moderation/contributions/:id/undo",
            "/moderation/flags/:id/dismiss")) {
      MATRIX.put("POST " + p, Access.DISCUSSION_MODERATOR);
    }
    for (String p :
        List.of(
            "/admin/members/:id/role",
            "/admin/mail/inbound/:id/reprocess",
            "/admin/mail/outbox/:id",
            "/admin/organisations/merge",
            "/admin/organisations/:id/unmerge",
            "/admin/countries/:id")) {
      MATRIX.put("POST " + p, Access.ADMIN);
    }
    for (String p :
        List.of("/api/discussions/:slug/contributions", "/api/discussions/:slug/replies")) {
      MATRIX.put("POST " + p, Access.API_TOKEN);
    }
  }

  static TestApp app;
  static long contribution;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    Fixtures fx = new Fixtures(app);
    long d = fx.discussion("covered", "Covered discussion", true);
    new MailWorld(app).theme(d, 1, true);
    long author = fx.member("author@example.org", "Author", "", "", "en", "member");
    contribution = fx.approved(d, 1, author, "A published contribution");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String key(WebServer.RouteInfo r) {
    return r.method() + " " + r.path();
  }

  @Test
  void everyStateChangingRouteIsInThePermissionMatrix() {
    Set<String> missing = new TreeSet<>();
    for (WebServer.RouteInfo r : app.app.web.routes()) {
      if (r.changesState() && !MATRIX.containsKey(key(r))) {
        missing.add(key(r));
      }
    }
    assertThat(missing).as("state-changing routes nobody decided the rights of").isEmpty();
  }

  @Test
  void everyStateChangingRouteTakesACsrfTokenOrSaysWhyNot() {
    for (WebServer.RouteInfo r : app.app.web.routes()) {
      if (!r.changesState()) {
        continue;
      }
      Access a = MATRIX.get(key(r));
      boolean exempt = a == Access.API_TOKEN || (a == Access.TOKEN_IN_URL && !r.csrfChecked());
      assertThat(r.csrfChecked() || exempt).as(key(r)).isTrue();
    }
  }

  private static String concrete(String path) {
    return path.replace(":slug", "covered")
        .replace(":cid", String.valueOf(contribution))
        .replace(":fileId", "1")
        .replace(":id", String.valueOf(contribution))
        .replace(":week", "1")
        .replace(":language", "en")
        .replace(":type", "contribution")
        .replace(":token", "not-a-valid-token");
  }

  @Test
  void visitorsBelowARoutesLevelAreRefused() {
    HttpSession anonymous = app.browser();
    HttpSession member = app.signedIn("plain@example.org", "member");
    HttpSession siteModerator = app.signedIn("sitemod@example.org", "moderator");
    List<String> wrong = new ArrayList<>();
    for (WebServer.RouteInfo r : app.app.web.routes()) {
      Access a = MATRIX.get(key(r));
      if (!r.changesState() || a == null) {
        continue;
      }
      String path = concrete(r.path());
      Map<String, String> form =
          Map.of(
              "reason",
              "x",
              "role",
              "admin",
              "body",
              "x",
              "name",
              "x",
              "language",
              "fr",
              "memberId",
              "1");
      switch (a) {
        case ANYONE -> {}
        case TOKEN_IN_URL -> {
          int s = anonymous.post(path, Map.of("password", "a long enough password")).status();
          if (s != 404 && !(s == 200 && !path.startsWith("/unsubscribe"))) {
            wrong.add(key(r) + " with a forged token: " + s);
          }
        }
        case API_TOKEN -> {
          int s = anonymous.postJson(path, "{\"body\":\"x\"}", Map.of()).status();
          if (s != 401) {
            wrong.add(key(r) + " without a token: " + s);
          }
        }
        default -> {
          var res = anonymous.post(path, form);
          boolean refused =
              (res.status() == 303 && res.location().startsWith("/login")) || res.status() == 404;
          if (!refused) {
            wrong.add(key(r) + " by an anonymous visitor: " + res.status());
          }
          if (a == Access.MEMBER) {
            break;
          }
          int s = member.post(path, form).status();
          if (s != 403 && s != 404) {
            wrong.add(key(r) + " by a plain member: " + s);
          }
          if (a == Access.DISCUSSION_MODERATOR || a == Access.ADMIN) {
            int m = siteModerator.post(path, form).status();
            if (m != 403 && m != 404) {
              wrong.add(key(r) + " by a moderator of other discussions: " + m);
            }
          }
        }
      }
    }
    assertThat(wrong).isEmpty();
  }
}
