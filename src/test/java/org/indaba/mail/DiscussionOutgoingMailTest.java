package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.MAIL_OUTBOX;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.indaba.db.schema.tables.records.MailOutboxRecord;
import org.indaba.mail.out.OutgoingMail;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A discussion's moderators read the mail written about it at {@code /d/{slug}/mail}: the alerts to
 * its moderators and the notices to its authors and to people who wrote to it, not only its list
 * copies; never another discussion's mail; with the tokens that act for a recipient masked, and the
 * text of a confirmation withheld.
 */
class DiscussionOutgoingMailTest {
  static TestApp app;
  static Fixtures fx;
  static MailWorld world;
  static HttpSession moderator;
  static HttpSession otherModerator;
  static long ours;
  static long theirs;

  @BeforeAll
  static void twoDiscussionsWithMail() {
    app = TestApp.start();
    fx = new Fixtures(app);
    world = new MailWorld(app);
    ours = fx.discussion("ours", "Our discussion", true);
    theirs = fx.discussion("theirs", "Their discussion", true);
    for (long d : List.of(ours, theirs)) {
      fx.theme(d, 1, "Who pays?", OffsetDateTime.now(app.clock).minusDays(1));
      app.app
          .db
          .dsl()
          .execute("update theme set published_at = publish_at where discussion_id = ?", d);
    }
    fx.moderator(ours, fx.member("mod@ours.test", "Mod", "Org", "Senegal", "en", "member"));
    fx.moderator(ours, fx.member("mod2@ours.test", "Mod Two", "Org", "Senegal", "en", "member"));
    fx.moderator(theirs, fx.member("mod@theirs.test", "Their Mod", "Org", "Mali", "en", "member"));
    fx.member("author@example.org", "Author", "Org", "Senegal", "en", "member");
    moderator = app.browser();
    moderator.login("mod@ours.test", TestApp.PASSWORD);
    otherModerator = app.browser();
    otherModerator.login("mod@theirs.test", TestApp.PASSWORD);

    HttpSession author = app.browser();
    author.login("author@example.org", TestApp.PASSWORD);
    for (String slug : List.of("ours", "theirs")) {
      assertThat(
              author
                  .post("/d/" + slug + "/contributions", Map.of("week", "1", "body", "Held."))
                  .status())
          .isEqualTo(303);
    }
    long held =
        app.app
            .db
            .dsl()
            .fetchOne("select id from contribution where discussion_id = ?", ours)
            .get(0, Long.class);
    app.app.background.runNow("mail-events");
    assertThat(
            moderator
                .post(
                    "/moderation/contributions/" + held + "/reject", Map.of("reason", "Off topic."))
                .status())
        .isEqualTo(303);
    String help = "ours+help@" + MailWorld.DOMAIN;
    world.deliver(
        "help_by_mail",
        "curious@example.es",
        help,
        Map.of("FROM", "curious@example.es", "TO", help, "MSGID", "help-ours"));
    String subscribe = "ours+subscribe@" + MailWorld.DOMAIN;
    world.deliver(
        "subscribe_by_mail",
        "aminata@example.org",
        subscribe,
        Map.of("FROM", "aminata@example.org", "TO", subscribe, "MSGID", "join-ours"));
    app.app.background.runNow("mail-events");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static MailOutboxRecord mail(String kind, String recipient) {
    return app.app
        .db
        .dsl()
        .selectFrom(MAIL_OUTBOX)
        .where(MAIL_OUTBOX.KIND.eq(kind).and(MAIL_OUTBOX.RECIPIENT.eq(recipient)))
        .fetchOptional()
        .orElseThrow(() -> new AssertionError("no " + kind + " mail to " + recipient));
  }

  private static String link(MailOutboxRecord m, String slug) {
    return "href=\"/d/" + slug + "/mail/" + m.getId() + "\"";
  }

  @Test
  void theAlertsAndNoticesOfTheDiscussionAreListedAndAnotherDiscussionsMailIsNot() {
    MailOutboxRecord alert = mail("moderation-alert", "mod2@ours.test");
    MailOutboxRecord rejected = mail("contribution-rejected", "author@example.org");
    MailOutboxRecord helped = mail("help", "curious@example.es");
    MailOutboxRecord confirm = mail("confirm-join", "aminata@example.org");
    MailOutboxRecord theirAlert = mail("moderation-alert", "mod@theirs.test");
    assertThat(alert.getDiscussionId()).isEqualTo(ours);
    assertThat(theirAlert.getDiscussionId()).isEqualTo(theirs);

    String page = moderator.get("/d/ours/mail").body();
    assertThat(page)
        .contains(link(alert, "ours"))
        .contains(link(rejected, "ours"))
        .contains(link(helped, "ours"))
        .contains(link(confirm, "ours"))
        .contains("Waiting for moderation: #")
        .contains("Your contribution to &quot;Our discussion&quot; was not published")
        .doesNotContain("/mail/" + theirAlert.getId() + "\"")
        .doesNotContain("Their discussion");
    // another discussion's mail cannot be opened through this one, nor this page by its moderators
    assertThat(moderator.get("/d/ours/mail/" + theirAlert.getId()).status()).isEqualTo(404);
    assertThat(otherModerator.get("/d/ours/mail").status()).isEqualTo(403);
    assertThat(otherModerator.get("/d/ours/mail/" + alert.getId()).status()).isEqualTo(403);
  }

  @Test
  void aMailsTokensAreMaskedAndAConfirmationsTextIsWithheld() {
    MailOutboxRecord alert = mail("moderation-alert", "mod2@ours.test");
    String token = alert.getHeaders().data().replaceAll("(?s).*reply\\+([^@]+)@.*", "$1");
    assertThat(token).isNotBlank().doesNotContain("{");
    String shown = moderator.get("/d/ours/mail/" + alert.getId()).body();
    assertThat(shown).contains("reply+…@").doesNotContain(token).contains("Held.");

    MailOutboxRecord confirm = mail("confirm-join", "aminata@example.org");
    assertThat(confirm.getTextBody()).contains("/mail/confirm/");
    String withheld = moderator.get("/d/ours/mail/" + confirm.getId()).body();
    assertThat(withheld)
        .contains("aminata@example.org")
        .contains("its text is not shown")
        .doesNotContain("/mail/confirm/")
        .doesNotContain("confirm+");
  }

  @Test
  void theOutgoingMailPagesThroughEverythingWrittenAboutTheDiscussion() {
    long before = app.app.db.dsl().fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.DISCUSSION_ID.eq(ours));
    app.app.db.txRun(
        tx -> {
          for (int i = 0; i < 60; i++) {
            app.app.mailOutbox.enqueue(
                tx,
                new OutgoingMail(
                        "reader" + i + "@example.org",
                        null,
                        "contribution",
                        "Copy " + i,
                        "Text " + i,
                        null,
                        Map.of())
                    .about(ours));
          }
        });
    long total = before + 60;
    String first = moderator.get("/d/ours/mail").body();
    assertThat(first)
        .contains(total + " mails written about this discussion")
        .contains("Page 1 of 2")
        .contains("href=\"/d/ours/mail?page&#x3D;2\" rel=\"next\"")
        .contains(">Copy 59<");
    String second = moderator.get("/d/ours/mail?page=2").body();
    assertThat(second).contains("Page 2 of 2").doesNotContain(">Copy 59<");
    assertThat(first.split("<tr>").length + second.split("<tr>").length - 4).isEqualTo((int) total);
  }
}
