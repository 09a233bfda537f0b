package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.DIGEST_RUN;
import static org.indaba.db.schema.Tables.MAIL_OUTBOX;

import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.RelayedApp;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mail that leaves Indaba, read back from a real SMTP server. */
class EmailOutTest {
  static RelayedApp env;
  static TestApp app;
  static MailWorld world;

  @BeforeAll
  static void start() {
    env = RelayedApp.start();
    app = env.app;
    world = new MailWorld(app);
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  private static long subscriber(String email, String lang, long discussion, String mode) {
    long id = app.member(email, email.substring(0, email.indexOf('@')), "member");
    world
        .dsl()
        .execute(
            "update member set preferred_language = "
                + (lang == null ? "null" : "'" + lang + "'")
                + " where id = "
                + id);
    app.app.subscriptions.set(discussion, id, mode);
    return id;
  }

  @Test
  void aPublishedThemeReachesEachSubscriberInTheirLanguageWithListHeaders() throws Exception {
    long d = world.discussion("announce", "hold");
    long fr = subscriber("marie@example.fr", "fr", d, "each");
    subscriber("nolang@example.org", null, d, "digest");
    subscriber("quiet@example.org", "en", d, "none");
    long theme = world.theme(d, 1, true);
    app.app.db.txRun(tx -> app.app.changes.themePublished(tx, d, theme));

    MimeMessage m = env.deliveredTo("marie@example.fr").get(0);
    assertThat(m.getSubject()).contains("semaine 1");
    assertThat(m.getHeader("Message-ID")[0])
        .isEqualTo("<theme-" + theme + "@" + MailWorld.DOMAIN + ">");
    String replyTo = m.getHeader("Reply-To")[0];
    Matcher token =
        Pattern.compile("reply\\+([a-z0-9-]+)@" + Pattern.quote(MailWorld.DOMAIN)).matcher(replyTo);
    assertThat(token.find()).isTrue();
    MailTokens.ReplyTarget target = app.app.mailTokens.readReply(token.group(1)).orElseThrow();
    assertThat(target.memberId()).isEqualTo(fr);
    assertThat(target.themeId()).isEqualTo(theme);
    assertThat(m.getHeader("List-Id")[0]).contains("<announce." + MailWorld.DOMAIN + ">");
    assertThat(m.getHeader("List-Unsubscribe")[0])
        .containsPattern("<https?://[^>]+/unsubscribe/[a-z0-9-]+>")
        .contains("mailto:announce+unsubscribe@" + MailWorld.DOMAIN);
    assertThat(m.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
    assertThat(m.getHeader("Return-Path")[0]).contains("bounce+");
    assertThat(m.getFrom()[0].toString()).contains("announce@" + MailWorld.DOMAIN);

    // no language chosen: every welcomed language, one after the other
    MimeMessage both = env.deliveredTo("nolang@example.org").get(0);
    assertThat(both.getSubject()).contains("week 1").contains("semaine 1");
    assertThat(env.deliveredTo("quiet@example.org")).isEmpty();
  }

  @Test
  void theAnnouncementCarriesTheThemeAsWrittenInTheMembersLanguage() throws Exception {
    long d = world.discussion("announce-translated", "hold");
    subscriber("amelie@example.fr", "fr", d, "each");
    subscriber("both@example.org", null, d, "each");
    long theme = world.theme(d, 1, true);
    java.time.OffsetDateTime now = java.time.OffsetDateTime.now(app.clock);
    world
        .dsl()
        .insertInto(org.indaba.db.schema.Tables.TRANSLATION)
        .set(org.indaba.db.schema.Tables.TRANSLATION.ENTITY_TYPE, "theme")
        .set(org.indaba.db.schema.Tables.TRANSLATION.ENTITY_ID, theme)
        .set(org.indaba.db.schema.Tables.TRANSLATION.LANGUAGE, "fr")
        .set(org.indaba.db.schema.Tables.TRANSLATION.TITLE, "Les transferts de fonds, semaine 1")
        .set(
            org.indaba.db.schema.Tables.TRANSLATION.BODY,
            "Comment les transferts de fonds changent-ils votre ville ?")
        .set(
            org.indaba.db.schema.Tables.TRANSLATION.BODY_HTML,
            "<p>Comment les transferts de fonds changent-ils votre ville ?</p>")
        .set(org.indaba.db.schema.Tables.TRANSLATION.CREATED_AT, now)
        .set(org.indaba.db.schema.Tables.TRANSLATION.UPDATED_AT, now)
        .execute();
    app.app.db.txRun(tx -> app.app.changes.themePublished(tx, d, theme));

    String french = RelayedApp.text(env.deliveredTo("amelie@example.fr").get(0));
    assertThat(french)
        .contains("Comment les transferts de fonds changent-ils votre ville ?")
        .doesNotContain("How do remittances change your town?");
    String both = RelayedApp.text(env.deliveredTo("both@example.org").get(0));
    assertThat(both)
        .contains("How do remittances change your town?")
        .contains("Comment les transferts de fonds changent-ils votre ville ?");
  }

  @Test
  void anApprovedContributionThreadsUnderItsThemeAndParent() throws Exception {
    long d = world.discussion("threads", "hold");
    long author = subscriber("author@example.org", "en", d, "each");
    subscriber("reader@example.org", "en", d, "each");
    long theme = world.theme(d, 1, true);
    long parent = approved(d, author, null, "<parent@example.org>");
    long child = approved(d, author, parent, "<child@example.org>");
    app.app.db.txRun(tx -> app.app.changes.contributionPosted(tx, d, child));

    List<MimeMessage> got = env.deliveredTo("reader@example.org");
    assertThat(got).hasSize(1);
    MimeMessage m = got.get(0);
    String domain = MailWorld.DOMAIN;
    assertThat(m.getHeader("Message-ID")[0])
        .isEqualTo("<contribution-" + child + "@" + domain + ">");
    assertThat(m.getHeader("In-Reply-To")[0])
        .isEqualTo("<contribution-" + parent + "@" + domain + ">");
    assertThat(m.getHeader("References")[0])
        .isEqualTo(
            "<theme-" + theme + "@" + domain + "> <contribution-" + parent + "@" + domain + ">");
    MailTokens.ReplyTarget t =
        app.app
            .mailTokens
            .readReply(m.getHeader("Reply-To")[0].replaceAll(".*reply\\+([a-z0-9-]+)@.*", "$1"))
            .orElseThrow();
    assertThat(t.contributionId()).isEqualTo(child);
    // the author does not get their own words back
    assertThat(env.deliveredTo("author@example.org")).isEmpty();
  }

  private static long approved(long d, long author, Long replyTo, String messageId) {
    OffsetDateTime now = OffsetDateTime.now(app.clock);
    return world
        .dsl()
        .insertInto(CONTRIBUTION)
        .set(CONTRIBUTION.DISCUSSION_ID, d)
        .set(CONTRIBUTION.WEEK, 1)
        .set(CONTRIBUTION.AUTHOR_ID, author)
        .set(CONTRIBUTION.REPLY_TO_ID, replyTo)
        .set(CONTRIBUTION.BODY, "Hometown associations matter.")
        .set(CONTRIBUTION.BODY_HTML, "<p>Hometown associations matter.</p>")
        .set(CONTRIBUTION.STATUS, ContributionStatus.APPROVED)
        .set(CONTRIBUTION.SOURCE, "web")
        .set(CONTRIBUTION.MESSAGE_ID, messageId)
        .set(CONTRIBUTION.CREATED_AT, now)
        .set(CONTRIBUTION.UPDATED_AT, now)
        .set(CONTRIBUTION.APPROVED_AT, now)
        .returning(CONTRIBUTION.ID)
        .fetchSingle()
        .getId();
  }

  @Test
  void noticesAreMarkedAutomatic() throws Exception {
    world.discussion("notices", "hold");
    String to = "notices+help@" + MailWorld.DOMAIN;
    world.deliver(
        "help_by_mail",
        "asker@example.org",
        to,
        Map.of(
            "FROM",
            "asker@example.org",
            "TO",
            to,
            "MSGID",
            java.util.UUID.randomUUID().toString()));
    MimeMessage m = env.deliveredTo("asker@example.org").get(0);
    assertThat(m.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
    assertThat(m.getSubject()).startsWith("Cómo participar");
  }

  @Test
  void oneClickUnsubscribeWorksWithoutCookiesAndAGetOnlyAsks() throws Exception {
    long d = world.discussion("oneclick", "hold");
    long m = subscriber("leaver@example.org", "en", d, "each");
    String url =
        new ListMail(app.app.mailAddresses, app.app.mailTokens, app.baseUrl()).unsubscribeUrl(m, d);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> page =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<button type=\"submit\">");
    assertThat(world.dsl().fetchOne("select mode from subscription where member_id = " + m).get(0))
        .isEqualTo("each");

    HttpResponse<String> post =
        client.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(world.dsl().fetchOne("select mode from subscription where member_id = " + m).get(0))
        .isEqualTo("none");

    // the same address with its last token character changed: the signature no longer matches
    char last = url.charAt(url.length() - 1);
    String tampered = url.substring(0, url.length() - 1) + (last == 'a' ? 'b' : 'a');
    HttpResponse<String> forged =
        client.send(
            HttpRequest.newBuilder(URI.create(tampered))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(404);
  }

  @Test
  void membersChooseTheirModeOnTheProfile() {
    long d = world.discussion("prefs", "hold");
    var s = app.signedIn("prefs@example.org", "member");
    assertThat(s.get("/profile").body()).contains("name=\"mode-" + d + "\"");
    assertThat(s.post("/profile/subscriptions", Map.of("mode-" + d, "digest")).status())
        .isEqualTo(303);
    assertThat(
            world.dsl().fetchOne("select mode from subscription where discussion_id = " + d).get(0))
        .isEqualTo("digest");
    assertThat(s.post("/profile/subscriptions", Map.of("mode-" + d, "everything")).status())
        .isEqualTo(400);
  }

  @Test
  void theDailyDigestGoesOutExactlyOnceWithTwoProcesses() throws Exception {
    long d = world.discussion("digesting", "hold");
    long author = subscriber("writer@example.org", "en", d, "none");
    subscriber("digester@example.org", "en", d, "digest");
    approved(d, author, null, "<digest-one@example.org>");
    approved(d, author, null, "<digest-two@example.org>");
    try (TestApp second =
        TestApp.start(
            app.databaseUrl,
            Map.of("INDABA_MAIL_RELAY", "localhost:" + env.relay.getSmtp().getPort()))) {
      app.clock.advance(Duration.ofDays(1));
      second.clock.set(app.clock.instant());
      try {
        CompletableFuture<Void> a =
            CompletableFuture.runAsync(() -> app.app.background.runNow("mail-digest"));
        CompletableFuture<Void> b =
            CompletableFuture.runAsync(() -> second.app.background.runNow("mail-digest"));
        CompletableFuture.allOf(a, b).get();
        app.app.background.runNow("mail-digest");
      } finally {
        app.clock.advance(Duration.ofDays(-1));
      }
    }
    assertThat(world.dsl().fetchCount(DIGEST_RUN, DIGEST_RUN.DISCUSSION_ID.eq(d))).isEqualTo(1);
    var digests = world.dsl().selectFrom(MAIL_OUTBOX).where(MAIL_OUTBOX.KIND.eq("digest")).fetch();
    assertThat(digests).hasSize(1);
    assertThat(digests.get(0).getRecipient()).isEqualTo("digester@example.org");
    assertThat(digests.get(0).getTextBody()).contains("Hometown associations matter.");
    assertThat(digests.get(0).getSubject()).contains("2");
  }
}
