package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.CONTRIBUTION_ATTACHMENT;
import static org.indaba.db.schema.Tables.MAIL_BOUNCE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.db.schema.tables.records.InboundMailRecord;
import org.indaba.db.schema.tables.records.MailOutboxRecord;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each class of real-world mail end to end (SMTP in, processing, notices out), with the fixtures
 * under {@code src/test/resources/mail/} addressed to this test's discussions and members.
 */
class MailClassesTest {
  static TestApp app;
  static MailWorld world;

  @BeforeAll
  static void start() {
    app = TestApp.start(TestDatabase.freshDatabaseUrl(), Map.of());
    world = new MailWorld(app);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static long openDiscussion(String slug) {
    long d = world.discussion(slug, "hold");
    world.dsl().execute("update discussion set pre_moderated = false where id = " + d);
    world.theme(d, 1, true);
    return d;
  }

  private static String addr(String slug) {
    return slug + "@" + MailWorld.DOMAIN;
  }

  /**
   * Sends a fixture with its author's address replaced by {@code from} and its list address by
   * {@code to}, then processes the queue.
   */
  private static SmtpClient.Outcome send(
      String fixture, String originalFrom, String from, String to) {
    try (InputStream in = MailClassesTest.class.getResourceAsStream("/mail/" + fixture)) {
      String text =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace(originalFrom, from)
              .replace("kayes@lists.indaba.example", to);
      SmtpClient.Outcome o =
          SmtpClient.send(world.smtpPort(), from, to, text.getBytes(StandardCharsets.UTF_8));
      app.app.background.runNow("mail-in");
      return o;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InboundMailRecord lastInbound(String envelopeFrom) {
    List<InboundMailRecord> all = world.inboundFrom(envelopeFrom);
    assertThat(all).isNotEmpty();
    return all.get(all.size() - 1);
  }

  @Test
  void aMessageStartingWithABlankLineIsPostedAsItsTextNotItsHeaders() {
    long d = openDiscussion("blankline");
    app.member("noura@example.org", "Noura", "member");
    send(
        "leading_blank_line_gateway.eml",
        "noura@example.org",
        "noura@example.org",
        addr("blankline"));
    assertThat(lastInbound("noura@example.org").getDetail()).isNull();
    ContributionRecord c = world.contributions(d).get(0);
    assertThat(c.getBody())
        .isEqualTo("Our village water committee is run by the women of the cooperative.");
    assertThat(c.getAuthorId()).isNotNull();
  }

  @Test
  void noFromHeaderIsRejectedWithAReasonAndNobodyIsCreditedOrMailed() {
    long d = openDiscussion("nofrom");
    send("no_from_header.eml", "bulk-sender@example.net", "sender@example.net", addr("nofrom"));
    send("unparseable_from_header.eml", "x", "x", addr("nofrom"));
    assertThat(world.contributions(d)).isEmpty();
    InboundMailRecord in = lastInbound("sender@example.net");
    assertThat(in.getStatus()).isEqualTo("rejected");
    assertThat(in.getReason()).isEqualTo("no_sender");
    assertThat(in.getDetail()).contains("no From header");
    assertThat(app.outboxTo("sender@example.net")).isEmpty();
  }

  @Test
  void outlookMailWithAnAbsenceSubjectIsPostedAndAnAutoReplyShowsOnTheMembersProfile() {
    long d = openDiscussion("absence");
    app.member("lucia.garcia@example.es", "Lucia", "member");
    send(
        "outlook_human_with_auto_response_suppress.eml",
        "lucia.garcia@example.es",
        "lucia.garcia@example.es",
        addr("absence"));
    assertThat(world.contributions(d)).hasSize(1);

    world.deliver(
        "auto_reply_ignored",
        "lucia.garcia@example.es",
        addr("absence"),
        Map.of("FROM", "lucia.garcia@example.es", "TO", addr("absence"), "MSGID", "oof-lucia-1"));
    assertThat(lastInbound("lucia.garcia@example.es").getReason()).isEqualTo("auto_reply");
    HttpSession s = app.browser();
    s.login("lucia.garcia@example.es", TestApp.PASSWORD);
    assertThat(s.get("/profile").body())
        .contains("Messages we did not post")
        .contains("An automatic reply (out of office)")
        .doesNotContain("auto_reply");
    world
        .dsl()
        .execute(
            "update member set preferred_language = 'es' where email = 'lucia.garcia@example.es'");
    assertThat(s.get("/profile").body())
        .contains("Respuesta automática (fuera de la oficina)")
        .doesNotContain("auto_reply");

    // admins read the same reasons in words
    String admin = app.signedIn("absence-admin@example.org", "admin").get("/admin/mail").body();
    assertThat(admin).contains("An automatic reply (out of office)").doesNotContain("auto_reply<");
  }

  @Test
  void aDelayReportNeverCountsAgainstTheMember() {
    long member = app.member("slow.member@example.org", "Slow", "member");
    long outboxId =
        app.app.db.tx(
            tx ->
                app.app.mailOutbox.enqueue(
                    tx,
                    new org.indaba.mail.out.OutgoingMail(
                        "slow.member@example.org",
                        member,
                        "theme",
                        "Week 1",
                        "t",
                        null,
                        Map.of())));
    String to = "bounce+" + outboxId + "@" + MailWorld.DOMAIN;
    for (int i = 0; i < 6; i++) {
      String text =
          new String(fixture("delay_dsn_action_delayed.eml"), StandardCharsets.UTF_8)
              .replace("bounce+42@lists.indaba.example", to)
              .replace("delay.0001", "delay.000" + i);
      try {
        SmtpClient.send(world.smtpPort(), "", to, text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    app.app.background.runNow("mail-in");
    assertThat(
            world.dsl().fetchCount(MAIL_BOUNCE, MAIL_BOUNCE.ADDRESS.eq("slow.member@example.org")))
        .isZero();
    assertThat(app.app.subscriptions.suppression("slow.member@example.org")).isEmpty();
  }

  private static byte[] fixture(String name) {
    try (InputStream in = MailClassesTest.class.getResourceAsStream("/mail/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aBoundaryThatNeverAppearsStillGivesAPost() {
    long d = openDiscussion("nobound");
    app.member("ama@example.org", "Ama", "member");
    send("boundary_never_appears.eml", "ama@example.org", "ama@example.org", addr("nobound"));
    assertThat(world.contributions(d)).hasSize(1);
    assertThat(world.contributions(d).get(0).getBody()).contains("susu savings groups");
  }

  @Test
  void attachmentsWithoutTextAndAForwardedMessageAreContributions() {
    long d = openDiscussion("attonly");
    app.member("hawa@example.org", "Hawa", "member");
    app.member("issa@example.org", "Issa", "member");
    send("attachments_only_pdf.eml", "hawa@example.org", "hawa@example.org", addr("attonly"));
    send("forwarded_message_rfc822.eml", "issa@example.org", "issa@example.org", addr("attonly"));
    assertThat(lastInbound("hawa@example.org").getDetail()).isNull();
    List<ContributionRecord> cs = world.contributions(d);
    assertThat(cs).hasSize(2);
    assertThat(
            world
                .dsl()
                .fetchCount(
                    CONTRIBUTION_ATTACHMENT,
                    CONTRIBUTION_ATTACHMENT.CONTRIBUTION_ID.eq(cs.get(0).getId())))
        .isEqualTo(1);
  }

  @Test
  void aProgramPassedOffAsAPdfIsLeftOutAndTheAuthorIsToldWhichFiles() {
    long d = openDiscussion("exe");
    app.member("helper@example.org", "Helper", "member");
    send("exe_declared_as_pdf.eml", "helper@example.org", "helper@example.org", addr("exe"));
    ContributionRecord c = world.contributions(d).get(0);
    assertThat(
            world
                .dsl()
                .fetchCount(
                    CONTRIBUTION_ATTACHMENT, CONTRIBUTION_ATTACHMENT.CONTRIBUTION_ID.eq(c.getId())))
        .isZero();
    assertThat(lastInbound("helper@example.org").getDetail())
        .contains("results.pdf")
        .contains("meeting.exe");
    List<MailOutboxRecord> notice = app.outboxTo("helper@example.org");
    assertThat(notice).extracting(MailOutboxRecord::getKind).containsExactly("dropped");
    assertThat(notice.get(0).getTextBody()).contains("results.pdf").contains("meeting.exe");

    // the post's page names them too, in the reader's language
    assertThat(app.browser().get("/c/" + c.getId()).body())
        .contains("Attachments left out")
        .contains("results.pdf, meeting.exe");
    assertThat(app.browser().get("/c/" + c.getId() + "?lang=fr").body())
        .contains("Pièces jointes non retenues")
        .contains("results.pdf, meeting.exe");
  }

  @Test
  void anEmptyMessageNoticeSaysWhatWasFound() {
    openDiscussion("quotedonly");
    app.member("quoter@example.org", "Quoter", "member");
    byte[] raw =
        ("From: Quoter <quoter@example.org>\r\nTo: "
                + addr("quotedonly")
                + "\r\nSubject: Re: week 1\r\nMessage-ID: <quoted-only-1@example.org>\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                + "On Mon, 2 Mar 2026 at 09:12, Aminata <aminata@example.org> wrote:\r\n"
                + "> In Kayes, money sent home pays for wells.\r\n")
            .getBytes(StandardCharsets.UTF_8);
    try {
      SmtpClient.send(world.smtpPort(), "quoter@example.org", addr("quotedonly"), raw);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    app.app.background.runNow("mail-in");
    assertThat(lastInbound("quoter@example.org").getReason()).isEqualTo("empty_message");
    assertThat(app.outboxTo("quoter@example.org").get(0).getTextBody())
        .contains("only found text quoted from an earlier message");
  }

  @Test
  void theSameMessageIdOnAnotherTextIsPostedToo() {
    long d = openDiscussion("sameid");
    app.member("reuse@example.org", "Reuse", "member");
    Map<String, String> v =
        Map.of("FROM", "reuse@example.org", "TO", addr("sameid"), "MSGID", "reused-id");
    world.deliver("duplicate_message_id", "reuse@example.org", addr("sameid"), v);
    byte[] other =
        new String(MailWorld.scenario("duplicate_message_id", v), StandardCharsets.UTF_8)
            .replaceFirst("(?m)^Subject: .*$", "Subject: A second, different message")
            .concat("\nAnd a different text.\n")
            .getBytes(StandardCharsets.UTF_8);
    try {
      SmtpClient.send(world.smtpPort(), "reuse@example.org", addr("sameid"), other);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    app.app.background.runNow("mail-in");
    assertThat(world.contributions(d)).hasSize(2);
  }

  @Test
  void processAgainOnAPostedMessageSaysSoAndMailsNobody() {
    long d = openDiscussion("again");
    app.member("again@example.org", "Again", "member");
    world.deliver(
        "member_posts_to_current_week",
        "again@example.org",
        addr("again"),
        Map.of("FROM", "again@example.org", "TO", addr("again"), "MSGID", "again-1"));
    assertThat(world.contributions(d)).hasSize(1);
    world.close(d);
    HttpSession admin = app.signedIn("again-admin@example.org", "admin");
    long id = lastInbound("again@example.org").getId();
    HttpSession.Response r = admin.post("/admin/mail/inbound/" + id + "/reprocess", Map.of());
    assertThat(r.status()).isEqualTo(303);
    assertThat(admin.get(r.location()).body()).contains("already posted as contribution");
    app.app.background.runNow("mail-in");
    assertThat(lastInbound("again@example.org").getStatus()).isEqualTo("processed");
    assertThat(app.outboxTo("again@example.org")).isEmpty();
  }

  @Test
  void thePostingLimitNoticeSaysWhichLimitAndWhenToWriteAgain() {
    openDiscussion("limit");
    long m = app.member("busy.poster@example.org", "Busy", "member");
    for (int i = 0; i < org.indaba.discussion.ContributionService.POSTS_PER_HOUR; i++) {
      app.app.rateLimiter.hit("contribution:member:" + m, Duration.ofHours(1));
    }
    world.deliver(
        "member_posts_to_current_week",
        "busy.poster@example.org",
        addr("limit"),
        Map.of("FROM", "busy.poster@example.org", "TO", addr("limit"), "MSGID", "limit-1"));
    assertThat(lastInbound("busy.poster@example.org").getReason()).isEqualTo("posting_limit");
    String text = app.outboxTo("busy.poster@example.org").get(0).getTextBody();
    assertThat(text).contains("more than 30 contributions in an hour").contains("09:00 UTC");
  }

  @Test
  void aRefusedStrangerWhoseAddressIsUnprovenIsNotMailedBack() {
    world.discussion("closedshop", "refuse");
    world.dsl().execute("update discussion set pre_moderated = false where slug = 'closedshop'");
    long d =
        world
            .dsl()
            .fetchOne("select id from discussion where slug = 'closedshop'")
            .get(0, Long.class);
    world.theme(d, 1, true);
    world.deliver(
        "unknown_sender_refused",
        "victim@nodmarc.test",
        addr("closedshop"),
        Map.of("FROM", "victim@nodmarc.test", "TO", addr("closedshop"), "MSGID", "bs-1"));
    assertThat(lastInbound("victim@nodmarc.test").getReason()).isEqualTo("unknown_sender");
    assertThat(app.outboxTo("victim@nodmarc.test")).isEmpty();
  }
}
