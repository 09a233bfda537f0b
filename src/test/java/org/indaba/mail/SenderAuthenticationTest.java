package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.SUBSCRIPTION;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.db.schema.tables.records.InboundMailRecord;
import org.indaba.db.schema.tables.records.MailOutboxRecord;
import org.indaba.mail.in.Dns;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who sent this? Over real SMTP and HTTP: a message counts as a member's only through a reply
 * token, a DMARC pass (our own, with fixed DNS records) or the trusted host's
 * Authentication-Results; anything else waits for the member's confirmation.
 */
class SenderAuthenticationTest {
  /** Members' domain that publishes nothing: mail claiming it is unverified. */
  static final String OPEN = "nodmarc.test";

  /** A domain with DMARC p=reject whose mail only leaves from 192.0.2.1. */
  static final String STRICT = "strict.test";

  /** A domain that signs its mail with DKIM and publishes DMARC, sent through a forwarder. */
  static final String SIGNED = "signed.test";

  static TestApp app;
  static MailWorld world;
  static KeyPair dkimKey;

  @BeforeAll
  static void start() throws Exception {
    app =
        TestApp.start(
            TestDatabase.freshDatabaseUrl(),
            Map.of("INDABA_TRUSTED_AUTHSERV_ID", "mx.lists.indaba.test"));
    world = new MailWorld(app);
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    dkimKey = g.generateKeyPair();
    Dns dns =
        TestApp.TEST_DNS
            .with(Dns.Type.TXT, STRICT, "v=spf1 ip4:192.0.2.1 -all")
            .with(Dns.Type.TXT, "_dmarc." + STRICT, "v=DMARC1; p=reject")
            .with(Dns.Type.TXT, "_dmarc." + SIGNED, "v=DMARC1; p=quarantine")
            .with(
                Dns.Type.TXT,
                "sel1._domainkey." + SIGNED,
                "v=DKIM1; k=rsa; p="
                    + Base64.getEncoder().encodeToString(dkimKey.getPublic().getEncoded()));
    app.app.mailProcessor.authentication().useDns(dns);
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

  private static Map<String, String> values(String from, String to) {
    Map<String, String> v = new HashMap<>();
    v.put("FROM", from);
    v.put("TO", to);
    v.put("MSGID", UUID.randomUUID().toString());
    v.put("NAME", "A member");
    v.put("DOMAIN_OF_FROM", from.substring(from.indexOf('@') + 1));
    return v;
  }

  private static InboundMailRecord lastInbound(String envelopeFrom) {
    List<InboundMailRecord> all = world.inboundFrom(envelopeFrom);
    assertThat(all).isNotEmpty();
    return all.get(all.size() - 1);
  }

  private static long memberIn(String email, String lang) {
    long id = app.member(email, email.substring(0, email.indexOf('@')), "member");
    world.dsl().execute("update member set preferred_language = '" + lang + "' where id = " + id);
    return id;
  }

  private static String confirmToken(MailOutboxRecord mail) {
    Matcher m = Pattern.compile("/mail/confirm/([a-z0-9-]+)").matcher(mail.getTextBody());
    assertThat(m.find()).as("a confirmation link in %s", mail.getTextBody()).isTrue();
    return m.group(1);
  }

  @Test
  void aForgedFromOfAMemberPostsNothingUntilTheMemberConfirmsByTheLink() {
    long d = openDiscussion("forged");
    memberIn("zeynep@" + OPEN, "fr");
    SmtpClient.Outcome o =
        world.deliver(
            "forged_from_member",
            "bounces@mail.example.com",
            addr("forged"),
            values("zeynep@" + OPEN, addr("forged")));
    assertThat(o.accepted()).isTrue();
    assertThat(world.contributions(d)).isEmpty();
    InboundMailRecord in = lastInbound("bounces@mail.example.com");
    assertThat(in.getStatus()).isEqualTo("awaiting_confirmation");
    assertThat(in.getSenderVerifiedBy()).isEqualTo("none");
    assertThat(in.getAuthDetail()).contains("dmarc=none");

    // the member is asked at the address on file, in the member's language; not the envelope
    assertThat(app.outboxTo("bounces@mail.example.com")).isEmpty();
    List<MailOutboxRecord> asked = app.outboxTo("zeynep@" + OPEN);
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0).getSubject())
        .isEqualTo("Est-ce bien vous ? Confirmez pour publier votre message");
    assertThat(asked.get(0).getHeaders().data()).contains("confirm+");
    String token = confirmToken(asked.get(0));

    // opening the link changes nothing: it shows what is asked and a button
    HttpSession browser = app.browser();
    HttpSession.Response page = browser.get("/mail/confirm/" + token + "?lang=fr");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("Urgent: the moderators have changed the rules")
        .contains("moi : publier")
        .contains("method=\"post\"");
    assertThat(lastInbound("bounces@mail.example.com").getStatus())
        .isEqualTo("awaiting_confirmation");

    // the button: the signed token is the authority, no session or CSRF cookie needed
    assertThat(browser.postRaw("/mail/confirm/" + token, Map.of()).status()).isEqualTo(200);
    app.app.background.runNow("mail-in");
    List<ContributionRecord> cs = world.contributions(d);
    assertThat(cs).hasSize(1);
    assertThat(cs.get(0).getStatus()).isEqualTo(ContributionStatus.APPROVED);
    in = lastInbound("bounces@mail.example.com");
    assertThat(in.getSenderVerifiedBy()).isEqualTo("confirmation");
    assertThat(in.getContributionId()).isEqualTo(cs.get(0).getId());

    // a second press does not post twice
    assertThat(browser.postRaw("/mail/confirm/" + token + "?lang=fr", Map.of()).body())
        .contains("déjà reçu une réponse");
    app.app.background.runNow("mail-in");
    assertThat(world.contributions(d)).hasSize(1);
  }

  @Test
  void aMemberCanConfirmByReplyingToTheRequest() {
    long d = openDiscussion("byreply");
    memberIn("kaya@" + OPEN, "fr");
    world.deliver(
        "forged_from_member",
        "kaya@" + OPEN,
        addr("byreply"),
        values("kaya@" + OPEN, addr("byreply")));
    assertThat(world.contributions(d)).isEmpty();
    MailOutboxRecord asked = app.outboxTo("kaya@" + OPEN).get(0);
    String confirmAddress = "confirm+" + confirmToken(asked) + "@" + MailWorld.DOMAIN;
    Map<String, String> v = values("kaya@" + OPEN, confirmAddress);
    v.put("PARENT", "request@" + MailWorld.DOMAIN);
    assertThat(
            world
                .deliver("gmail_reply_to_confirmation", "kaya@" + OPEN, confirmAddress, v)
                .accepted())
        .isTrue();
    app.app.background.runNow("mail-in");
    assertThat(world.contributions(d)).hasSize(1);
    assertThat(world.inboundFrom("kaya@" + OPEN))
        .extracting(InboundMailRecord::getSenderVerifiedBy)
        .contains("confirmation");
  }

  @Test
  void anUnconfirmedMessageExpiresAfterSevenDaysAndIsNeverPosted() {
    long d = openDiscussion("expiry");
    memberIn("late@" + OPEN, "en");
    world.deliver(
        "forged_from_member",
        "late@" + OPEN,
        addr("expiry"),
        values("late@" + OPEN, addr("expiry")));
    String token = confirmToken(app.outboxTo("late@" + OPEN).get(0));
    app.clock.advance(Duration.ofDays(8));
    try {
      app.app.background.runNow("mail-confirmations");
      InboundMailRecord in = lastInbound("late@" + OPEN);
      assertThat(in.getStatus()).isEqualTo("ignored");
      assertThat(in.getReason()).isEqualTo("confirmation_expired");
      HttpSession browser = app.browser();
      assertThat(browser.get("/mail/confirm/" + token).body()).contains("has expired");
      assertThat(browser.postRaw("/mail/confirm/" + token, Map.of()).body())
          .contains("has expired");
      app.app.background.runNow("mail-in");
      assertThat(world.contributions(d)).isEmpty();
    } finally {
      app.clock.advance(Duration.ofDays(-8));
    }
  }

  @Test
  void aDmarcFailureOfOurOwnCheckNeverPostsAndGoesToModeratorsAsASuspectedForgery() {
    long d = openDiscussion("strict");
    memberIn("boss@" + STRICT, "en");
    world.deliver(
        "forged_from_member",
        "boss@" + STRICT,
        addr("strict"),
        values("boss@" + STRICT, addr("strict")));
    ContributionRecord c = world.contributions(d).get(0);
    assertThat(c.getStatus()).isEqualTo(ContributionStatus.PENDING);
    assertThat(c.getHoldReason()).isEqualTo("dmarc_fail");
    InboundMailRecord in = lastInbound("boss@" + STRICT);
    assertThat(in.getAuthDetail()).contains("dmarc=fail").contains("spf=fail");
    // nobody is mailed: not the forged member, not the envelope sender
    assertThat(app.outboxTo("boss@" + STRICT)).isEmpty();

    HttpSession admin = app.signedIn("strict-admin@example.org", "admin");
    assertThat(admin.get("/moderation").body()).contains("Suspected forgery");
  }

  @Test
  void anAlignedDkimSignatureSurvivesAForwarderThatBreaksSpf() throws Exception {
    long d = openDiscussion("signed");
    memberIn("ousmane@" + SIGNED, "fr");
    byte[] signed = dkimSigned(values("ousmane@" + SIGNED, addr("signed")));
    // the forwarder keeps the From header but uses its own envelope sender
    SmtpClient.Outcome o =
        SmtpClient.send(world.smtpPort(), "fwd@forward.example", addr("signed"), signed);
    assertThat(o.accepted()).isTrue();
    app.app.background.runNow("mail-in");
    assertThat(world.contributions(d)).hasSize(1);
    InboundMailRecord in = lastInbound("fwd@forward.example");
    assertThat(in.getSenderVerifiedBy()).isEqualTo("dmarc");
    assertThat(in.getAuthDetail()).contains("dkim=pass header.d=" + SIGNED);

    // one changed byte in the body and the signature no longer verifies: DMARC fails
    String tampered =
        new String(dkimSigned(values("ousmane@" + SIGNED, addr("signed"))), StandardCharsets.UTF_8)
            .replace("construction", "destruction");
    SmtpClient.send(
        world.smtpPort(),
        "fwd2@forward.example",
        addr("signed"),
        tampered.getBytes(StandardCharsets.UTF_8));
    app.app.background.runNow("mail-in");
    List<ContributionRecord> cs = world.contributions(d);
    assertThat(cs).hasSize(2);
    assertThat(cs.get(1).getHoldReason()).isEqualTo("dmarc_fail");
  }

  private static byte[] dkimSigned(Map<String, String> values) {
    return MailWorld.dkimSigned(
        "thunderbird_post_via_forwarder", values, SIGNED, dkimKey.getPrivate());
  }

  @Test
  void onlyTheTrustedHostsAuthenticationResultsAreBelieved() {
    long d = openDiscussion("behindmta");
    memberIn("leila@" + OPEN, "en");
    world.deliver(
        "postfix_opendmarc_pass",
        "leila@" + OPEN,
        addr("behindmta"),
        values("leila@" + OPEN, addr("behindmta")));
    assertThat(world.contributions(d)).hasSize(1);
    assertThat(lastInbound("leila@" + OPEN).getSenderVerifiedBy()).isEqualTo("trusted_authserv");

    world.deliver(
        "forged_authentication_results",
        "other@mail.example.com",
        addr("behindmta"),
        values("leila@" + OPEN, addr("behindmta")));
    assertThat(world.contributions(d)).hasSize(1);
    assertThat(lastInbound("other@mail.example.com").getStatus())
        .isEqualTo("awaiting_confirmation");
  }

  @Test
  void aReplyTokenIssuedToTheMemberIsEnoughOnItsOwn() {
    long d = openDiscussion("tokens");
    long m = memberIn("karim@" + OPEN, "en");
    long theme =
        world
            .dsl()
            .fetchOne("select id from theme where discussion_id = " + d + " and week = 1")
            .get(0, Long.class);
    String to = "reply+" + app.app.mailTokens.replyToTheme(m, theme) + "@" + MailWorld.DOMAIN;
    Map<String, String> v = values("karim@" + OPEN, to);
    v.put("PARENT", "<theme-" + theme + "@" + MailWorld.DOMAIN + ">");
    world.deliver("reply_by_token", "karim@" + OPEN, to, v);
    assertThat(world.contributions(d)).hasSize(1);
    assertThat(lastInbound("karim@" + OPEN).getSenderVerifiedBy()).isEqualTo("reply_token");
  }

  @Test
  void aForgedUnsubscribeChangesNothingUntilConfirmed() {
    long d = openDiscussion("unsub");
    long m = memberIn("amina@" + OPEN, "en");
    app.app.subscriptions.set(d, m, Subscriptions.EACH);
    String to = "unsub+unsubscribe@" + MailWorld.DOMAIN;
    world.deliver("forged_unsubscribe", "amina@" + OPEN, to, values("amina@" + OPEN, to));
    assertThat(mode(d, m)).isEqualTo("each");
    MailOutboxRecord asked = app.outboxTo("amina@" + OPEN).get(0);
    assertThat(asked.getSubject()).contains("Confirm that you want to leave");
    app.browser().postRaw("/mail/confirm/" + confirmToken(asked), Map.of());
    app.app.background.runNow("mail-in");
    assertThat(mode(d, m)).isEqualTo("none");
  }

  private static String mode(long d, long m) {
    return world
        .dsl()
        .select(SUBSCRIPTION.MODE)
        .from(SUBSCRIPTION)
        .where(SUBSCRIPTION.DISCUSSION_ID.eq(d).and(SUBSCRIPTION.MEMBER_ID.eq(m)))
        .fetchOne(SUBSCRIPTION.MODE);
  }

  @Test
  void theAdminApiListsInboundMailWithHowTheSenderWasVerified() {
    openDiscussion("apilist");
    app.member("api-author@example.org", "Api Author", "member");
    world.deliver(
        "member_posts_to_current_week",
        "api-author@example.org",
        addr("apilist"),
        values("api-author@example.org", addr("apilist")));
    long adminId = app.member("api-admin@example.org", "Api Admin", "admin");
    var adminMember = app.app.accounts.byId(adminId).orElseThrow();
    String token = app.app.accountService.createApiToken(adminMember.toViewer(), "mail");
    HttpSession s = app.browser();
    HttpSession.Response r =
        s.get("/api/admin/mail/inbound?page=1", Map.of("Authorization", "Bearer " + token));
    assertThat(r.status()).isEqualTo(200);
    io.vertx.core.json.JsonArray rows = new io.vertx.core.json.JsonArray(r.body());
    io.vertx.core.json.JsonObject row = null;
    for (int i = 0; i < rows.size(); i++) {
      if ("api-author@example.org".equals(rows.getJsonObject(i).getString("envelopeFrom"))) {
        row = rows.getJsonObject(i);
      }
    }
    assertThat(row).isNotNull();
    assertThat(row.fieldNames())
        .containsExactlyInAnyOrder(
            "id",
            "receivedAt",
            "envelopeFrom",
            "messageId",
            "status",
            "reason",
            "senderVerifiedBy",
            "contributionId");
    assertThat(row.getString("status")).isEqualTo("processed");
    assertThat(row.getString("senderVerifiedBy")).isEqualTo("dmarc");
    assertThat(row.getString("messageId")).endsWith("@mail.example.org");
    assertThat(row.getLong("contributionId")).isNotNull();
    assertThat(
            s.get("/api/admin/mail/inbound?page=0", Map.of("Authorization", "Bearer " + token))
                .status())
        .isEqualTo(400);
    long memberId = app.member("api-member@example.org", "Api Member", "member");
    String memberToken =
        app.app.accountService.createApiToken(
            app.app.accounts.byId(memberId).orElseThrow().toViewer(), "mail");
    assertThat(
            s.get(
                    "/api/admin/mail/inbound?page=1",
                    Map.of("Authorization", "Bearer " + memberToken))
                .status())
        .isEqualTo(403);

    HttpSession admin = app.browser();
    admin.login("api-admin@example.org", TestApp.PASSWORD);
    assertThat(admin.get("/admin/mail").body()).contains("DMARC pass (checked here)");
  }
}
