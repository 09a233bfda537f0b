package org.indaba.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A member sees what became of each of their contributions, on a page and through the API; the
 * moderation queue says what a decision did and lets the moderator take it back on the next page.
 */
class ContributionStatusAndUndoTest {
  static TestApp app;
  static Fixtures f;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    f = new Fixtures(app);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String token(String email) {
    var m = app.app.accounts.byEmail(email).orElseThrow();
    return app.app.accountService.createApiToken(m.toViewer(), "test");
  }

  @Test
  void theApiListsTheMembersOwnContributionsWithStatusAndReasonInExactlyTheNamedFields() {
    long d = f.discussion("mine-api", "Mine", true);
    f.theme(d, 1, "Week one", OffsetDateTime.now(app.clock).minusDays(1));
    long me = f.member("me@mine.test", "Me", "Org", "Senegal", "en", "member");
    long other = f.member("other@mine.test", "Other", "Org", "Senegal", "en", "member");
    long waiting = f.pending(d, me, "Still waiting");
    long published = f.approved(d, 1, me, "Out there");
    long rejected = f.contribution(d, 1, me, "Refused text", "rejected");
    app.app
        .db
        .dsl()
        .execute("update contribution set reject_reason = 'Off topic' where id = ?", rejected);
    f.approved(d, 1, other, "Not mine");

    HttpSession.Response r =
        app.browser()
            .get(
                "/api/me/contributions",
                Map.of("Authorization", "Bearer " + token("me@mine.test")));
    assertThat(r.status()).isEqualTo(200);
    JsonArray items = new JsonArray(r.body());
    assertThat(items.size()).isEqualTo(3);
    Map<Long, JsonObject> byId = new java.util.HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject o = items.getJsonObject(i);
      assertThat(o.fieldNames())
          .containsExactlyInAnyOrder(
              "id", "discussion", "week", "status", "reason", "createdAt", "url");
      byId.put(o.getLong("id"), o);
    }
    assertThat(byId.get(waiting).getString("status")).isEqualTo("waiting");
    assertThat(byId.get(waiting).getValue("reason")).isNull();
    assertThat(byId.get(published).getString("status")).isEqualTo("published");
    assertThat(byId.get(rejected).getString("status")).isEqualTo("rejected");
    assertThat(byId.get(rejected).getString("reason")).isEqualTo("Off topic");
    assertThat(byId.get(published).getString("discussion")).isEqualTo("mine-api");
    assertThat(byId.get(published).getInteger("week")).isEqualTo(1);
    assertThat(byId.get(published).getString("url")).endsWith("/c/" + published);
    assertThat(OffsetDateTime.parse(byId.get(published).getString("createdAt"))).isNotNull();
  }

  @Test
  void theApiWithoutATokenAnswers401() {
    assertThat(app.browser().get("/api/me/contributions").status()).isEqualTo(401);
  }

  @Test
  void theMyContributionsPageShowsEachStatusAndTheRejectionReason() {
    long d = f.discussion("mine-page", "Mine page", true);
    f.theme(d, 1, "Week one", OffsetDateTime.now(app.clock).minusDays(1));
    long me = f.member("page@mine.test", "Page", "Org", "Senegal", "en", "member");
    f.pending(d, me, "Waiting words");
    long rejected = f.contribution(d, 1, me, "Refused words", "rejected");
    app.app
        .db
        .dsl()
        .execute(
            "update contribution set reject_reason = 'Please cite sources' where id = ?", rejected);
    HttpSession s = app.browser();
    s.login("page@mine.test", TestApp.PASSWORD);
    String page = s.get("/me/contributions").body();
    assertThat(page)
        .contains("Waiting for moderation")
        .contains("Rejected")
        .contains("Please cite sources")
        .contains("Waiting words");
    assertThat(app.browser().get("/me/contributions").status()).isIn(302, 303, 401);
  }

  @Test
  void afterApprovingTheQueueSaysWhatWasDoneAndUndoPutsItBackInTheQueue() {
    long d = f.discussion("undo-q", "Undo", true);
    f.theme(d, 1, "Week one", OffsetDateTime.now(app.clock).minusDays(1));
    long mod = f.member("mod@undo.test", "Mod", "Org", "Senegal", "en", "member");
    f.moderator(d, mod);
    long author = f.member("author@undo.test", "Author", "Org", "Senegal", "en", "member");
    long c = f.pending(d, author, "A held contribution");
    HttpSession s = app.browser();
    s.login("mod@undo.test", TestApp.PASSWORD);

    HttpSession.Response approved =
        s.post(
            "/moderation/contributions/" + c + "/approve",
            Map.of("returnTo", "/moderation/undo-q"));
    assertThat(approved.status()).isEqualTo(303);
    assertThat(approved.location()).isEqualTo("/moderation/undo-q?done=approve&c=" + c);
    assertThat(f.status(c)).isEqualTo("approved");
    String next = s.get(approved.location()).body();
    assertThat(next)
        .contains("Contribution #" + c + " is approved and published.")
        .contains("/moderation/contributions/" + c + "/undo");

    HttpSession.Response undone =
        s.post(
            "/moderation/contributions/" + c + "/undo", Map.of("returnTo", "/moderation/undo-q"));
    assertThat(undone.status()).isEqualTo(303);
    assertThat(f.status(c)).isEqualTo("pending");
    assertThat(s.get(undone.location()).body())
        .contains("The approval of #" + c + " is undone")
        .doesNotContain("/moderation/contributions/" + c + "/undo");
  }

  @Test
  void undoingARejectionWithdrawsTheUnsentNoticeAndAnotherModeratorCannotUndo() {
    long d = f.discussion("undo-r", "Undo reject", true);
    f.theme(d, 1, "Week one", OffsetDateTime.now(app.clock).minusDays(1));
    long mod = f.member("mod@undo-r.test", "Mod", "Org", "Senegal", "en", "member");
    long mod2 = f.member("mod2@undo-r.test", "Mod two", "Org", "Senegal", "en", "member");
    f.moderator(d, mod);
    f.moderator(d, mod2);
    long author = f.member("author@undo-r.test", "Author", "Org", "Senegal", "en", "member");
    long c = f.pending(d, author, "Held again");
    HttpSession s = app.browser();
    s.login("mod@undo-r.test", TestApp.PASSWORD);
    s.post("/moderation/contributions/" + c + "/reject", Map.of("reason", "Wrong week"));
    assertThat(f.status(c)).isEqualTo("rejected");
    assertThat(app.outboxTo("author@undo-r.test")).hasSize(1);

    HttpSession other = app.browser();
    other.login("mod2@undo-r.test", TestApp.PASSWORD);
    assertThat(other.post("/moderation/contributions/" + c + "/undo", Map.of()).status())
        .isEqualTo(409);

    s.post("/moderation/contributions/" + c + "/undo", Map.of());
    assertThat(f.status(c)).isEqualTo("pending");
    assertThat(app.outboxTo("author@undo-r.test")).isEmpty();
  }

  @Test
  void undoIsRefusedOnceTheWindowHasPassed() {
    long d = f.discussion("undo-late", "Undo late", true);
    f.theme(d, 1, "Week one", OffsetDateTime.now(app.clock).minusDays(1));
    long mod = f.member("mod@undo-late.test", "Mod", "Org", "Senegal", "en", "member");
    f.moderator(d, mod);
    long author = f.member("author@undo-late.test", "Author", "Org", "Senegal", "en", "member");
    long c = f.pending(d, author, "Held late");
    HttpSession s = app.browser();
    s.login("mod@undo-late.test", TestApp.PASSWORD);
    s.post("/moderation/contributions/" + c + "/approve", Map.of());
    app.clock.advance(ModerationService.UNDO_WINDOW.plus(Duration.ofSeconds(1)));
    assertThat(s.post("/moderation/contributions/" + c + "/undo", Map.of()).status())
        .isEqualTo(409);
    assertThat(f.status(c)).isEqualTo("approved");
  }

  @Test
  void everyPublishedContributionLinksToItsFlagForm() {
    long d = f.discussion("flag-link", "Flag link", false);
    f.theme(d, 1, "Week one", OffsetDateTime.now(app.clock).minusDays(1));
    long author = f.member("author@flag-link.test", "Author", "Org", "Senegal", "en", "member");
    long c = f.approved(d, 1, author, "Flag me if you must");
    app.app
        .db
        .dsl()
        .execute("update theme set published_at = publish_at where discussion_id = ?", d);
    String page = app.browser().get("/c/" + c).body();
    assertThat(page).contains("href=\"/c/" + c + "/flag\"");
  }
}
