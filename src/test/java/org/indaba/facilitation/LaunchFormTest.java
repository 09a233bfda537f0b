package org.indaba.facilitation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Launching is one form: the discussion and the theme of every week with its versions in the
 * welcomed languages, checked on the server, with what was typed kept on an error.
 */
class LaunchFormTest {
  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static Map<String, String> launch(String slug, int weeks) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("slug", slug);
    f.put("title", "Water in the Sahel");
    f.put("summary", "Four weeks on wells");
    f.put("introduction", "We talk about wells.");
    f.put("welcomedLanguages", "en, fr");
    f.put("startsOn", "2026-03-02");
    f.put("timeZone", "Africa/Dakar");
    f.put("weeks", String.valueOf(weeks));
    return f;
  }

  @Test
  void aBlankFormShowsNoErrorBannerAndOneFieldsetPerWeek() {
    HttpSession s = app.signedIn("creator1@launch.test", "moderator");
    String page = s.get("/d/new").body();
    assertThat(page)
        .doesNotContain("Some fields need your attention")
        .doesNotContain("role=\"alert\"");
    assertThat(page).contains("id=\"launch-week-4\"").doesNotContain("id=\"launch-week-5\"");
    assertThat(page).contains("name=\"week-1-fr-title\"");
  }

  @Test
  void updatingTheWeeksRedrawsTheFieldsetsAndKeepsWhatWasTyped() {
    HttpSession s = app.signedIn("creator2@launch.test", "moderator");
    Map<String, String> f = launch("water-update", 2);
    f.put("welcomedLanguages", "en, fr, es");
    f.put("week-1-title", "Who digs the wells?");
    f.put("updateWeeks", "1");
    HttpSession.Response r = s.post("/d/new", f);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .contains("id=\"launch-week-2\"")
        .doesNotContain("id=\"launch-week-3\"")
        .contains("name=\"week-2-es-question\"")
        .contains("value=\"Who digs the wells?\"")
        .doesNotContain("role=\"alert\"");
    assertThat(app.app.discussionRepository.bySlug("water-update")).isEmpty();
  }

  @Test
  void anErrorInOneWeekCreatesNothingAndGivesTheTypedTextBack() {
    HttpSession s = app.signedIn("creator3@launch.test", "moderator");
    Map<String, String> f = launch("water-error", 2);
    f.put("week-1-title", "Who digs the wells?");
    f.put("week-1-question", "Tell us who digs.");
    f.put("week-2-publishAt", "next tuesday");
    HttpSession.Response r = s.post("/d/new", f);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body())
        .contains("Some fields need your attention")
        .contains("value=\"Who digs the wells?\"")
        .contains("Tell us who digs.")
        .contains("value=\"next tuesday\"");
    assertThat(app.app.discussionRepository.bySlug("water-error")).isEmpty();
  }

  @Test
  void creatingStoresEveryWeeksThemeTimeAndVersions() {
    HttpSession s = app.signedIn("creator4@launch.test", "moderator");
    Map<String, String> f = launch("water-made", 2);
    f.put("week-1-title", "Who digs the wells?");
    f.put("week-1-question", "Tell us **who** digs.");
    f.put("week-1-fr-title", "Qui creuse les puits ?");
    f.put("week-1-fr-question", "Dites-nous qui creuse.");
    f.put("week-2-title", "Who pays?");
    f.put("week-2-publishAt", "2026-03-10T18:30");
    HttpSession.Response r = s.post("/d/new", f);
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.location()).isEqualTo("/d/water-made/edit");
    long d = app.app.discussionRepository.bySlug("water-made").orElseThrow().id();
    Record week1 =
        app.app
            .db
            .dsl()
            .fetchOne(
                "select id, title, question_html, language from theme where discussion_id = ?"
                    + " and week = 1",
                d);
    assertThat(week1.get("title", String.class)).isEqualTo("Who digs the wells?");
    assertThat(week1.get("question_html", String.class)).contains("<strong>who</strong>");
    assertThat(week1.get("language", String.class)).isEqualTo("en");
    Record week2 =
        app.app
            .db
            .dsl()
            .fetchOne(
                "select title, publish_at at time zone 'UTC' as due from theme where"
                    + " discussion_id = ? and week = 2",
                d);
    assertThat(week2.get("title", String.class)).isEqualTo("Who pays?");
    // 18:30 in Dakar is 18:30 UTC
    assertThat(week2.get("due").toString()).startsWith("2026-03-10 18:30");
    Record fr =
        app.app
            .db
            .dsl()
            .fetchOne(
                "select title, body from translation where entity_type = 'theme' and entity_id = ?"
                    + " and language = 'fr'",
                week1.get("id", Long.class));
    assertThat(fr.get("title", String.class)).isEqualTo("Qui creuse les puits ?");
    assertThat(fr.get("body", String.class)).isEqualTo("Dites-nous qui creuse.");
  }
}
