package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Map;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Joining and staying informed: every discussion shows how to take part by email, members join in
 * one click or by posting, registration offers the open discussions, and the discussion's mails say
 * how to switch to a digest.
 */
class TakingPartTest {
  static TestApp app;
  static MailWorld world;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    world = new MailWorld(app);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String mode(long discussionId, long memberId) {
    Object m =
        world
            .dsl()
            .fetchValue(
                "select mode from subscription where discussion_id = ? and member_id = ?",
                discussionId,
                memberId);
    return m == null ? null : m.toString();
  }

  @Test
  void theApiGivesTheDiscussionsFullAddressesAndEachWeeksSummary() {
    long d = world.discussion("api-mail", "hold");
    world.theme(d, 1, true);
    world.theme(d, 2, true);
    world.theme(d, 3, false);
    OffsetDateTime now = OffsetDateTime.now(app.clock);
    world
        .dsl()
        .execute(
            "insert into week_summary(discussion_id, week, language, body, body_html, published_at,"
                + " created_at, updated_at) values (?, 1, 'en', 'Wells', '<p>Wells</p>',"
                + " cast(? as timestamptz), cast(? as timestamptz), cast(? as timestamptz))",
            d,
            now,
            now,
            now);

    JsonObject body = new JsonObject(app.browser().get("/api/discussions/api-mail").body());
    JsonObject email = body.getJsonObject("email");
    String domain = MailWorld.DOMAIN;
    assertThat(email.fieldNames())
        .containsExactly("post", "week", "subscribe", "digest", "unsubscribe", "help");
    assertThat(email.getString("post")).isEqualTo("api-mail@" + domain);
    assertThat(email.getString("week")).isEqualTo("api-mail+week2@" + domain);
    assertThat(email.getString("subscribe")).isEqualTo("api-mail+subscribe@" + domain);
    assertThat(email.getString("digest")).isEqualTo("api-mail+digest@" + domain);
    assertThat(email.getString("unsubscribe")).isEqualTo("api-mail+unsubscribe@" + domain);
    assertThat(email.getString("help")).isEqualTo("api-mail+help@" + domain);
    JsonArray weeks = body.getJsonArray("weeks");
    assertThat(weeks.getJsonObject(0).getString("summary")).isEqualTo("<p>Wells</p>");
    assertThat(weeks.getJsonObject(1).containsKey("summary")).isTrue();
    assertThat(weeks.getJsonObject(1).getValue("summary")).isNull();
  }

  @Test
  void everyDiscussionPageShowsTakePartByEmailInTheReadersLanguage() {
    long d = world.discussion("page-mail", "hold");
    world.theme(d, 1, true);
    String en = app.browser().get("/d/page-mail").body();
    assertThat(en)
        .contains("Take part by email")
        .contains("mailto:page-mail@" + MailWorld.DOMAIN)
        .contains("mailto:page-mail+week1@" + MailWorld.DOMAIN)
        .contains("mailto:page-mail+subscribe@" + MailWorld.DOMAIN)
        .contains("mailto:page-mail+digest@" + MailWorld.DOMAIN)
        .contains("mailto:page-mail+unsubscribe@" + MailWorld.DOMAIN)
        .contains("mailto:page-mail+help@" + MailWorld.DOMAIN)
        .contains("Sign in to join this discussion");
    String fr = app.browser().get("/d/page-mail?lang=fr").body();
    assertThat(fr).contains("Participer par courriel").contains("Aide par courriel");
  }

  @Test
  void joiningIsOneClickForASignedInMemberAndGivesThemesAndADigest() {
    long d = world.discussion("join-click", "hold");
    world.theme(d, 1, true);
    HttpSession s = app.signedIn("joiner@example.org", "member");
    long me = app.app.accounts.byEmail("joiner@example.org").orElseThrow().id();
    assertThat(s.get("/d/join-click").body()).contains("Join this discussion");

    HttpSession.Response joined = s.post("/d/join-click/join", Map.of());
    assertThat(joined.status()).isEqualTo(303);
    assertThat(mode(d, me)).isEqualTo("digest");
    assertThat(s.get(joined.location()).body())
        .contains("You have joined this discussion.")
        .contains("You follow this discussion: Daily digest.")
        .doesNotContain(">Join this discussion<");
    assertThat(s.get("/profile").body())
        .contains("Weekly themes and announcements only")
        .contains("Diaspora and join-click");

    s.post("/d/join-click/leave", Map.of());
    assertThat(mode(d, me)).isEqualTo("none");
    HttpSession.Response anonymous = app.browser().post("/d/join-click/join", Map.of());
    assertThat(anonymous.location()).startsWith("/login");
  }

  @Test
  void membersWhoJoinedAndMembersWhoDidNotNeverShareOneRenderedPage() {
    long d = world.discussion("join-shared", "hold");
    world.theme(d, 1, true);
    HttpSession joined = app.signedIn("joined-reader@example.org", "member");
    HttpSession other = app.signedIn("other-reader@example.org", "member");
    // both read the page once, so a shared rendering exists before anyone joins
    assertThat(joined.get("/d/join-shared").body()).contains(">Join this discussion<");
    assertThat(other.get("/d/join-shared").body()).contains(">Join this discussion<");

    joined.post("/d/join-shared/join", Map.of());

    assertThat(joined.get("/d/join-shared").body())
        .contains("You follow this discussion: Daily digest.")
        .doesNotContain(">Join this discussion<");
    assertThat(other.get("/d/join-shared").body())
        .contains(">Join this discussion<")
        .doesNotContain("You follow this discussion");
  }

  @Test
  void aMemberInAnnouncementsModeGetsTheThemeButNotEachContribution() {
    long d = world.discussion("announce-only", "hold");
    long me = app.member("themes-only@example.org", "Themes only", "member");
    app.app.subscriptions.set(d, me, "announcements");
    long theme = world.theme(d, 1, true);
    app.app.db.txRun(tx -> app.app.changes.themePublished(tx, d, theme));
    app.app.background.runNow("mail-events");
    var mails = app.outboxTo("themes-only@example.org");
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).getKind()).isEqualTo("theme");
    assertThat(mails.get(0).getTextBody()).contains("announce-only+digest@" + MailWorld.DOMAIN);
  }

  @Test
  void postingJoinsTheDiscussionButNotAMemberWhoLeftIt() {
    long d = world.discussion("post-joins", "hold");
    world.theme(d, 1, true);
    HttpSession poster = app.signedIn("poster@example.org", "member");
    long posterId = app.app.accounts.byEmail("poster@example.org").orElseThrow().id();
    HttpSession leaver = app.signedIn("leaver@example.org", "member");
    long leaverId = app.app.accounts.byEmail("leaver@example.org").orElseThrow().id();
    leaver.post("/d/post-joins/leave", Map.of());

    poster.post("/d/post-joins/contributions", Map.of("body", "Hello from Thiès", "week", "1"));
    leaver.post("/d/post-joins/contributions", Map.of("body", "Hello from Louga", "week", "1"));
    assertThat(world.contributions(d)).hasSize(2);
    app.app.background.runNow("mail-events");

    assertThat(mode(d, posterId)).isEqualTo("digest");
    assertThat(mode(d, leaverId)).isEqualTo("none");
  }

  @Test
  void registrationOffersTheOpenDiscussionsAndJoinsTheTickedOnes() {
    long open = world.discussion("reg-open", "hold");
    long other = world.discussion("reg-other", "hold");
    long closed = world.discussion("reg-closed", "hold");
    world.close(closed);
    HttpSession s = app.browser();
    String form = s.get("/register").body();
    assertThat(form).contains("value=\"reg-open\"").contains("value=\"reg-other\"");
    assertThat(form).doesNotContain("value=\"reg-closed\"");

    HttpSession.Response r =
        s.post(
            "/register",
            Map.of(
                "email", "newcomer@example.org",
                "password", TestApp.PASSWORD,
                "displayName", "Newcomer",
                "preferredLanguage", "fr",
                "timeZone", "UTC",
                "join", "reg-open"));
    // registered: on to the "check your mailbox" page in the chosen language
    assertThat(r.status()).isEqualTo(303);
    long id = app.app.accounts.byEmail("newcomer@example.org").orElseThrow().id();
    assertThat(mode(open, id)).isEqualTo("digest");
    assertThat(mode(other, id)).isNull();

    // registering again with a taken address changes nothing of that member's subscriptions
    s.post(
        "/register",
        Map.of(
            "email", "newcomer@example.org",
            "password", TestApp.PASSWORD,
            "displayName", "Someone else",
            "timeZone", "UTC",
            "join", "reg-other"));
    assertThat(mode(other, id)).isNull();
  }
}
