package org.indaba.facilitation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
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
 * A pre-moderated discussion written in English whose title its moderators translated into French
 * and Arabic: every mail that names it (the moderators' alerts, the authors' notices, the daily
 * digest and the consolidated reply) names it in the recipient's language, subject line included,
 * as a real SMTP server receives them.
 */
class DiscussionTitleInEveryMailTest {
  static final String ORIGINAL = "Remittances and hometown schools";
  static final String FRENCH = "Transferts d'argent et écoles des villes d'origine";
  static final String ARABIC = "التحويلات المالية ومدارس المدن الأصلية";

  static RelayedApp mailed;
  static TestApp app;
  static Fixtures fx;

  @BeforeAll
  static void start() {
    mailed = RelayedApp.start();
    app = mailed.app;
    fx = new Fixtures(app);
  }

  @AfterAll
  static void stop() {
    mailed.close();
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> subjects(String address) {
    return mailed.deliveredTo(address).stream()
        .map(DiscussionTitleInEveryMailTest::subject)
        .toList();
  }

  private static HttpSession signIn(String email) {
    HttpSession s = app.browser();
    s.login(email, TestApp.PASSWORD);
    return s;
  }

  /** The discussion, its moderators (one reads French, one Arabic) and its title translated. */
  private static long translatedDiscussion(String slug) {
    long d = fx.discussion(slug, ORIGINAL, true);
    app.app
        .db
        .dsl()
        .execute("update discussion set welcomed_languages = 'en,fr,ar' where id = ?", d);
    fx.theme(d, 1, "Who pays the teachers?", OffsetDateTime.now(app.clock).minusDays(1));
    app.app
        .db
        .dsl()
        .execute("update theme set published_at = publish_at where discussion_id = ?", d);
    fx.moderator(d, fx.member("marie@" + slug + ".test", "Marie", "Org", "France", "fr", "member"));
    fx.moderator(d, fx.member("nadia@" + slug + ".test", "Nadia", "Org", "Egypt", "ar", "member"));
    HttpSession marie = signIn("marie@" + slug + ".test");
    for (var t : Map.of("fr", FRENCH, "ar", ARABIC).entrySet()) {
      HttpSession.Response saved =
          marie.post(
              "/translations/discussion/" + d + "/" + t.getKey(),
              Map.of("title", t.getValue(), "body", "-", "returnTo", "/d/" + slug));
      assertThat(saved.status()).as(saved.body()).isEqualTo(303);
    }
    return d;
  }

  private static long waiting(long d, String slug, String email, String body) {
    HttpSession author = signIn(email);
    assertThat(
            author
                .post("/d/" + slug + "/contributions", Map.of("week", "1", "body", body))
                .status())
        .isEqualTo(303);
    return app.app
        .db
        .dsl()
        .fetchOne("select id from contribution where discussion_id = ? and body = ?", d, body)
        .get(0, Long.class);
  }

  @Test
  void moderatorAlertsAndAuthorNoticesNameTheDiscussionInTheRecipientsLanguage() throws Exception {
    long d = translatedDiscussion("alerts");
    fx.member("claire@alerts.test", "Claire", "Org", "France", "fr", "member");
    fx.member("karim@alerts.test", "Karim", "Org", "Morocco", "ar", "member");
    long claires = waiting(d, "alerts", "claire@alerts.test", "Les associations paient.");
    long karims = waiting(d, "alerts", "karim@alerts.test", "Buy cheap watches here.");

    assertThat(subjects("marie@alerts.test"))
        .contains(
            "En attente de modération : n° " + claires + " dans " + FRENCH,
            "En attente de modération : n° " + karims + " dans " + FRENCH);
    assertThat(subjects("nadia@alerts.test"))
        .contains("في انتظار الإشراف: رقم " + claires + " في " + ARABIC)
        .noneMatch(s -> s.contains(ORIGINAL));
    assertThat(RelayedApp.text(mailed.deliveredTo("nadia@alerts.test").get(0))).contains(ARABIC);

    HttpSession marie = signIn("marie@alerts.test");
    assertThat(marie.post("/moderation/contributions/" + claires + "/approve", Map.of()).status())
        .isEqualTo(303);
    assertThat(
            marie
                .post(
                    "/moderation/contributions/" + karims + "/reject",
                    Map.of("reason", "Advertising is off topic."))
                .status())
        .isEqualTo(303);
    // a rejection notice waits a minute in case the click is undone
    app.clock.advance(Duration.ofMinutes(2));
    assertThat(subjects("claire@alerts.test"))
        .containsExactly("Publiée : votre contribution à " + FRENCH);
    List<MimeMessage> toKarim = mailed.deliveredTo("karim@alerts.test");
    assertThat(toKarim).hasSize(1);
    assertThat(subject(toKarim.get(0))).contains(ARABIC).doesNotContain(ORIGINAL);
  }

  @Test
  void theDailyDigestAndTheConsolidatedReplyNameTheDiscussionInTheRecipientsLanguage()
      throws Exception {
    long d = translatedDiscussion("digest");
    long lea = fx.member("lea@digest.test", "Léa", "Org", "France", "fr", "member");
    long sami = fx.member("sami@digest.test", "Sami", "Org", "Jordan", "ar", "member");
    long john = fx.member("john@digest.test", "John", "Org", "UK", "en", "member");
    app.app.subscriptions.set(d, lea, "digest");
    app.app.subscriptions.set(d, sami, "digest");
    app.app.subscriptions.set(d, john, "digest");
    // approved yesterday, so today's digest carries it
    app.app
        .db
        .dsl()
        .execute(
            "update contribution set approved_at = created_at where id = ?",
            fx.approved(d, 1, john, "Parents pay for the roof."));
    app.clock.advance(Duration.ofDays(1));
    app.app.background.runNow("mail-digest");

    assertThat(subjects("lea@digest.test")).containsExactly(FRENCH + " : 1 nouvelle contribution");
    assertThat(subjects("sami@digest.test")).containsExactly(ARABIC + ": مساهمة جديدة واحدة");
    assertThat(subjects("john@digest.test")).containsExactly(ORIGINAL + ": 1 new contribution");

    HttpSession marie = signIn("marie@digest.test");
    marie.post(
        "/d/digest/reply/en/edit", Map.of("title", "What we learnt", "body", "Parents pay."));
    assertThat(marie.post("/d/digest/reply/en/publish", Map.of()).status()).isEqualTo(303);
    assertThat(subjects("lea@digest.test")).contains("La réponse consolidée de " + FRENCH);
    assertThat(subjects("sami@digest.test")).contains("الرد الموحّد لنقاش " + ARABIC);
    List<MimeMessage> reply = mailed.deliveredTo("sami@digest.test", ARABIC);
    assertThat(RelayedApp.text(reply.get(reply.size() - 1))).contains(ARABIC);
    assertThat(subjects("john@digest.test")).contains("The consolidated reply of " + ORIGINAL);
  }
}
