package org.indaba.discussion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.CONTRIBUTION_REVISION;
import static org.indaba.db.schema.Tables.DOMAIN_EVENT;
import static org.indaba.db.schema.Tables.SEARCH_OUTBOX;
import static org.indaba.discussion.Fixtures.idFrom;
import static org.indaba.discussion.Fixtures.post;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.indaba.db.EventKind;
import org.indaba.testing.HttpSession;
import org.indaba.testing.MutableClock;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.Test;

class DiscussionLifeTest {

  @Test
  void aDiscussionIsCreatedScheduledPublishedDiscussedEditedAndClosedThroughHttp() {
    TestApp app = TestApp.start();
    MutableClock clock = app.clock;
    String url = app.databaseUrl;
    try {
      HttpSession mod = app.signedIn("mod@life.test", "moderator");
      HttpSession alice = app.signedIn("alice@life.test", "member");
      HttpSession bob = app.signedIn("bob@life.test", "member");
      HttpSession trusted = app.signedIn("trusted@life.test", "member");

      // a moderator creates a pre-moderated discussion starting next Monday, 9 March 2026
      Fixtures.createDiscussion(mod, "life", "2026-03-09", 3, true, "mod@life.test");
      Fixtures.setTheme(
          mod, "life", 1, "Why people send money home", "What do *remittances* pay for?");
      Fixtures.setTheme(mod, "life", 2, "Hometown associations", "Who decides what gets built?");
      long discussionId = app.app.discussionRepository.bySlug("life").orElseThrow().id();
      assertThat(app.app.discussionRepository.themes(discussionId))
          .extracting(Theme::publishAt)
          .containsExactly(
              Instant.parse("2026-03-09T08:00:00Z"),
              Instant.parse("2026-03-16T08:00:00Z"),
              Instant.parse("2026-03-23T08:00:00Z"));
      TestApp first = app;
      first.app.db.txRun(
          tx ->
              first.app.discussionRepository.addTrusted(
                  tx,
                  discussionId,
                  first.app.accounts.byEmail("trusted@life.test").orElseThrow().id(),
                  null,
                  clock.instant()));

      // before the start: scheduled, nothing published, nothing accepted
      app.app.background.runNow("theme-publisher");
      assertThat(alice.get("/d/life").body())
          .contains("Scheduled")
          .doesNotContain("Why people send money home");
      assertThat(mod.get("/d/life").body()).contains("Why people send money home");
      assertThat(post(alice, "life", 1, "Too early", null).status()).isEqualTo(409);

      // the scheduler publishes week 1 once its time has passed
      clock.set(Instant.parse("2026-03-09T08:00:30Z"));
      app.app.background.runNow("theme-publisher");
      String page = alice.get("/d/life").body();
      assertThat(page)
          .contains("Why people send money home")
          .contains("<em>remittances</em>")
          .doesNotContain("Hometown associations");
      assertThat(alice.get("/d/life?week=2").status()).isEqualTo(404);
      assertThat(mod.get("/d/life?week=2").body()).contains("Hometown associations");

      // posting to the unpublished week fails with a clear message
      HttpSession.Response early = post(alice, "life", 2, "About week two", null);
      assertThat(early.status()).isEqualTo(409);
      assertThat(early.body()).contains("The theme of this week has not been published yet.");

      // Alice is held for moderation: visible to her (awaiting) and moderators, invisible to others
      long aliceId =
          idFrom(post(alice, "life", 1, "Remittances paid for my cousin's school fees.", null));
      assertThat(alice.get("/c/" + aliceId).body())
          .contains("Awaiting moderation")
          .contains("school fees");
      assertThat(alice.get("/d/life").body()).contains("school fees");
      assertThat(bob.get("/d/life").body()).doesNotContain("school fees");
      assertThat(app.browser().get("/c/" + aliceId).status()).isEqualTo(404);
      assertThat(mod.get("/d/life").body()).contains("school fees");

      // the moderator and a trusted member are published at once; a reply shows what it answers
      long modId =
          idFrom(post(mod, "life", null, "Welcome all. Tell us about **your** town.", null));
      long replyId =
          idFrom(post(trusted, "life", null, "In our town the association built a clinic.", modId));
      String bobView = bob.get("/d/life").body();
      assertThat(bobView)
          .contains("<strong>your</strong>")
          .contains("built a clinic")
          .contains("href=\"/c/" + modId + "\"");
      // on the week the reply sits under what it answers, one level in
      int parentCard = bobView.indexOf("id=\"c-" + modId + "\"");
      int replies = bobView.indexOf("<div class=\"replies\"", parentCard);
      assertThat(replies).isGreaterThan(parentCard);
      assertThat(bobView.indexOf("id=\"c-" + replyId + "\"")).isGreaterThan(replies);
      assertThat(bob.get("/c/" + replyId).body())
          .contains("In reply to mod")
          .contains("Org of trusted");
      assertThat(
              app.app
                  .db
                  .dsl()
                  .fetchCount(SEARCH_OUTBOX, SEARCH_OUTBOX.ENTITY_TYPE.eq("contribution")))
          .isEqualTo(2);

      // a restart that missed week 2's time still publishes it, exactly once
      app.close();
      clock.set(Instant.parse("2026-03-16T11:00:00Z"));
      app = TestApp.start(url, Map.of(), clock);
      app.app.background.runNow("theme-publisher");
      app.app.background.runNow("theme-publisher");
      assertThat(
              app.app
                  .db
                  .dsl()
                  .fetchCount(DOMAIN_EVENT, DOMAIN_EVENT.KIND.eq(EventKind.THEME_PUBLISHED.code())))
          .isEqualTo(2);
      HttpSession carol = app.signedIn("carol@life.test", "member");
      assertThat(carol.get("/d/life").body())
          .contains("Hometown associations")
          .contains("Current week");

      // the author edits within 30 minutes; the history is kept and shown to moderators
      long carolId = idFrom(post(carol, "life", 2, "First thoughts on associations.", null));
      clock.advance(Duration.ofMinutes(10));
      assertThat(
              carol
                  .post(
                      "/c/" + carolId + "/edit", Map.of("body", "Second thoughts on associations."))
                  .status())
          .isEqualTo(303);
      assertThat(
              app.app
                  .db
                  .dsl()
                  .fetchCount(
                      CONTRIBUTION_REVISION, CONTRIBUTION_REVISION.CONTRIBUTION_ID.eq(carolId)))
          .isEqualTo(1);
      HttpSession mod2 = app.browser();
      mod2.login("mod@life.test", TestApp.PASSWORD);
      assertThat(mod2.get("/c/" + carolId).body())
          .contains("Second thoughts")
          .contains("Earlier versions")
          .contains("First thoughts");
      assertThat(carol.get("/c/" + carolId).body()).doesNotContain("Earlier versions");

      // another member cannot edit it, and after 30 minutes neither can the author
      HttpSession dave = app.signedIn("dave@life.test", "member");
      HttpSession.Response notMine =
          dave.post("/c/" + carolId + "/edit", Map.of("body", "Hijacked"));
      assertThat(notMine.status()).isEqualTo(403);
      assertThat(notMine.body()).contains("You can only edit your own contributions.");
      clock.advance(Duration.ofMinutes(21));
      HttpSession.Response late =
          carol.post("/c/" + carolId + "/edit", Map.of("body", "Third thoughts"));
      assertThat(late.status()).isEqualTo(409);
      assertThat(late.body()).contains("can no longer be edited");

      // closing early: a notice on the page and no more contributions
      assertThat(dave.post("/d/life/close", Map.of()).status()).isEqualTo(403);
      assertThat(mod2.post("/d/life/close", Map.of()).status()).isEqualTo(303);
      assertThat(carol.get("/d/life").body()).contains("This discussion is closed");
      HttpSession.Response closed = post(carol, "life", 2, "Too late", null);
      assertThat(closed.status()).isEqualTo(409);
      assertThat(closed.body()).contains("This discussion is closed");
      // what the member typed comes back, ready to be copied or sent again
      assertThat(closed.body()).contains(">Too late</textarea>");
      // closed discussions publish no more themes
      clock.set(Instant.parse("2026-03-23T09:00:00Z"));
      app.app.background.runNow("theme-publisher");
      assertThat(app.app.discussionRepository.theme(discussionId, 3).orElseThrow().published())
          .isFalse();
    } finally {
      app.close();
    }
  }
}
