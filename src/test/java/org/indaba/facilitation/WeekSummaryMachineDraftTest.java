package org.indaba.facilitation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A moderator who wrote a week's summary in English asks for a French machine draft, against a
 * local server speaking the LibreTranslate API: the draft is stored unpublished and marked as the
 * machine's, shown to nobody but the moderators, corrected and then published by the moderator; a
 * published version is never replaced by a machine draft.
 */
class WeekSummaryMachineDraftTest {
  static Vertx vertx;
  static HttpServer service;
  static final AtomicInteger calls = new AtomicInteger();
  static TestApp app;
  static Fixtures fx;

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
                              JsonObject in = body.toJsonObject();
                              req.response()
                                  .putHeader("Content-Type", "application/json")
                                  .end(
                                      new JsonObject()
                                          .put(
                                              "translatedText",
                                              "["
                                                  + in.getString("target")
                                                  + "] "
                                                  + in.getString("q"))
                                          .encode());
                            }))
            .listen(0)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    app =
        TestApp.start(
            TestDatabase.freshDatabaseUrl(),
            Map.of("INDABA_TRANSLATE_URL", "http://localhost:" + service.actualPort()));
    fx = new Fixtures(app);
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static HttpSession moderatorOf(String slug) {
    long d = fx.discussion(slug, "Wells " + slug, true);
    app.app.db.dsl().execute("update discussion set welcomed_languages = 'en,fr' where id = ?", d);
    fx.theme(d, 1, "Who digs the wells?", OffsetDateTime.now(app.clock).minusDays(1));
    app.app
        .db
        .dsl()
        .execute("update theme set published_at = publish_at where discussion_id = ?", d);
    fx.moderator(d, fx.member("mod@" + slug + ".test", "Mod", "Org", "Senegal", "en", "member"));
    HttpSession s = app.browser();
    s.login("mod@" + slug + ".test", TestApp.PASSWORD);
    return s;
  }

  @Test
  void aMachineDraftOfASummaryIsMarkedEditableAndOnlyPublishedByTheModerator() {
    HttpSession mod = moderatorOf("drafted");
    assertThat(
            mod.post(
                    "/d/drafted/weeks/1/summary/en/edit",
                    Map.of("body", "Villages dig boreholes together.", "andPublish", "1"))
                .status())
        .isEqualTo(303);
    // the French editor offers a draft from the English version
    String form = mod.get("/d/drafted/weeks/1/summary/fr/edit").body();
    assertThat(form)
        .contains("action=\"/d/drafted/weeks/1/summary/fr/machine-draft\"")
        .contains("name=\"from\" value=\"en\"");

    HttpSession.Response drafted =
        mod.post("/d/drafted/weeks/1/summary/fr/machine-draft", Map.of("from", "en"));
    assertThat(drafted.status()).as(drafted.body()).isEqualTo(303);
    assertThat(drafted.location()).isEqualTo("/d/drafted/weeks/1/summary/fr/edit");
    String editor = mod.get(drafted.location()).body();
    assertThat(editor)
        .contains("Machine-translated draft: read and correct it before publishing.")
        .contains("[fr] Villages dig boreholes together.");
    // not published: French readers still get the English summary, and no event was written
    assertThat(app.browser().get("/d/drafted?week=1", Map.of("Accept-Language", "fr")).body())
        .doesNotContain("[fr] Villages");
    assertThat(
            app.app
                .db
                .dsl()
                .fetchOne(
                    "select machine, published_at is null from week_summary where language = 'fr'"
                        + " and discussion_id = (select id from discussion where slug = 'drafted')")
                .intoList())
        .containsExactly(true, true);

    // the moderator corrects it and publishes: theirs now, no longer the machine's
    assertThat(
            mod.post(
                    "/d/drafted/weeks/1/summary/fr/edit",
                    Map.of(
                        "body", "Les villages creusent des forages ensemble.", "andPublish", "1"))
                .status())
        .isEqualTo(303);
    assertThat(mod.get("/d/drafted/weeks/1/summary/fr/edit").body())
        .doesNotContain("Machine-translated draft")
        .doesNotContain("/machine-draft\"");
    assertThat(app.browser().get("/d/drafted?week=1", Map.of("Accept-Language", "fr")).body())
        .contains("Les villages creusent des forages ensemble.")
        .doesNotContain("Traduction automatique");

    // a published version is never replaced by the machine
    int before = calls.get();
    assertThat(
            mod.post("/d/drafted/weeks/1/summary/fr/machine-draft", Map.of("from", "en")).status())
        .isEqualTo(409);
    assertThat(calls.get()).isEqualTo(before);
  }

  @Test
  void aMachineDraftPublishedUnchangedTellsReadersItIsAMachineTranslation() {
    HttpSession mod = moderatorOf("unchanged");
    mod.post(
        "/d/unchanged/weeks/1/summary/en/edit",
        Map.of("body", "Wells are shared by three villages.", "andPublish", "1"));
    assertThat(
            mod.post("/d/unchanged/weeks/1/summary/fr/machine-draft", Map.of("from", "en"))
                .status())
        .isEqualTo(303);
    // published as the machine wrote it
    assertThat(
            mod.post(
                    "/d/unchanged/weeks/1/summary/fr/edit",
                    Map.of("body", "[fr] Wells are shared by three villages.", "andPublish", "1"))
                .status())
        .isEqualTo(303);
    String french =
        app.browser().get("/d/unchanged?week=1", Map.of("Accept-Language", "fr")).body();
    assertThat(french)
        .contains("[fr] Wells are shared by three villages.")
        .contains("Traduction automatique, publiée telle que la machine l’a écrite.");
    // the English original, written by the moderator, carries no such label
    String english =
        app.browser().get("/d/unchanged?week=1", Map.of("Accept-Language", "en")).body();
    assertThat(english)
        .contains("Wells are shared by three villages.")
        .doesNotContain("Machine translation, published");
  }

  @Test
  void onlyTheDiscussionsModeratorsMayAskForAMachineDraft() {
    moderatorOf("guarded")
        .post("/d/guarded/weeks/1/summary/en/edit", Map.of("body", "Wells need caretakers."));
    HttpSession member = app.signedIn("member@guarded.test", "member");
    int before = calls.get();
    assertThat(
            member
                .post("/d/guarded/weeks/1/summary/fr/machine-draft", Map.of("from", "en"))
                .status())
        .isEqualTo(403);
    // signed out: sent to sign in, nothing drafted
    HttpSession.Response anonymous =
        app.browser().post("/d/guarded/weeks/1/summary/fr/machine-draft", Map.of("from", "en"));
    assertThat(anonymous.status()).isEqualTo(303);
    assertThat(anonymous.location()).startsWith("/login");
    assertThat(calls.get()).isEqualTo(before);
  }
}
