package org.indaba.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.RESOURCE_COMMENT;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.indaba.db.schema.tables.records.MailOutboxRecord;
import org.indaba.db.schema.tables.records.ResourceCommentRecord;
import org.indaba.mail.MailWorld;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The "new resource" mail, and a reply to it becoming a moderated comment. */
class LibraryMailTest {
  static TestApp app;
  static MailWorld world;
  static HttpSession moderator;
  static HttpSession member;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    world = new MailWorld(app);
    moderator = app.signedIn("lucia@example.org", "moderator");
    member = app.signedIn("fatima@example.org", "member");
    app.signedIn("omar@example.org", "member");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aReplyToTheNewResourceMailIsACommentThatWaitsForAModerator() {
    assertThat(member.post("/resources/subscription", Map.of("on", "1")).status()).isEqualTo(303);
    HttpSession.Response created =
        moderator.post(
            "/resources/new",
            Map.of(
                "title", "Learning brief on diaspora engagement",
                "kind", "learning_brief",
                "language", "en",
                "summary", "Good practices from three regions."));
    long id = LibraryTest.idOf(created);
    app.app.background.runNow("mail-events");

    MailOutboxRecord mail =
        app.outboxTo("fatima@example.org").stream()
            .filter(m -> m.getKind().equals("resource"))
            .findFirst()
            .orElseThrow();
    assertThat(mail.getSubject()).contains("Learning brief on diaspora engagement");
    assertThat(mail.getTextBody()).contains("Good practices from three regions.");
    // the moderator did not ask for these mails
    assertThat(app.outboxTo("lucia@example.org")).noneMatch(m -> m.getKind().equals("resource"));
    String replyTo = new JsonObject(mail.getHeaders().data()).getString("Reply-To");
    assertThat(replyTo).startsWith("reply+r" + id + "-");

    world.deliver(
        "reply_to_new_resource_mail",
        "fatima@example.org",
        replyTo,
        Map.of(
            "FROM",
            "fatima@example.org",
            "TO",
            replyTo,
            "MSGID",
            UUID.randomUUID().toString(),
            "PARENT",
            new JsonObject(mail.getHeaders().data()).getString("Message-ID")));
    ResourceCommentRecord comment =
        app.app
            .db
            .dsl()
            .selectFrom(RESOURCE_COMMENT)
            .where(RESOURCE_COMMENT.RESOURCE_ID.eq(id))
            .fetchSingle();
    assertThat(comment.getSource()).isEqualTo("email");
    assertThat(comment.getStatus()).isEqualTo(ContributionStatus.PENDING);
    assertThat(comment.getBody())
        .contains("municipality of Nador")
        .doesNotContain("A new resource was added");
    assertThat(app.browser().get("/resources/" + id).body()).doesNotContain("Nador");
    assertThat(
            moderator
                .post("/resources/comments/" + comment.getId() + "/approve", Map.of())
                .status())
        .isEqualTo(303);
    assertThat(app.browser().get("/resources/" + id).body()).contains("municipality of Nador");

    // someone else replying through Fatima's address does not comment in her name
    world.deliver(
        "reply_to_new_resource_mail",
        "omar@example.org",
        replyTo,
        Map.of(
            "FROM",
            "omar@example.org",
            "TO",
            replyTo,
            "MSGID",
            UUID.randomUUID().toString(),
            "PARENT",
            "<x@example.org>"));
    assertThat(app.app.db.dsl().fetchCount(RESOURCE_COMMENT, RESOURCE_COMMENT.RESOURCE_ID.eq(id)))
        .isEqualTo(1);
  }
}
