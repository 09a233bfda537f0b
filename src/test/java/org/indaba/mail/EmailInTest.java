package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.INBOUND_MAIL;
import static org.indaba.db.schema.Tables.MAIL_SUPPRESSION;
import static org.indaba.db.schema.Tables.SUBSCRIPTION;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.db.schema.tables.records.InboundMailRecord;
import org.indaba.db.schema.tables.records.MailOutboxRecord;
import org.indaba.mail.in.SmtpListener;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.CapturedLog;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mail to the discussion addresses, through real SMTP sessions, one scenario message per rule. */
class EmailInTest {
  static TestApp app;
  static MailWorld world;

  @BeforeAll
  static void start() {
    app =
        TestApp.start(
            TestDatabase.freshDatabaseUrl(),
            Map.of(
                "INDABA_MAIL_MAX_BYTES", "262144",
                "INDABA_UPLOAD_MAX_BYTES", "65536",
                "INDABA_TRUSTED_AUTHSERV_ID", "mx.lists.indaba.test"));
    world = new MailWorld(app);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  private static Map<String, String> values(String from, String to) {
    return Map.of("FROM", from, "TO", to, "MSGID", id());
  }

  /** An open, unmoderated discussion with week 1 published and week 2 written but not yet out. */
  private static long openDiscussion(String slug, String nonMemberMail) {
    long d = world.discussion(slug, nonMemberMail);
    world.dsl().execute("update discussion set pre_moderated = false where id = " + d);
    world.theme(d, 1, true);
    world.theme(d, 2, false);
    return d;
  }

  private static String addr(String slug) {
    return slug + "@" + MailWorld.DOMAIN;
  }

  private static InboundMailRecord lastInbound(String envelopeFrom) {
    List<InboundMailRecord> all = world.inboundFrom(envelopeFrom);
    assertThat(all).isNotEmpty();
    return all.get(all.size() - 1);
  }

  @Test
  void aMemberPostsToTheCurrentWeekAndTheSignatureIsKeptApart() {
    long d = openDiscussion("kayes", "hold");
    app.member("aminata@example.org", "Aminata", "member");
    SmtpClient.Outcome o =
        world.deliver(
            "member_posts_to_current_week",
            "aminata@example.org",
            addr("kayes"),
            values("aminata@example.org", addr("kayes")));
    assertThat(o.accepted()).isTrue();
    List<ContributionRecord> cs = world.contributions(d);
    assertThat(cs).hasSize(1);
    ContributionRecord c = cs.get(0);
    assertThat(c.getSource()).isEqualTo("email");
    assertThat(c.getWeek()).isEqualTo(1);
    assertThat(c.getAuthorId()).isNotNull();
    assertThat(c.getStatus()).isEqualTo(ContributionStatus.APPROVED);
    assertThat(c.getBody())
        .contains("wells and for school fees")
        .doesNotContain("Association des ressortissants");
    assertThat(c.getTrimmed()).contains("Association des ressortissants de Kayes");
    assertThat(lastInbound("aminata@example.org").getStatus()).isEqualTo("processed");
    assertThat(lastInbound("aminata@example.org").getContributionId()).isEqualTo(c.getId());
  }

  @Test
  void aMemberPostsToANamedWeekAndAnUnpublishedWeekIsRefusedWithANotice() {
    long d = openDiscussion("weeks", "hold");
    world
        .dsl()
        .execute(
            "update theme set published_at = publish_at where discussion_id = "
                + d
                + " and week = 2");
    world.theme(d, 3, false);
    app.member("weeks@example.org", "Weeks", "member");
    world.deliver(
        "member_posts_to_week_n",
        "weeks@example.org",
        "weeks+week2@" + MailWorld.DOMAIN,
        values("weeks@example.org", "weeks+week2@" + MailWorld.DOMAIN));
    assertThat(world.contributions(d)).extracting(ContributionRecord::getWeek).containsExactly(2);

    world.deliver(
        "week_not_published_rejected",
        "weeks@example.org",
        "weeks+week3@" + MailWorld.DOMAIN,
        values("weeks@example.org", "weeks+week3@" + MailWorld.DOMAIN));
    assertThat(lastInbound("weeks@example.org").getReason()).isEqualTo("week_not_published");
    assertThat(app.outboxTo("weeks@example.org"))
        .extracting(MailOutboxRecord::getKind)
        .containsExactly("rejected");
  }

  @Test
  void aReplyByTokenAnswersTheContributionTheTokenWasMadeFor() {
    long d = openDiscussion("oran", "hold");
    app.member("first@example.org", "First", "member");
    long karim = app.member("karim@example.org", "Karim", "member");
    world.deliver(
        "member_posts_to_current_week",
        "first@example.org",
        addr("oran"),
        values("first@example.org", addr("oran")));
    long parent = world.contributions(d).get(0).getId();
    String token = app.app.mailTokens.replyToContribution(karim, parent);
    String to = "reply+" + token + "@" + MailWorld.DOMAIN;
    SmtpClient.Outcome o =
        world.deliver(
            "reply_by_token",
            "karim@example.org",
            to,
            Map.of(
                "FROM",
                "karim@example.org",
                "TO",
                to,
                "MSGID",
                id(),
                "PARENT",
                "<contribution-" + parent + "@" + MailWorld.DOMAIN + ">"));
    assertThat(o.accepted()).isTrue();
    ContributionRecord reply = world.contributions(d).get(1);
    assertThat(reply.getReplyToId()).isEqualTo(parent);
    assertThat(reply.getBody()).contains("Oran").doesNotContain("> In Kayes");
    assertThat(reply.getTrimmed()).contains("In Kayes");
  }

  @Test
  void aReplyTokenUsedByAnotherAddressIsRefusedWithANotice() {
    long d = openDiscussion("forwarded", "hold");
    long owner = app.member("owner@example.org", "Owner", "member");
    app.member("other@example.org", "Other", "member");
    long theme =
        world
            .dsl()
            .fetchOne("select id from theme where discussion_id = " + d + " and week = 1")
            .get(0, Long.class);
    String to = "reply+" + app.app.mailTokens.replyToTheme(owner, theme) + "@" + MailWorld.DOMAIN;
    world.deliver(
        "reply_token_of_another_member", "other@example.org", to, values("other@example.org", to));
    assertThat(world.contributions(d)).isEmpty();
    assertThat(lastInbound("other@example.org").getReason()).isEqualTo("reply_not_yours");
    assertThat(app.outboxTo("other@example.org")).hasSize(1);
  }

  @Test
  void unknownAddressesAreRefusedAtRcpt() throws Exception {
    openDiscussion("known", "hold");
    byte[] msg = MailWorld.scenario("unknown_sender_held", values("x@example.org", addr("known")));
    assertThat(SmtpClient.send(world.smtpPort(), "x@example.org", addr("nosuchslug"), msg).rcpt())
        .containsExactly(550);
    assertThat(
            SmtpClient.send(world.smtpPort(), "x@example.org", "known@elsewhere.org", msg).rcpt())
        .containsExactly(550);
    assertThat(
            SmtpClient.send(
                    world.smtpPort(),
                    "x@example.org",
                    "reply+c1-1-99999-aaaaaaaaaaaaaaaaaaaaaaaaaa@" + MailWorld.DOMAIN,
                    msg)
                .rcpt())
        .containsExactly(550);
    assertThat(
            SmtpClient.send(
                    world.smtpPort(), "x@example.org", "known+bogus@" + MailWorld.DOMAIN, msg)
                .rcpt())
        .containsExactly(550);
    try (SmtpClient c = new SmtpClient(world.smtpPort())) {
      c.command("MAIL FROM:<x@example.org>");
      assertThat(c.command("RCPT TO:<nosuchslug@" + MailWorld.DOMAIN + ">"))
          .startsWith("550 5.1.1");
    }
  }

  @Test
  void anUnknownSenderIsHeldForModeration() {
    long d = openDiscussion("held", "hold");
    world.deliver(
        "unknown_sender_held",
        "visitor@example.net",
        addr("held"),
        values("visitor@example.net", addr("held")));
    ContributionRecord c = world.contributions(d).get(0);
    assertThat(c.getAuthorId()).isNull();
    assertThat(c.getAuthorEmail()).isEqualTo("visitor@example.net");
    assertThat(c.getAuthorName()).isEqualTo("Visitor From Afar");
    assertThat(c.getStatus()).isEqualTo(ContributionStatus.PENDING);
    assertThat(c.getHoldReason()).isEqualTo("non_member");
  }

  @Test
  void anUnknownSenderIsRefusedInTheirLanguageOncePerDay() {
    long d = openDiscussion("refusing", "refuse");
    for (int i = 0; i < 2; i++) {
      world.deliver(
          "unknown_sender_refused",
          "inconnu@example.fr",
          addr("refusing"),
          values("inconnu@example.fr", addr("refusing")));
    }
    assertThat(world.contributions(d)).isEmpty();
    assertThat(world.inboundFrom("inconnu@example.fr"))
        .extracting(InboundMailRecord::getReason)
        .containsExactly("unknown_sender", "unknown_sender");
    List<MailOutboxRecord> notices = app.outboxTo("inconnu@example.fr");
    assertThat(notices).hasSize(1);
    assertThat(notices.get(0).getSubject()).isEqualTo("Votre message n'a pas été publié");
    assertThat(notices.get(0).getTextBody()).contains("n'accepte que les courriels de ses membres");
    assertThat(notices.get(0).getHeaders().data()).contains("auto-generated");
  }

  @Test
  void aDmarcFailureFromTheTrustedHostGoesToModerationEvenForAMember() {
    long d = openDiscussion("dmarc", "hold");
    app.member("spoofed@example.org", "Spoofed", "member");
    world.deliver(
        "dmarc_fail_goes_to_moderation",
        "spoofed@example.org",
        addr("dmarc"),
        values("spoofed@example.org", addr("dmarc")));
    ContributionRecord c = world.contributions(d).get(0);
    assertThat(c.getStatus()).isEqualTo(ContributionStatus.PENDING);
    assertThat(c.getHoldReason()).isEqualTo("dmarc_fail");
  }

  @Test
  void machinesAndOurOwnAddressesGetNoContributionAndNoAnswer() {
    long d = openDiscussion("robots", "hold");
    app.member("robot@example.org", "Robot", "member");
    world.deliver(
        "auto_reply_ignored",
        "robot@example.org",
        addr("robots"),
        values("robot@example.org", addr("robots")));
    assertThat(lastInbound("robot@example.org").getStatus()).isEqualTo("ignored");
    assertThat(lastInbound("robot@example.org").getReason()).isEqualTo("auto_reply");
    world.deliver(
        "precedence_bulk_ignored",
        "news@example.org",
        addr("robots"),
        values("news@example.org", addr("robots")));
    assertThat(lastInbound("news@example.org").getReason()).isEqualTo("bulk");
    world.deliver(
        "own_address_ignored",
        "noreply@" + MailWorld.DOMAIN,
        addr("robots"),
        values("noreply@" + MailWorld.DOMAIN, addr("robots")));
    assertThat(lastInbound("noreply@" + MailWorld.DOMAIN).getReason()).isEqualTo("own_address");
    assertThat(world.contributions(d)).isEmpty();
    assertThat(app.outboxTo("robot@example.org")).isEmpty();
    assertThat(app.outboxTo("news@example.org")).isEmpty();
  }

  @Test
  void aBounceOfOurMailCountsAgainstTheMemberAndStopsMailToThem() {
    long member = app.member("gone@example.org", "Gone", "member");
    long outboxId =
        app.app.db.tx(
            tx ->
                app.app.mailOutbox.enqueue(
                    tx,
                    new org.indaba.mail.out.OutgoingMail(
                        "gone@example.org", member, "theme", "Week 1", "text", null, Map.of())));
    String to = "bounce+" + outboxId + "@" + MailWorld.DOMAIN;
    SmtpClient.Outcome o =
        world.deliver(
            "bounce_counts_against_member",
            "",
            to,
            Map.of("TO", to, "MSGID", id(), "FAILED", "gone@example.org"));
    assertThat(o.accepted()).isTrue();
    InboundMailRecord in =
        world.dsl().selectFrom(INBOUND_MAIL).where(INBOUND_MAIL.RECIPIENTS.eq(to)).fetchSingle();
    assertThat(in.getStatus()).isEqualTo("ignored");
    assertThat(in.getReason()).isEqualTo("bounce");
    assertThat(
            world
                .dsl()
                .fetchExists(MAIL_SUPPRESSION, MAIL_SUPPRESSION.ADDRESS.eq("gone@example.org")))
        .isTrue();
    // no answer to the bounce, and the next discussion mail to that address is not sent
    app.app.db.txRun(
        tx ->
            app.app.mailOutbox.enqueue(
                tx,
                new org.indaba.mail.out.OutgoingMail(
                    "gone@example.org",
                    member,
                    "contribution",
                    "Week 1 news",
                    "text",
                    null,
                    Map.of())));
    app.app.background.runNow("mail-out");
    List<MailOutboxRecord> toGone = app.outboxTo("gone@example.org");
    assertThat(toGone).hasSize(2);
    assertThat(toGone.get(1).getStatus()).isEqualTo("suppressed");

    HttpSession s = app.browser();
    s.login("gone@example.org", TestApp.PASSWORD);
    String profile = s.get("/profile").body();
    assertThat(profile).contains("kept coming back undelivered");
    assertThat(s.post("/profile/mail/resume", Map.of()).status()).isEqualTo(303);
    assertThat(
            world
                .dsl()
                .fetchExists(MAIL_SUPPRESSION, MAIL_SUPPRESSION.ADDRESS.eq("gone@example.org")))
        .isFalse();
  }

  @Test
  void aDuplicateMessageIdIsAcceptedButPostedOnce() {
    long d = openDiscussion("dupes", "hold");
    app.member("dup@example.org", "Dup", "member");
    Map<String, String> v = values("dup@example.org", addr("dupes"));
    assertThat(
            world.deliver("duplicate_message_id", "dup@example.org", addr("dupes"), v).accepted())
        .isTrue();
    assertThat(
            world.deliver("duplicate_message_id", "dup@example.org", addr("dupes"), v).accepted())
        .isTrue();
    assertThat(world.contributions(d)).hasSize(1);
    assertThat(world.inboundFrom("dup@example.org"))
        .extracting(InboundMailRecord::getStatus, InboundMailRecord::getReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("processed", "approved"),
            org.assertj.core.groups.Tuple.tuple("ignored", "duplicate"));
  }

  @Test
  void aClosedDiscussionRefusesWithOneNoticeADay() {
    long d = openDiscussion("closed", "hold");
    world.close(d);
    app.member("late@example.org", "Late", "member");
    world.deliver(
        "closed_discussion_rejected",
        "late@example.org",
        addr("closed"),
        values("late@example.org", addr("closed")));
    world.deliver(
        "closed_discussion_rejected",
        "late@example.org",
        addr("closed"),
        values("late@example.org", addr("closed")));
    assertThat(world.inboundFrom("late@example.org"))
        .extracting(InboundMailRecord::getReason)
        .containsExactly("discussion_closed", "discussion_closed");
    assertThat(app.outboxTo("late@example.org")).hasSize(1);
    app.clock.advance(java.time.Duration.ofDays(1));
    try {
      world.deliver(
          "closed_discussion_rejected",
          "late@example.org",
          addr("closed"),
          values("late@example.org", addr("closed")));
      assertThat(app.outboxTo("late@example.org")).hasSize(2);
    } finally {
      app.clock.advance(java.time.Duration.ofDays(-1));
    }
  }

  @Test
  void membersSubscribeSwitchToDigestAndLeaveByMailAlone() {
    long d = openDiscussion("subs", "hold");
    long m = app.member("subs@example.org", "Subs", "member");
    String[] commands = {"subscribe", "digest", "unsubscribe"};
    String[] modes = {"each", "digest", "none"};
    for (int i = 0; i < 3; i++) {
      String to = "subs+" + commands[i] + "@" + MailWorld.DOMAIN;
      world.deliver("subscribe_by_mail", "subs@example.org", to, values("subs@example.org", to));
      assertThat(
              world
                  .dsl()
                  .select(SUBSCRIPTION.MODE)
                  .from(SUBSCRIPTION)
                  .where(SUBSCRIPTION.DISCUSSION_ID.eq(d).and(SUBSCRIPTION.MEMBER_ID.eq(m)))
                  .fetchOne(SUBSCRIPTION.MODE))
          .isEqualTo(modes[i]);
    }
    assertThat(app.outboxTo("subs@example.org"))
        .extracting(MailOutboxRecord::getKind)
        .containsExactly("subscription", "subscription", "subscription");
    // a stranger is first asked to confirm that the address wants to join
    String to = "subs+subscribe@" + MailWorld.DOMAIN;
    world.deliver(
        "subscribe_by_mail", "stranger@example.org", to, values("stranger@example.org", to));
    assertThat(lastInbound("stranger@example.org").getStatus()).isEqualTo("awaiting_confirmation");
    assertThat(app.outboxTo("stranger@example.org"))
        .extracting(MailOutboxRecord::getKind)
        .containsExactly("confirm-join");
  }

  @Test
  void helpIsSentInTheLanguageTheSenderAccepts() {
    openDiscussion("helpme", "hold");
    String to = "helpme+help@" + MailWorld.DOMAIN;
    world.deliver("help_by_mail", "curious@example.es", to, values("curious@example.es", to));
    List<MailOutboxRecord> out = app.outboxTo("curious@example.es");
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getSubject()).startsWith("Cómo participar");
    assertThat(out.get(0).getTextBody()).contains("helpme@" + MailWorld.DOMAIN);
  }

  @Test
  void postmasterMailIsKeptForAdmins() {
    world.deliver(
        "postmaster_kept",
        "netadmin@example.org",
        "postmaster@" + MailWorld.DOMAIN,
        values("netadmin@example.org", "postmaster@" + MailWorld.DOMAIN));
    assertThat(lastInbound("netadmin@example.org").getReason()).isEqualTo("postmaster");
    HttpSession admin = app.signedIn("mailadmin@example.org", "admin");
    String page = admin.get("/admin/mail").body();
    assertThat(page).contains("netadmin@example.org").contains("Mail for the postmaster");
    long id = lastInbound("netadmin@example.org").getId();
    HttpSession.Response raw = admin.get("/admin/mail/inbound/" + id + "/raw");
    assertThat(raw.header("content-type")).startsWith("text/plain");
    assertThat(raw.body()).contains("Subject: Abuse report");
    assertThat(admin.post("/admin/mail/inbound/" + id + "/reprocess", Map.of()).status())
        .isEqualTo(303);
    app.app.background.runNow("mail-in");
    assertThat(world.inboundFrom("netadmin@example.org")).hasSize(1);
    assertThat(lastInbound("netadmin@example.org").getAttempts()).isEqualTo(2);
    assertThat(app.signedIn("notadmin@example.org", "member").get("/admin/mail").status())
        .isEqualTo(403);
  }

  @Test
  void oversizedMessagesGet552AndStoreNothingAndAttachmentsOverTheWebLimitAreRefused()
      throws Exception {
    long d = openDiscussion("big", "hold");
    app.member("big@example.org", "Big", "member");
    byte[] huge =
        ("From: big@example.org\r\nTo: big@"
                + MailWorld.DOMAIN
                + "\r\nSubject: huge\r\nMessage-ID: <"
                + id()
                + "@x>\r\n\r\n"
                + "x".repeat(300_000)
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    SmtpClient.Outcome o = SmtpClient.send(world.smtpPort(), "big@example.org", addr("big"), huge);
    assertThat(o.data()).isEqualTo(552);
    app.app.background.runNow("mail-in");
    // answered 552: nothing stored, nobody mailed (the sending server tells its user)
    assertThat(world.inboundFrom("big@example.org")).isEmpty();
    assertThat(app.outboxTo("big@example.org")).isEmpty();

    String big = Base64.getMimeEncoder().encodeToString(new byte[100_000]);
    Map<String, String> v =
        Map.of("FROM", "big@example.org", "TO", addr("big"), "MSGID", id(), "BIG", big);
    assertThat(world.deliver("attachments_too_large", "big@example.org", addr("big"), v).accepted())
        .isTrue();
    assertThat(lastInbound("big@example.org").getReason()).isEqualTo("too_large");
    assertThat(world.contributions(d)).isEmpty();
  }

  @Test
  void aSenderOverTwentyMessagesAMinuteIsAskedToRetry() throws Exception {
    openDiscussion("busy", "hold");
    byte[] msg =
        MailWorld.scenario("unknown_sender_held", values("busy@example.org", addr("busy")));
    int refused = 0;
    for (int i = 0; i < 21; i++) {
      SmtpClient.Outcome o =
          SmtpClient.send(world.smtpPort(), "busy@example.org", addr("busy"), msg);
      if (o.rcpt().get(0) == 451) {
        refused++;
      }
    }
    assertThat(refused).isEqualTo(1);
    app.clock.advance(java.time.Duration.ofMinutes(1));
    assertThat(SmtpClient.send(world.smtpPort(), "busy@example.org", addr("busy"), msg).rcpt())
        .containsExactly(250);
  }

  @Test
  void aMessageThatCannotBeStoredGets451AndIsAcceptedOnRetry() throws Exception {
    openDiscussion("fragile", "hold");
    app.member("fragile@example.org", "Fragile", "member");
    Map<String, String> v = values("fragile@example.org", addr("fragile"));
    byte[] msg = MailWorld.scenario("member_posts_to_current_week", v);
    world.dsl().execute("alter table inbound_mail rename to inbound_mail_away");
    SmtpClient.Outcome o;
    try (CapturedLog log = new CapturedLog(SmtpListener.class.getName())) {
      try {
        o = SmtpClient.send(world.smtpPort(), "fragile@example.org", addr("fragile"), msg);
      } finally {
        world.dsl().execute("alter table inbound_mail_away rename to inbound_mail");
      }
      assertThat(log.warnings()).anyMatch(w -> w.contains("Could not store a message"));
    }
    assertThat(o.rcpt()).containsExactly(250);
    assertThat(o.data()).isEqualTo(451);
    assertThat(
            SmtpClient.send(world.smtpPort(), "fragile@example.org", addr("fragile"), msg).data())
        .isEqualTo(250);
  }

  @Test
  void inlineImagesArriveAsInlineAttachments() {
    long d = openDiscussion("photos", "hold");
    app.member("photo@example.org", "Photo", "member");
    world.deliver(
        "inline_image_kept",
        "photo@example.org",
        addr("photos"),
        values("photo@example.org", addr("photos")));
    assertThat(world.contributions(d)).hasSize(1);
    long cid = world.contributions(d).get(0).getId();
    var att =
        world
            .dsl()
            .fetch(
                "select content_id, inline_image from contribution_attachment where contribution_id = "
                    + cid);
    assertThat(att).hasSize(1);
    assertThat(att.get(0).get(0, String.class)).isEqualTo("well@example.org");
    assertThat(att.get(0).get(1, Boolean.class)).isTrue();
  }
}
