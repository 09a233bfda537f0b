package org.indaba.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.TRANSLATION;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.indaba.discussion.NewContribution;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Machine drafts against a local server speaking the LibreTranslate API, as a self-hosted one
 * would.
 */
class MachineTranslationTest {
  static Vertx vertx;
  static HttpServer service;
  static final AtomicInteger calls = new AtomicInteger();
  static volatile boolean failing;
  static TestApp app;
  static HttpSession moderator;
  static String slug = "machine-drafts";

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    service =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              calls.incrementAndGet();
                              if (failing || !req.path().equals("/translate")) {
                                req.response().setStatusCode(503).end("{\"error\":\"busy\"}");
                                return;
                              }
                              JsonObject in = body.toJsonObject();
                              String out =
                                  "fr".equals(in.getString("target"))
                                      ? "[brouillon] " + in.getString("q")
                                      : "[draft] " + in.getString("q");
                              req.response()
                                  .putHeader("Content-Type", "application/json")
                                  .end(new JsonObject().put("translatedText", out).encode());
                            }))
            .listen(0)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    app =
        TestApp.start(
            TestDatabase.freshDatabaseUrl(),
            Map.of("INDABA_TRANSLATE_URL", "http://localhost:" + service.actualPort()));
    moderator = app.signedIn("mod@example.org", "moderator");
    Map<String, String> form =
        new HashMap<>(
            Map.of(
                "slug",
                slug,
                "title",
                "Machine drafts",
                "summary",
                "",
                "introduction",
                "Welcome.",
                "welcomedLanguages",
                "en, fr",
                "moderators",
                "mod@example.org",
                "startsOn",
                "2026-03-02",
                "timeZone",
                "Europe/Paris",
                "weeks",
                "2"));
    assertThat(moderator.post("/d/new", form).status()).isEqualTo(303);
    moderator.post(
        "/d/" + slug + "/themes/1/edit",
        Map.of("title", "Remittances", "question", "What do they pay for?", "publishAt", ""));
    moderator.post("/d/" + slug + "/themes/1/publish", Map.of());
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close();
  }

  static long contribution(String body) {
    long author = app.app.accounts.byEmail("mod@example.org").orElseThrow().id();
    return app.app
        .contributions
        .postContribution(
            NewContribution.byMember(author, slug, 1, body, NewContribution.Source.WEB)
                .withLanguage("en"))
        .id();
  }

  @Test
  void aMachineDraftIsStoredUnreviewedAndAlwaysLabelledAsSuch() {
    failing = false;
    long c = contribution("Remittances pay for school fees.");
    String form = moderator.get("/translations/contribution/" + c + "/fr/edit").body();
    assertThat(form)
        .contains("action=\"/translations/contribution/" + c + "/fr/machine\"")
        .contains("Draft with machine translation");

    var r = moderator.post("/translations/contribution/" + c + "/fr/machine", Map.of());
    assertThat(r.status()).isEqualTo(303);
    var row =
        app.app
            .db
            .dsl()
            .selectFrom(TRANSLATION)
            .where(TRANSLATION.ENTITY_ID.eq(c).and(TRANSLATION.ENTITY_TYPE.eq("contribution")))
            .fetchSingle();
    assertThat(row.getBody()).isEqualTo("[brouillon] Remittances pay for school fees.");
    assertThat(row.getMachine()).isTrue();
    assertThat(row.getReviewed()).isFalse();

    String french = app.browser().get("/c/" + c, Map.of("Accept-Language", "fr")).body();
    assertThat(french)
        .contains("[brouillon] Remittances pay for school fees.")
        .contains("brouillon de traduction automatique, non relu");

    // a person edits the draft: it stays labelled as machine-drafted until someone reviews it
    moderator.post(
        "/translations/contribution/" + c + "/fr",
        Map.of("body", "Les transferts paient la scolarité."));
    assertThat(app.browser().get("/c/" + c, Map.of("Accept-Language", "fr")).body())
        .contains("brouillon de traduction automatique, non relu");
    moderator.post("/translations/contribution/" + c + "/fr/review", Map.of());
    assertThat(app.browser().get("/c/" + c, Map.of("Accept-Language", "fr")).body())
        .contains("brouillon de traduction automatique, relu par une personne");
  }

  @Test
  void aFailingServiceLeavesNoDraftAndSaysSo() {
    failing = true;
    try {
      long c = contribution("Mobile money changed everything.");
      var r = moderator.post("/translations/contribution/" + c + "/fr/machine", Map.of());
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.body()).contains("The machine translation service did not answer.");
      assertThat(
              app.app
                  .db
                  .dsl()
                  .fetchCount(
                      TRANSLATION,
                      TRANSLATION.ENTITY_ID.eq(c).and(TRANSLATION.ENTITY_TYPE.eq("contribution"))))
          .isZero();
    } finally {
      failing = false;
    }
  }

  @Test
  void theThemeEditPageOffersAMachineDraftPerWelcomedLanguage() {
    long discussionId = app.app.discussionRepository.bySlug(slug).orElseThrow().id();
    long themeId = app.app.discussionRepository.theme(discussionId, 1).orElseThrow().id();
    moderator.post("/content/theme/" + themeId + "/language", Map.of("language", "en"));
    assertThat(moderator.get("/d/" + slug + "/themes/1/edit").body())
        .contains("action=\"/translations/theme/" + themeId + "/fr/machine\"");
    assertThat(
            moderator
                .post(
                    "/translations/theme/" + themeId + "/fr/machine",
                    Map.of("returnTo", "/d/" + slug + "/themes/1/edit"))
                .location())
        .isEqualTo("/d/" + slug + "/themes/1/edit");
    assertThat(app.app.translations.best("theme", themeId, "fr").orElseThrow())
        .satisfies(
            b -> {
              assertThat(b.title()).isEqualTo("[brouillon] Remittances");
              assertThat(b.machine()).isTrue();
              assertThat(b.reviewed()).isFalse();
            });
  }
}
