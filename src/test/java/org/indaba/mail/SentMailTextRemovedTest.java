package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.indaba.db.schema.tables.records.MailOutboxRecord;
import org.indaba.mail.out.MailOutbox;
import org.indaba.testing.HttpSession;
import org.indaba.testing.RelayedApp;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sent mail's text carries personal links (password reset, confirmation, reply addresses). Thirty
 * days after it left, the text is removed from the outbox; recipient, subject and status stay, and
 * the admin's view of the mail says what happened.
 */
class SentMailTextRemovedTest {
  static RelayedApp env;
  static TestApp app;

  @BeforeAll
  static void start() {
    env = RelayedApp.start();
    app = env.app;
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  private static MailOutboxRecord resetMailTo(String email) {
    app.browser().post("/reset", Map.of("email", email));
    assertThat(env.deliveredTo(email)).isNotEmpty();
    MailOutboxRecord mail =
        app.outboxTo(email).stream().filter(m -> m.getKind().equals("reset")).toList().getLast();
    assertThat(mail.getStatus()).isEqualTo("sent");
    assertThat(mail.getTextBody()).contains("/reset/");
    return mail;
  }

  private static MailOutboxRecord reread(MailOutboxRecord mail) {
    return app.outboxTo(mail.getRecipient()).stream()
        .filter(m -> m.getId().equals(mail.getId()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aMailsTextIsRemovedThirtyDaysAfterItLeftAndTheRestIsKept() {
    app.member("kept@example.org", "Kept", "member");
    MailOutboxRecord old = resetMailTo("kept@example.org");
    app.clock.advance(Duration.ofDays(20));
    MailOutboxRecord recent = resetMailTo("kept@example.org");

    // 31 days after the first mail left, 11 after the second
    app.clock.advance(MailOutbox.KEEP_SENT_TEXT.minusDays(20).plusDays(1));
    app.app.background.runNow("mail-text-removal");

    MailOutboxRecord removed = reread(old);
    assertThat(removed.getTextBody()).isEmpty();
    assertThat(removed.getHtmlBody()).isNull();
    assertThat(removed.getBodyRemovedAt()).isNotNull();
    assertThat(removed.getSubject()).isEqualTo(old.getSubject());
    assertThat(removed.getStatus()).isEqualTo("sent");
    MailOutboxRecord stillThere = reread(recent);
    assertThat(stillThere.getTextBody()).isEqualTo(recent.getTextBody());
    assertThat(stillThere.getBodyRemovedAt()).isNull();

    HttpSession admin = app.signedIn("admin@removal.test", "admin");
    String page = admin.get("/admin/mail/outbox/" + old.getId()).body();
    assertThat(page)
        .contains(old.getSubject())
        .contains("The text of this mail was removed")
        .doesNotContain("/reset/");
    assertThat(admin.get("/admin/mail/outbox/" + recent.getId()).body()).contains("/reset/");
  }

  @Test
  void mailNotYetSentKeepsItsTextHoweverOld() {
    app.member("waiting@example.org", "Waiting", "member");
    app.app.db.txRun(
        tx ->
            app.app.mailOutbox.enqueue(
                tx,
                new org.indaba.mail.out.OutgoingMail(
                    "waiting@example.org",
                    null,
                    "reset",
                    "Held back",
                    "Your link: http://localhost/reset/abc",
                    null,
                    Map.of()),
                Duration.ofDays(60)));
    app.clock.advance(Duration.ofDays(45));
    app.app.background.runNow("mail-text-removal");
    MailOutboxRecord waiting =
        app.outboxTo("waiting@example.org").stream()
            .filter(m -> m.getSubject().equals("Held back"))
            .findFirst()
            .orElseThrow();
    assertThat(waiting.getStatus()).isEqualTo("pending");
    assertThat(waiting.getTextBody()).contains("/reset/abc");
  }
}
