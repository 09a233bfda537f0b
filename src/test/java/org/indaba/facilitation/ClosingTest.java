package org.indaba.facilitation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.indaba.mail.FacilitationMail;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.HttpSession;
import org.indaba.testing.RelayedApp;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Closing a discussion: a confirmation first, a closing message to every participant in their
 * language (once, however often the event is seen), a reopen that undoes it, and the consolidated
 * reply within reach of the closing flow and mailed to every contributor in their language.
 */
class ClosingTest {
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

  record World(long d, long fatouPost, HttpSession moderator) {}

  private static World world(String slug) {
    long d = fx.discussion(slug, "Markets " + slug, false);
    app.app
        .db
        .dsl()
        .execute("update discussion set welcomed_languages = 'en,fr,es' where id = ?", d);
    fx.theme(d, 1, "Who sells?", OffsetDateTime.now(app.clock).minusDays(1));
    app.app
        .db
        .dsl()
        .execute("update theme set published_at = publish_at where discussion_id = ?", d);
    long mod = fx.member("mod@" + slug + ".test", "Mod", "Org", "Senegal", "en", "member");
    fx.moderator(d, mod);
    long fatou = fx.member("fatou@" + slug + ".test", "Fatou", "Thiès", "Senegal", "fr", "member");
    long john = fx.member("john@" + slug + ".test", "John", "Leeds", "UK", "en", "member");
    long ana = fx.member("ana@" + slug + ".test", "Ana", "", "Spain", "es", "member");
    fx.member("bystander@" + slug + ".test", "Bystander", "", "UK", "en", "member");
    app.app.subscriptions.set(d, ana, "announcements");
    long fatouPost = fx.approved(d, 1, fatou, "Women run the market stalls.");
    fx.approved(d, 1, john, "Traders cross the border daily.");
    HttpSession s = env.signedIn("mod@" + slug + ".test");
    return new World(d, fatouPost, s);
  }

  @Test
  void closingAsksFirstThenMailsEveryParticipantInTheirLanguageOnce() throws Exception {
    World w = world("close");
    String page = w.moderator().get("/d/close").body();
    // the button on the page leads to a confirmation, it does not close
    assertThat(page).contains("href=\"/d/close/close\"");
    String confirm = w.moderator().get("/d/close/close").body();
    assertThat(confirm)
        .contains("Close &quot;Markets close&quot;?")
        .contains("name=\"mailParticipants\" value=\"on\" checked")
        .contains("name=\"message-fr\"")
        .contains("La discussion « Markets close » est maintenant close.")
        .contains("href=\"/d/close/reply/en/edit\"");
    assertThat(app.browser().get("/d/close").body()).doesNotContain("is now closed");

    HttpSession.Response closed =
        w.moderator()
            .post(
                "/d/close/close",
                Map.of(
                    "mailParticipants", "on",
                    "message-en", "We are closing early: thank you, traders!",
                    "message-fr", "Nous clôturons : merci à toutes et à tous.",
                    "message-es", ""));
    assertThat(closed.status()).isEqualTo(303);
    assertThat(closed.location()).isEqualTo("/d/close/closed");
    assertThat(w.moderator().get("/d/close/closed").body())
        .contains("The discussion is closed.")
        .contains("href=\"/d/close/reply/en/edit\"")
        .contains("action=\"/d/close/reopen\"");

    // the same event seen a second time (a second process, a retry) mails no one again
    long closing =
        app.app
            .db
            .dsl()
            .fetchOne("select max(id) from discussion_closing where discussion_id = ?", w.d())
            .get(0, Long.class);
    app.app.db.txRun(tx -> app.app.changes.closingMailRequested(tx, w.d(), closing));

    // the mail waits a minute in case the moderator reopens, then leaves
    assertThat(env.deliveredTo("john@close.test")).isEmpty();
    app.clock.advance(FacilitationMail.CLOSING_GRACE.plusSeconds(1));
    List<MimeMessage> toJohn = env.deliveredTo("john@close.test");
    assertThat(toJohn).hasSize(1);
    assertThat(RelayedApp.subject(toJohn.get(0)))
        .isEqualTo("The discussion \"Markets close\" is closed");
    assertThat(RelayedApp.text(toJohn.get(0)))
        .contains("We are closing early: thank you, traders!");
    List<MimeMessage> toFatou = env.deliveredTo("fatou@close.test");
    assertThat(toFatou).hasSize(1);
    assertThat(RelayedApp.subject(toFatou.get(0)))
        .isEqualTo("La discussion « Markets close » est close");
    assertThat(RelayedApp.text(toFatou.get(0)))
        .contains("Nous clôturons : merci à toutes et à tous.");
    // Spanish left empty: the default text, in Spanish
    List<MimeMessage> toAna = env.deliveredTo("ana@close.test");
    assertThat(toAna).hasSize(1);
    assertThat(RelayedApp.text(toAna.get(0))).contains("El debate «Markets close» está cerrado.");
    assertThat(env.deliveredTo("bystander@close.test")).isEmpty();

    // contributions are refused while closed; reopening accepts them again
    HttpSession fatou = app.browser();
    fatou.login("fatou@close.test", TestApp.PASSWORD);
    assertThat(fatou.post("/d/close/contributions", Map.of("week", "1", "body", "Late")).status())
        .isNotEqualTo(303);
    assertThat(w.moderator().post("/d/close/reopen", Map.of()).status()).isEqualTo(303);
    assertThat(
            fatou
                .post("/d/close/contributions", Map.of("week", "1", "body", "Back again"))
                .status())
        .isEqualTo(303);

    // closing again: the form says they were mailed and no longer ticks the box
    String again = w.moderator().get("/d/close/close").body();
    assertThat(again)
        .contains("again (they already received one)")
        .doesNotContain("value=\"on\" checked");
    w.moderator().post("/d/close/close", Map.of());
    app.clock.advance(FacilitationMail.CLOSING_GRACE.plusSeconds(1));
    assertThat(env.deliveredTo("john@close.test")).hasSize(1);
  }

  @Test
  void aReopenBeforeTheMailLeftCancelsItAndOnlyModeratorsCloseOrReopen() {
    World w = world("undo");
    HttpSession john = app.browser();
    john.login("john@undo.test", TestApp.PASSWORD);
    assertThat(john.get("/d/undo/close").status()).isEqualTo(403);
    assertThat(john.post("/d/undo/close", Map.of("mailParticipants", "on")).status())
        .isEqualTo(403);

    w.moderator().post("/d/undo/close", Map.of("mailParticipants", "on"));
    assertThat(john.post("/d/undo/reopen", Map.of()).status()).isEqualTo(403);
    // the closing mail is queued, waiting out its grace, when the moderator reopens
    app.app.background.runNow("mail-events");
    assertThat(app.outboxTo("john@undo.test"))
        .extracting(m -> m.getKind())
        .containsExactly("closing");
    assertThat(w.moderator().post("/d/undo/reopen", Map.of()).status()).isEqualTo(303);
    app.clock.advance(FacilitationMail.CLOSING_GRACE.plusMinutes(1));
    assertThat(env.deliveredTo("john@undo.test")).isEmpty();
    assertThat(app.outboxTo("john@undo.test")).isEmpty();
    // nobody was told, so closing again offers to tell them
    assertThat(w.moderator().get("/d/undo/close").body())
        .contains("name=\"mailParticipants\" value=\"on\" checked");
    assertThat(w.moderator().post("/d/undo/reopen", Map.of()).status()).isEqualTo(409);

    // reopened before the mail job saw the closing: nothing is queued at all
    w.moderator().post("/d/undo/close", Map.of("mailParticipants", "on"));
    w.moderator().post("/d/undo/reopen", Map.of());
    app.clock.advance(FacilitationMail.CLOSING_GRACE.plusMinutes(1));
    assertThat(env.deliveredTo("john@undo.test")).isEmpty();
  }

  @Test
  void theConsolidatedReplyReachesEveryContributorInTheirLanguage() throws Exception {
    World w = world("reply");
    w.moderator().post("/d/reply/close", Map.of());
    w.moderator()
        .post(
            "/d/reply/reply/en/edit",
            Map.of("title", "What markets taught us", "body", "Stalls [#" + w.fatouPost() + "]."));
    w.moderator().post("/d/reply/reply/en/publish", Map.of());
    w.moderator()
        .post(
            "/d/reply/reply/fr/edit",
            Map.of("title", "Ce que les marchés nous ont appris", "body", "Les étals."));
    w.moderator().post("/d/reply/reply/fr/publish", Map.of());

    List<MimeMessage> toJohn = env.deliveredTo("john@reply.test", "consolidated reply");
    assertThat(toJohn).hasSize(1);
    assertThat(RelayedApp.text(toJohn.get(0))).contains("What markets taught us");
    List<MimeMessage> toFatou = env.deliveredTo("fatou@reply.test", "réponse consolidée");
    assertThat(toFatou).isNotEmpty();
    assertThat(RelayedApp.text(toFatou.get(toFatou.size() - 1)))
        .contains("Ce que les marchés nous ont appris");
    assertThat(env.deliveredTo("ana@reply.test")).hasSize(1);
  }
}
