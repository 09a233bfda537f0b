package org.indaba.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.FLAG;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every moderator action, tried by every kind of visitor. Those without rights must get the exact
 * refusal (sign-in redirect for anonymous visitors, 403 for members) and change nothing; the
 * discussion's moderator and an admin succeed.
 */
class PermissionMatrixTest {
  enum Actor {
    ANONYMOUS,
    AUTHOR,
    OTHER_MEMBER,
    MODERATOR_OF_ANOTHER_DISCUSSION,
    MODERATOR,
    ADMIN
  }

  static TestApp app;
  static Fixtures fx;
  static long discussion;
  static long author;
  static long flagger;
  static final Map<Actor, HttpSession> sessions = new EnumMap<>(Actor.class);
  static final AtomicInteger languages = new AtomicInteger();

  @BeforeAll
  static void start() {
    app = TestApp.start();
    fx = new Fixtures(app);
    discussion = fx.discussion("matrix", "Local authorities and migrants", true);
    long other = fx.discussion("matrix-other", "Another discussion", true);
    author = fx.member("author@example.org", "Author", "", "", "en", "member");
    flagger = fx.member("flagger@example.org", "Flagger", "", "", "en", "member");
    fx.member("other@example.org", "Other", "", "", "en", "member");
    long otherMod = fx.member("othermod@example.org", "Other Moderator", "", "", "en", "moderator");
    fx.moderator(other, otherMod);
    long mod = fx.member("mod@example.org", "Moderator", "", "", "en", "member");
    fx.moderator(discussion, mod);
    fx.member("admin@example.org", "Admin", "", "", "en", "admin");
    sessions.put(Actor.ANONYMOUS, app.browser());
    sessions.put(Actor.AUTHOR, signIn("author@example.org"));
    sessions.put(Actor.OTHER_MEMBER, signIn("other@example.org"));
    sessions.put(Actor.MODERATOR_OF_ANOTHER_DISCUSSION, signIn("othermod@example.org"));
    sessions.put(Actor.MODERATOR, signIn("mod@example.org"));
    sessions.put(Actor.ADMIN, signIn("admin@example.org"));
  }

  private static HttpSession signIn(String email) {
    HttpSession s = app.browser();
    s.login(email, TestApp.PASSWORD);
    return s;
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /**
   * One action: {@code target} makes a fresh object to act on, {@code path} addresses it, {@code
   * form} is null for a GET, {@code changed} says whether the action took effect.
   */
  record Action(
      String name,
      LongSupplier target,
      LongFunction<String> path,
      Map<String, String> form,
      int success,
      LongPredicate changed) {}

  private static String freshLanguage() {
    int n = languages.getAndIncrement();
    return "" + (char) ('a' + n / 26) + (char) ('a' + n % 26) + "x";
  }

  private static final Map<Long, String> replyLanguages =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static long draft() {
    String lang = freshLanguage();
    long id = fx.replyDraft(discussion, lang, "Synthesis " + lang, "Draft text " + lang);
    replyLanguages.put(id, lang);
    return id;
  }

  private static List<Action> actions() {
    LongSupplier pending = () -> fx.pending(discussion, author, "Pending text");
    LongSupplier published = () -> fx.approved(discussion, 1, author, "Published text");
    LongSupplier none = () -> 0L;
    return List.of(
        new Action(
            "approve",
            pending,
            id -> "/moderation/contributions/" + id + "/approve",
            Map.of(),
            303,
            id -> fx.status(id).equals("approved")),
        new Action(
            "reject",
            pending,
            id -> "/moderation/contributions/" + id + "/reject",
            Map.of("reason", "Off topic"),
            303,
            id -> fx.status(id).equals("rejected")),
        new Action(
            "edit form",
            pending,
            id -> "/moderation/contributions/" + id + "/edit",
            null,
            200,
            null),
        new Action(
            "edit then approve",
            pending,
            id -> "/moderation/contributions/" + id + "/edit",
            Map.of("body", "Edited"),
            303,
            id -> fx.status(id).equals("approved")),
        new Action(
            "trust",
            none,
            id -> "/moderation/matrix/trust",
            Map.of("memberId", String.valueOf(author)),
            303,
            null),
        new Action(
            "untrust",
            none,
            id -> "/moderation/matrix/untrust",
            Map.of("memberId", String.valueOf(author)),
            303,
            null),
        new Action(
            "delete",
            published,
            id -> "/moderation/contributions/" + id + "/delete",
            Map.of("reason", "Personal data"),
            303,
            id -> fx.status(id).equals("deleted")),
        new Action(
            "dismiss flag",
            () -> fx.flag(published.getAsLong(), flagger, "Spam"),
            id -> "/moderation/flags/" + id + "/dismiss",
            Map.of(),
            303,
            id ->
                app.app
                    .db
                    .dsl()
                    .fetchExists(FLAG, FLAG.ID.eq(id).and(FLAG.RESOLVED_AT.isNotNull()))),
        new Action("view queue", none, id -> "/moderation/matrix", null, 200, null),
        new Action("view audit log", none, id -> "/moderation/matrix/audit", null, 200, null),
        new Action("reply edit form", none, id -> "/d/matrix/reply/en/edit", null, 200, null),
        new Action(
            "save reply",
            none,
            id -> "/d/matrix/reply/en/edit",
            Map.of("title", "Synthesis", "body", "Saved text"),
            303,
            null),
        new Action(
            "publish reply",
            PermissionMatrixTest::draft,
            id -> "/d/matrix/reply/" + replyLanguages.get(id) + "/publish",
            Map.of(),
            303,
            id -> fx.replyStatus(id).equals("published")));
  }

  private static boolean allowed(Actor a) {
    return a == Actor.MODERATOR || a == Actor.ADMIN;
  }

  @Test
  void everyModeratorActionIsRefusedToThoseWithoutRightsAndWorksForModeratorAndAdmin() {
    List<String> wrong = new ArrayList<>();
    for (Action action : actions()) {
      for (Actor actor : Actor.values()) {
        long target = action.target().getAsLong();
        String path = action.path().apply(target);
        HttpSession s = sessions.get(actor);
        HttpSession.Response r = action.form() == null ? s.get(path) : s.post(path, action.form());
        String got = r.status() + (r.status() == 303 ? " " + r.location() : "");
        String expected;
        if (allowed(actor)) {
          expected = String.valueOf(action.success());
          if (r.status() != action.success()
              || (action.changed() != null && !action.changed().test(target))) {
            wrong.add(
                action.name() + " by " + actor + ": expected success " + expected + ", got " + got);
          }
          continue;
        }
        boolean ok =
            actor == Actor.ANONYMOUS
                ? r.status() == 303 && r.location().startsWith("/login")
                : r.status() == 403;
        if (!ok) {
          wrong.add(
              action.name()
                  + " by "
                  + actor
                  + ": expected "
                  + (actor == Actor.ANONYMOUS ? "303 /login" : "403")
                  + ", got "
                  + got);
        }
        if (action.changed() != null && action.changed().test(target)) {
          wrong.add(action.name() + " by " + actor + ": took effect although refused");
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  /**
   * Drafts do not exist for readers: anyone without rights gets 404, not a hint that a draft
   * exists.
   */
  @Test
  void aDraftReplyIsNotFoundForEveryoneButItsModeratorsAndAdmins() {
    long id = draft();
    String path = "/d/matrix/reply/" + replyLanguages.get(id);
    for (Actor actor : Actor.values()) {
      var r = sessions.get(actor).get(path);
      assertThat(r.status()).as(actor.name()).isEqualTo(allowed(actor) ? 200 : 404);
      assertThat(sessions.get(actor).get(path + "/print").status())
          .as(actor + " print")
          .isEqualTo(allowed(actor) ? 200 : 404);
    }
  }

  @Test
  void theDashboardIsForModeratorsAndAdmins() {
    assertThat(sessions.get(Actor.ANONYMOUS).get("/moderation").location()).startsWith("/login");
    assertThat(sessions.get(Actor.AUTHOR).get("/moderation").status()).isEqualTo(403);
    assertThat(sessions.get(Actor.OTHER_MEMBER).get("/moderation").status()).isEqualTo(403);
    assertThat(sessions.get(Actor.MODERATOR_OF_ANOTHER_DISCUSSION).get("/moderation").status())
        .isEqualTo(200);
    assertThat(sessions.get(Actor.MODERATOR).get("/moderation").status()).isEqualTo(200);
    assertThat(sessions.get(Actor.ADMIN).get("/moderation").status()).isEqualTo(200);
  }

  @Test
  void statePostsWithoutACsrfTokenAreRefused() {
    long c = fx.pending(discussion, author, "CSRF target");
    var r =
        sessions
            .get(Actor.MODERATOR)
            .postRaw("/moderation/contributions/" + c + "/approve", Map.of());
    assertThat(r.status()).isEqualTo(403);
    assertThat(fx.status(c)).isEqualTo("pending");
  }
}
