package org.indaba.facilitation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
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
 * Per-week summaries: a moderator writes and publishes one; it leads its week's page, is mailed
 * once to the subscribers in their language, is found by search and by the API, and starts the
 * consolidated reply.
 */
class WeekSummariesTest {
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

  record World(long d, HttpSession moderator) {}

  private static World world(String slug) {
    long d = fx.discussion(slug, "Wells " + slug, true);
    app.app.db.dsl().execute("update discussion set welcomed_languages = 'en,fr' where id = ?", d);
    fx.theme(d, 1, "Who digs the wells?", OffsetDateTime.now(app.clock).minusDays(1));
    fx.theme(d, 2, "Who pays for them?", OffsetDateTime.now(app.clock).minusDays(1));
    app.app
        .db
        .dsl()
        .execute("update theme set published_at = publish_at where discussion_id = ?", d);
    long mod = fx.member("mod@" + slug + ".test", "Mod", "Org", "Senegal", "en", "member");
    fx.moderator(d, mod);
    long fatou = fx.member("fatou@" + slug + ".test", "Fatou", "Thiès", "Senegal", "fr", "member");
    long john = fx.member("john@" + slug + ".test", "John", "Leeds", "UK", "en", "member");
    long quiet = fx.member("quiet@" + slug + ".test", "Quiet", "", "UK", "en", "member");
    app.app.subscriptions.set(d, fatou, "digest");
    app.app.subscriptions.set(d, john, "announcements");
    app.app.subscriptions.set(d, quiet, "none");
    HttpSession s = env.signedIn("mod@" + slug + ".test");
    return new World(d, s);
  }

  @Test
  void aPublishedSummaryLeadsItsWeekIsMailedOnceInEachSubscribersLanguageAndIsFound()
      throws Exception {
    World w = world("summ");
    HttpSession.Response saved =
        w.moderator()
            .post(
                "/d/summ/weeks/1/summary/en/edit",
                Map.of("body", "Villages dig **boreholes** together: a quillwort of cooperation."));
    assertThat(saved.status()).isEqualTo(303);
    assertThat(w.moderator().get("/d/summ?week=1").body())
        .contains("href=\"/d/summ/weeks/1/summary/en/edit\"");
    // a draft is for the moderators only
    assertThat(app.browser().get("/d/summ?week=1").body())
        .doesNotContain("quillwort")
        .doesNotContain("id=\"summary-1\"");
    assertThat(env.deliveredTo("john@summ.test")).isEmpty();

    assertThat(w.moderator().post("/d/summ/weeks/1/summary/en/publish", Map.of()).status())
        .isEqualTo(303);
    String week = app.browser().get("/d/summ?week=1").body();
    assertThat(week).contains("id=\"summary-1\"").contains("<strong>boreholes</strong>");
    // the week's question comes first, then its summary, then the contributions
    assertThat(week.indexOf("Who digs the wells?")).isLessThan(week.indexOf("id=\"summary-1\""));

    List<MimeMessage> toJohn = env.deliveredTo("john@summ.test");
    assertThat(toJohn).hasSize(1);
    assertThat(toJohn.get(0).getSubject())
        .isEqualTo("Wells summ, week 1: summary of \"Who digs the wells?\"");
    assertThat(RelayedApp.text(toJohn.get(0)))
        .contains("Villages dig **boreholes** together")
        .contains(app.app.config.baseUrl() + "/d/summ?week=1#summary-1");
    assertThat(RelayedApp.part(toJohn.get(0), "text/html")).contains("<strong>boreholes</strong>");
    List<MimeMessage> toFatou = env.deliveredTo("fatou@summ.test");
    assertThat(toFatou).hasSize(1);
    assertThat(toFatou.get(0).getSubject()).startsWith("Wells summ, semaine 1 : synthèse de");
    assertThat(env.deliveredTo("quiet@summ.test")).isEmpty();
    assertThat(env.deliveredTo("mod@summ.test")).isEmpty();

    // the French version goes to the French-speaking subscriber only, and leads her week page
    w.moderator()
        .post(
            "/d/summ/weeks/1/summary/fr/edit",
            Map.of("body", "Les villages creusent ensemble.", "andPublish", "1"));
    assertThat(env.deliveredTo("fatou@summ.test")).hasSize(2);
    assertThat(RelayedApp.text(env.deliveredTo("fatou@summ.test").get(1)))
        .contains("Les villages creusent ensemble.");
    assertThat(env.deliveredTo("john@summ.test")).hasSize(1);
    assertThat(app.browser().get("/d/summ?week=1", Map.of("Accept-Language", "fr")).body())
        .contains("Les villages creusent ensemble.");

    // taken back and published again: shown again, mailed to no one
    w.moderator().post("/d/summ/weeks/1/summary/en/withdraw", Map.of());
    assertThat(app.browser().get("/d/summ?week=1").body()).doesNotContain("quillwort");
    w.moderator().post("/d/summ/weeks/1/summary/en/publish", Map.of());
    assertThat(app.browser().get("/d/summ?week=1").body()).contains("quillwort");
    assertThat(env.deliveredTo("john@summ.test")).hasSize(1);

    // searchable, the hit leading to its week
    app.app.background.runNow("search-indexer");
    String results = app.browser().get("/search?q=quillwort").body();
    assertThat(results).contains("Week summary").contains("/d/summ?week&#x3D;1#summary-1");

    JsonObject api = new JsonObject(app.browser().get("/api/discussions/summ").body());
    assertThat(api.getJsonArray("weeks").getJsonObject(0).getString("summary"))
        .contains("<strong>boreholes</strong>");
    assertThat(api.getJsonArray("weeks").getJsonObject(1).getValue("summary")).isNull();
  }

  @Test
  void theConsolidatedReplyEditorStartsFromTheSummariesOfAllWeeks() {
    World w = world("start");
    w.moderator()
        .post(
            "/d/start/weeks/1/summary/en/edit",
            Map.of("body", "Week one brought wells.", "andPublish", "1"));
    w.moderator()
        .post(
            "/d/start/weeks/2/summary/en/edit",
            Map.of("body", "Week two brought budgets.", "andPublish", "1"));
    String editor = w.moderator().get("/d/start/reply/en/edit").body();
    assertThat(editor).contains("/d/start/reply/en/edit?start=summaries");
    String started = w.moderator().get("/d/start/reply/en/edit?start=summaries").body();
    String textarea = started.substring(started.indexOf("<textarea id=\"reply-body\""));
    assertThat(textarea)
        .contains("## Week 1: Who digs the wells?")
        .contains("Week one brought wells.")
        .contains("## Week 2: Who pays for them?")
        .contains("Week two brought budgets.");
    assertThat(textarea.indexOf("wells.")).isLessThan(textarea.indexOf("budgets."));
  }

  @Test
  void onlyTheDiscussionsModeratorsWriteSummariesAndAnEmptyOneComesBackWithTheReason() {
    World w = world("guard");
    HttpSession stranger = app.signedIn("stranger@guard.test", "member");
    assertThat(stranger.get("/d/guard/weeks/1/summary/en/edit").status()).isEqualTo(403);
    assertThat(stranger.post("/d/guard/weeks/1/summary/en/edit", Map.of("body", "Mine")).status())
        .isEqualTo(403);
    HttpSession.Response empty =
        w.moderator().post("/d/guard/weeks/1/summary/en/edit", Map.of("body", "  "));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body()).contains("Write the summary first.");
    assertThat(w.moderator().get("/d/guard/weeks/9/summary/en/edit").status()).isEqualTo(404);
  }
}
