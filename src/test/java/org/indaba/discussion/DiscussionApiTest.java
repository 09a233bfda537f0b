package org.indaba.discussion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.discussion.Fixtures.idFrom;
import static org.indaba.discussion.Fixtures.post;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiscussionApiTest {
  static TestApp app;
  static HttpSession mod;
  static HttpSession member;
  static long approvedId;
  static long pendingId;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    mod = app.signedIn("mod@api.test", "moderator");
    member = app.signedIn("member@api.test", "member");
    Fixtures.createDiscussion(mod, "api-open", "2026-03-02", 3, true, "mod@api.test");
    Fixtures.setTheme(
        mod, "api-open", 1, "Remittance costs", "How much does it cost to send $200?");
    Fixtures.setTheme(mod, "api-open", 2, "Secret week two", "Not yet");
    app.clock.set(Instant.parse("2026-03-02T08:30:00Z"));
    app.app.background.runNow("theme-publisher");
    approvedId = idFrom(post(mod, "api-open", 1, "Fees fell to *six* percent.", null));
    pendingId = idFrom(post(member, "api-open", 1, "Held for moderation.", null));
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
  void theListShowsEachDiscussionWithItsStatusAndDates() {
    HttpSession.Response r = app.browser().get("/api/discussions");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).startsWith("application/json");
    JsonObject d =
        new JsonArray(r.body())
            .stream()
                .map(JsonObject.class::cast)
                .filter(o -> o.getString("slug").equals("api-open"))
                .findFirst()
                .orElseThrow();
    assertThat(d.getString("title")).isEqualTo("Diaspora and local development api-open");
    assertThat(d.getString("status")).isEqualTo("open");
    assertThat(d.getString("startsOn")).isEqualTo("2026-03-02");
    assertThat(d.getInteger("weeks")).isEqualTo(3);
  }

  @Test
  void theDetailShowsPublishedWeeksToEveryoneAndAllWeeksToItsModerators() {
    JsonObject d = new JsonObject(app.browser().get("/api/discussions/api-open").body());
    assertThat(d.getString("slug")).isEqualTo("api-open");
    assertThat(d.getString("status")).isEqualTo("open");
    assertThat(d.getString("summary")).contains("diaspora communities");
    assertThat(d.getJsonArray("consolidatedReplies")).isEmpty();
    JsonArray weeks = d.getJsonArray("weeks");
    assertThat(weeks).hasSize(1);
    JsonObject w1 = weeks.getJsonObject(0);
    assertThat(w1.getInteger("number")).isEqualTo(1);
    assertThat(w1.getString("title")).isEqualTo("Remittance costs");
    assertThat(w1.getString("question")).contains("$200");
    assertThat(w1.getString("publishedAt")).isEqualTo("2026-03-02T08:30:00Z");

    JsonObject asModerator =
        new JsonObject(
            app.browser()
                .get(
                    "/api/discussions/api-open",
                    Map.of("Authorization", "Bearer " + token("mod@api.test")))
                .body());
    assertThat(asModerator.getJsonArray("weeks")).hasSize(3);
    assertThat(app.browser().get("/api/discussions/nope").status()).isEqualTo(404);
  }

  @Test
  void contributionsListOnlyApprovedOnesUnlessTheCallerModerates() {
    JsonArray list =
        new JsonArray(app.browser().get("/api/discussions/api-open/contributions?week=1").body());
    assertThat(list).hasSize(1);
    JsonObject c = list.getJsonObject(0);
    assertThat(c.getLong("id")).isEqualTo(approvedId);
    assertThat(c.getInteger("week")).isEqualTo(1);
    assertThat(c.getJsonObject("author").getMap())
        .containsOnlyKeys("name", "organisation", "city", "country")
        .containsEntry("name", "mod")
        .containsEntry("organisation", "Org of mod");
    assertThat(c.getString("html")).contains("<em>six</em>");
    assertThat(c.getString("createdAt")).isEqualTo("2026-03-02T08:30:00Z");
    assertThat(c.containsKey("replyTo")).isTrue();
    assertThat(c.getString("url")).endsWith("/c/" + approvedId);
    assertThat(c.getString("language")).isNotEmpty();

    JsonArray forModerator =
        new JsonArray(
            app.browser()
                .get(
                    "/api/discussions/api-open/contributions?week=1",
                    Map.of("Authorization", "Bearer " + token("mod@api.test")))
                .body());
    assertThat(forModerator).hasSize(2);
    assertThat(app.browser().get("/api/discussions/api-open/contributions?week=2").status())
        .isEqualTo(404);
  }

  @Test
  void postingWithABearerTokenCreatesAContributionAndAnswers201() {
    String token = token("mod@api.test");
    HttpSession.Response r =
        app.browser()
            .postJson(
                "/api/discussions/api-open/contributions",
                new JsonObject()
                    .put("week", 1)
                    .put("body", "Posted **through** the API.")
                    .put("replyTo", approvedId)
                    .encode(),
                Map.of("Authorization", "Bearer " + token));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonObject c = new JsonObject(r.body());
    assertThat(c.getString("html")).contains("<strong>through</strong>");
    assertThat(c.getLong("replyTo")).isEqualTo(approvedId);
    assertThat(c.getString("status")).isEqualTo("approved");
    assertThat(r.header("location")).endsWith("/c/" + c.getLong("id"));
    assertThat(app.app.contributionRepository.byId(c.getLong("id")).orElseThrow().source())
        .isEqualTo("api");
  }

  @Test
  void postingWithoutATokenIsRefusedWith401EvenWithABrowserSession() {
    String json = new JsonObject().put("week", 1).put("body", "No token").encode();
    HttpSession.Response anonymous =
        app.browser().postJson("/api/discussions/api-open/contributions", json, Map.of());
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.header("content-type")).startsWith("application/problem+json");
    assertThat(member.postJson("/api/discussions/api-open/contributions", json, Map.of()).status())
        .isEqualTo(401);
    assertThat(
            app.browser()
                .postJson(
                    "/api/discussions/api-open/contributions",
                    json,
                    Map.of("Authorization", "Bearer ind_not-a-token"))
                .status())
        .isEqualTo(401);
  }

  @Test
  void apiErrorsAreJsonProblemsWithTranslatedDetail() {
    long french = app.member("fr@api.test", "Awa", "member");
    app.app.accounts.setPreferredLanguage(french, "fr");
    String token = token("fr@api.test");
    HttpSession.Response r =
        app.browser()
            .postJson(
                "/api/discussions/api-open/contributions",
                new JsonObject().put("week", 2).put("body", "Too early").encode(),
                Map.of("Authorization", "Bearer " + token));
    assertThat(r.status()).isEqualTo(409);
    JsonObject problem = new JsonObject(r.body());
    assertThat(problem.getInteger("status")).isEqualTo(409);
    assertThat(problem.getString("detail"))
        .isEqualTo("Le thème de cette semaine n'a pas encore été publié.");
  }
}
