package org.indaba.translation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.indaba.db.schema.tables.records.MailOutboxRecord;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A discussion written in English with its title, summary and introduction translated into French:
 * French readers get the French title and summary on the home page, the discussion page, the "Back
 * to" link of a contribution and the subject of the theme mail.
 */
class TitleInTheReadersLanguageTest {
  static TestApp app;
  static HttpSession moderator;
  static long discussionId;

  @BeforeAll
  static void aTranslatedDiscussion() {
    app = TestApp.start();
    moderator = app.signedIn("lucia@titles.test", "moderator");
    Map<String, String> form =
        new HashMap<>(
            Map.of(
                "slug", "titles",
                "title", "Diaspora and local development",
                "summary", "How diaspora communities invest in their towns of origin.",
                "introduction", "Welcome to this discussion.",
                "welcomedLanguages", "en, fr",
                "moderators", "lucia@titles.test",
                "startsOn", "2026-03-02",
                "timeZone", "Europe/Paris",
                "weeks", "3"));
    assertThat(moderator.post("/d/new", form).status()).isEqualTo(303);
    discussionId =
        app.app
            .db
            .dsl()
            .select(org.indaba.db.schema.Tables.DISCUSSION.ID)
            .from(org.indaba.db.schema.Tables.DISCUSSION)
            .where(org.indaba.db.schema.Tables.DISCUSSION.SLUG.eq("titles"))
            .fetchOne()
            .value1();
    HttpSession.Response saved =
        moderator.post(
            "/translations/discussion/" + discussionId + "/fr",
            Map.of(
                "title", "Diaspora et développement local",
                "summary", "Comment les diasporas investissent dans leurs villes d'origine.",
                "body", "Bienvenue dans cette discussion.",
                "returnTo", "/d/titles/edit"));
    assertThat(saved.status()).as(saved.body()).isEqualTo(303);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String asFrench(String path) {
    return app.browser().get(path, Map.of("Accept-Language", "fr")).body();
  }

  @Test
  void theHomePageAndTheDiscussionPageShowTheFrenchTitleAndSummary() {
    assertThat(asFrench("/"))
        .contains("Diaspora et développement local")
        .contains("Comment les diasporas investissent dans leurs villes d&#x27;origine.")
        .doesNotContain("How diaspora communities invest");
    assertThat(asFrench("/d/titles"))
        .contains("Diaspora et développement local")
        .contains("<p class=\"lead\" lang=\"fr\"")
        .contains("Comment les diasporas investissent");
    // English readers keep the original
    assertThat(app.browser().get("/d/titles", Map.of("Accept-Language", "en")).body())
        .contains("How diaspora communities invest in their towns of origin.");
    // the form shows the translated summary, ready to correct
    assertThat(moderator.get("/d/titles/edit").body())
        .contains("value=\"Comment les diasporas investissent dans leurs villes d&#x27;origine.\"");
  }

  @Test
  void theBackToLinkAndTheThemeMailUseTheFrenchTitle() {
    long fr = app.member("awa@titles.test", "Awa", "member");
    app.app
        .db
        .dsl()
        .update(org.indaba.db.schema.Tables.MEMBER)
        .set(org.indaba.db.schema.Tables.MEMBER.PREFERRED_LANGUAGE, "fr")
        .where(org.indaba.db.schema.Tables.MEMBER.ID.eq(fr))
        .execute();
    HttpSession awa = app.browser();
    awa.login("awa@titles.test", TestApp.PASSWORD);
    assertThat(awa.post("/d/titles/join", Map.of()).status()).isEqualTo(303);
    // week 2: not due yet, so it is announced now, to the member who just joined
    assertThat(
            moderator
                .post(
                    "/d/titles/themes/2/edit",
                    Map.of(
                        "title",
                        "Remittances",
                        "question",
                        "What do they pay for?",
                        "publishAt",
                        ""))
                .status())
        .isEqualTo(303);
    assertThat(moderator.post("/d/titles/themes/2/publish", Map.of()).status()).isEqualTo(303);
    // the job may be running on its timer at this moment: ask again, for a bounded time
    java.util.List<MailOutboxRecord> mails = java.util.List.of();
    long until = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until) {
      app.app.background.runNow("mail-events");
      mails = app.outboxTo("awa@titles.test");
      if (mails.stream().anyMatch(m -> m.getKind().equals("theme"))) {
        break;
      }
    }
    var found = mails;
    MailOutboxRecord theme =
        found.stream()
            .filter(m -> m.getKind().equals("theme"))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no theme mail among " + found.stream().map(m -> m.getKind()).toList()));
    assertThat(theme.getSubject()).contains("Diaspora et développement local");

    HttpSession author = app.signedIn("author@titles.test", "member");
    HttpSession.Response posted =
        author.post("/d/titles/contributions", Map.of("week", "2", "body", "Schools first."));
    assertThat(posted.status()).isEqualTo(303);
    assertThat(asFrench(posted.location())).contains("Retour à Diaspora et développement local");
  }
}
