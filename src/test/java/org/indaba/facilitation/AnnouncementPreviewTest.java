package org.indaba.facilitation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.HttpSession;
import org.indaba.testing.RelayedApp;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Before a theme goes out, its moderators see the announcement as each language's subscribers will
 * get it and can mail themselves a test copy, which is the very mail they then receive; they read
 * their own discussion's outgoing mail, and nobody else's.
 */
class AnnouncementPreviewTest {
  static RelayedApp env;
  static TestApp app;
  static Fixtures fx;

  @BeforeAll
  static void start() {
    env = RelayedApp.start();
    app = env.app;
    fx = new Fixtures(app);
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  private static long world(String slug) {
    long d = fx.discussion(slug, "Seeds " + slug, false);
    app.app.db.dsl().execute("update discussion set welcomed_languages = 'en,fr' where id = ?", d);
    fx.theme(d, 1, "Which seeds?", OffsetDateTime.now(app.clock).minusDays(1));
    fx.theme(d, 2, "Who keeps them?", OffsetDateTime.now(app.clock).plusDays(6));
    app.app
        .db
        .dsl()
        .execute(
            "update theme set published_at = publish_at where discussion_id = ? and week = 1", d);
    long mod = fx.member("mod@" + slug + ".test", "Mod", "Org", "Senegal", "en", "member");
    fx.moderator(d, mod);
    app.app.subscriptions.set(d, mod, "announcements");
    long john = fx.member("john@" + slug + ".test", "John", "Leeds", "UK", "en", "member");
    app.app.subscriptions.set(d, john, "announcements");
    return d;
  }

  @Test
  void thePreviewAndTheTestCopyAreTheMailSubscribersThenReceive() throws Exception {
    world("prev");
    HttpSession mod = app.browser();
    mod.login("mod@prev.test", TestApp.PASSWORD);
    assertThat(mod.get("/d/prev?week=2").body()).contains("/d/prev/themes/2/preview");
    String preview = mod.get("/d/prev/themes/2/preview").body();
    assertThat(preview)
        .contains("Subscribers reading English")
        .contains("Subscribers reading French")
        .contains("Seeds prev, week 2: Who keeps them?")
        .contains("Seeds prev, semaine 2")
        .contains("srcdoc=\"");

    HttpSession.Response sent = mod.post("/d/prev/themes/2/test-copy", Map.of("language", "en"));
    assertThat(sent.status()).isEqualTo(303);
    List<MimeMessage> copies = env.deliveredTo("mod@prev.test");
    assertThat(copies).hasSize(1);
    MimeMessage copy = copies.get(0);
    assertThat(preview).contains(RelayedApp.subject(copy));
    // nobody else got anything, and the theme is still unpublished
    assertThat(env.deliveredTo("john@prev.test")).isEmpty();

    mod.post("/d/prev/themes/2/publish", Map.of());
    List<MimeMessage> toMod = env.deliveredTo("mod@prev.test");
    assertThat(toMod).hasSize(2);
    MimeMessage real = toMod.get(1);
    assertThat(RelayedApp.subject(real)).isEqualTo(RelayedApp.subject(copy));
    assertThat(RelayedApp.text(real)).isEqualTo(RelayedApp.text(copy));
    assertThat(RelayedApp.part(real, "text/html")).isEqualTo(RelayedApp.part(copy, "text/html"));
    assertThat(RelayedApp.subject(env.deliveredTo("john@prev.test").get(0)))
        .isEqualTo(RelayedApp.subject(copy));
  }

  @Test
  void testCopiesAreForModeratorsOnlyAndLimitedPerHour() {
    world("limit");
    HttpSession john = app.browser();
    john.login("john@limit.test", TestApp.PASSWORD);
    assertThat(john.get("/d/limit/themes/2/preview").status()).isEqualTo(403);
    assertThat(john.post("/d/limit/themes/2/test-copy", Map.of("language", "en")).status())
        .isEqualTo(403);
    assertThat(app.browser().get("/d/limit/themes/2/preview").status()).isIn(302, 303, 401);

    HttpSession mod = app.browser();
    mod.login("mod@limit.test", TestApp.PASSWORD);
    for (int i = 0; i < 10; i++) {
      assertThat(mod.post("/d/limit/themes/2/test-copy", Map.of("language", "fr")).status())
          .isEqualTo(303);
    }
    assertThat(mod.post("/d/limit/themes/2/test-copy", Map.of("language", "fr")).status())
        .isEqualTo(429);
    assertThat(mod.post("/d/limit/themes/2/test-copy", Map.of("language", "de")).status())
        .isEqualTo(400);
  }

  @Test
  void moderatorsReadTheirOwnDiscussionsOutgoingMailAndNoOtherOne() {
    world("mine");
    world("theirs");
    HttpSession mine = app.browser();
    mine.login("mod@mine.test", TestApp.PASSWORD);
    HttpSession theirs = app.browser();
    theirs.login("mod@theirs.test", TestApp.PASSWORD);
    mine.post("/d/mine/themes/2/publish", Map.of());
    theirs.post("/d/theirs/themes/2/publish", Map.of());
    env.deliveredTo("john@mine.test");

    String list = mine.get("/d/mine/mail").body();
    assertThat(list).contains("john@mine.test").doesNotContain("john@theirs.test");
    long theirMail =
        app.app
            .db
            .dsl()
            .fetchOne("select max(id) from mail_outbox where recipient = 'john@theirs.test'")
            .get(0, Long.class);
    long myMail =
        app.app
            .db
            .dsl()
            .fetchOne("select max(id) from mail_outbox where recipient = 'john@mine.test'")
            .get(0, Long.class);
    assertThat(mine.get("/d/mine/mail/" + myMail).body()).contains("Who keeps them?");
    assertThat(mine.get("/d/mine/mail/" + theirMail).status()).isEqualTo(404);
    assertThat(mine.get("/d/theirs/mail").status()).isEqualTo(403);
  }
}
