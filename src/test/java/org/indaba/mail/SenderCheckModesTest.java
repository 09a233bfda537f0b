package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.SUBSCRIPTION;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.db.schema.tables.records.InboundMailRecord;
import org.indaba.mail.in.Dns;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.CapturedLog;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a forged or unverified {@code From} of a member does under {@code
 * INDABA_MAIL_SENDER_CHECK=moderate} and {@code =trust}, over real SMTP ({@code confirm}, the
 * default, is {@link SenderAuthenticationTest}).
 */
class SenderCheckModesTest {
  /** No SPF and no DMARC record: a message from it can be neither verified nor failed. */
  static final String OPEN = "nodmarc.test";

  /** SPF allows one address only and DMARC says reject: a message from elsewhere fails. */
  static final String STRICT = "strict.test";

  static TestApp moderate;
  static TestApp trust;
  static List<String> trustStartWarnings;

  @BeforeAll
  static void start() {
    moderate =
        TestApp.start(
            TestDatabase.freshDatabaseUrl(), Map.of("INDABA_MAIL_SENDER_CHECK", "moderate"));
    try (CapturedLog log = new CapturedLog("org.indaba.app.App")) {
      trust =
          TestApp.start(
              TestDatabase.freshDatabaseUrl(), Map.of("INDABA_MAIL_SENDER_CHECK", "trust"));
      trustStartWarnings = log.warnings();
    }
    Dns dns =
        TestApp.TEST_DNS
            .with(Dns.Type.TXT, STRICT, "v=spf1 ip4:192.0.2.1 -all")
            .with(Dns.Type.TXT, "_dmarc." + STRICT, "v=DMARC1; p=reject");
    moderate.app.mailProcessor.authentication().useDns(dns);
    trust.app.mailProcessor.authentication().useDns(dns);
  }

  @AfterAll
  static void stop() {
    moderate.close();
    trust.close();
  }

  private static long openDiscussion(MailWorld world, String slug) {
    long d = world.discussion(slug, "hold");
    world.dsl().execute("update discussion set pre_moderated = false where id = " + d);
    world.theme(d, 1, true);
    return d;
  }

  private static Map<String, String> values(String from, String to) {
    Map<String, String> v = new HashMap<>();
    v.put("FROM", from);
    v.put("TO", to);
    v.put("MSGID", UUID.randomUUID().toString());
    v.put("NAME", "A member");
    return v;
  }

  private static InboundMailRecord lastInbound(MailWorld world, String envelopeFrom) {
    List<InboundMailRecord> all = world.inboundFrom(envelopeFrom);
    assertThat(all).isNotEmpty();
    return all.get(all.size() - 1);
  }

  private static String mode(MailWorld world, long d, long m) {
    return world
        .dsl()
        .select(SUBSCRIPTION.MODE)
        .from(SUBSCRIPTION)
        .where(SUBSCRIPTION.DISCUSSION_ID.eq(d).and(SUBSCRIPTION.MEMBER_ID.eq(m)))
        .fetchOne(SUBSCRIPTION.MODE);
  }

  @Test
  void underModerateAnUnverifiedPostOfAMemberWaitsForTheModeratorsAndTheMemberIsNotAsked() {
    MailWorld world = new MailWorld(moderate);
    long d = openDiscussion(world, "moderated");
    moderate.member("zeynep@" + OPEN, "Zeynep", "member");
    String to = "moderated@" + MailWorld.DOMAIN;

    SmtpClient.Outcome o =
        world.deliver(
            "forged_from_member", "bounces@mail.example.com", to, values("zeynep@" + OPEN, to));

    assertThat(o.accepted()).isTrue();
    List<ContributionRecord> cs = world.contributions(d);
    assertThat(cs).hasSize(1);
    assertThat(cs.get(0).getStatus()).isEqualTo(ContributionStatus.PENDING);
    assertThat(cs.get(0).getHoldReason()).isEqualTo("unverified_sender");
    InboundMailRecord in = lastInbound(world, "bounces@mail.example.com");
    assertThat(in.getSenderVerifiedBy()).isEqualTo("none");
    assertThat(in.getStatus()).isEqualTo("processed");
    // no "did you send this?" in this mode, and nothing to the envelope sender
    assertThat(moderate.outboxTo("zeynep@" + OPEN))
        .noneMatch(m -> m.getTextBody().contains("/mail/confirm/"));
    assertThat(moderate.outboxTo("bounces@mail.example.com")).isEmpty();
  }

  @Test
  void underModerateAnUnverifiedUnsubscribeStillNeedsTheMembersConfirmation() {
    MailWorld world = new MailWorld(moderate);
    long d = openDiscussion(world, "moderated-unsub");
    long m = moderate.member("amina@" + OPEN, "Amina", "member");
    moderate.app.subscriptions.set(d, m, Subscriptions.EACH);
    String to = "moderated-unsub+unsubscribe@" + MailWorld.DOMAIN;

    world.deliver("forged_unsubscribe", "amina@" + OPEN, to, values("amina@" + OPEN, to));

    assertThat(mode(world, d, m)).isEqualTo("each");
    assertThat(lastInbound(world, "amina@" + OPEN).getStatus()).isEqualTo("awaiting_confirmation");
    assertThat(moderate.outboxTo("amina@" + OPEN))
        .anyMatch(mail -> mail.getSubject().contains("Confirm that you want to leave"));
  }

  @Test
  void underTrustTheFromAddressIsBelievedForPostsAndCommands() {
    MailWorld world = new MailWorld(trust);
    long d = openDiscussion(world, "trusted");
    long m = trust.member("zeynep@" + OPEN, "Zeynep", "member");
    trust.app.subscriptions.set(d, m, Subscriptions.EACH);
    String to = "trusted@" + MailWorld.DOMAIN;

    world.deliver(
        "forged_from_member", "bounces@mail.example.com", to, values("zeynep@" + OPEN, to));
    String leave = "trusted+unsubscribe@" + MailWorld.DOMAIN;
    world.deliver("forged_unsubscribe", "zeynep@" + OPEN, leave, values("zeynep@" + OPEN, leave));

    List<ContributionRecord> cs = world.contributions(d);
    assertThat(cs).hasSize(1);
    assertThat(cs.get(0).getStatus()).isEqualTo(ContributionStatus.APPROVED);
    assertThat(cs.get(0).getAuthorId()).isEqualTo(m);
    assertThat(mode(world, d, m)).isEqualTo("none");
  }

  @Test
  void underTrustAFailedDmarcCheckStillNeverPosts() {
    MailWorld world = new MailWorld(trust);
    long d = openDiscussion(world, "trusted-strict");
    trust.member("boss@" + STRICT, "Boss", "member");
    String to = "trusted-strict@" + MailWorld.DOMAIN;

    world.deliver("forged_from_member", "boss@" + STRICT, to, values("boss@" + STRICT, to));

    ContributionRecord c = world.contributions(d).get(0);
    assertThat(c.getStatus()).isEqualTo(ContributionStatus.PENDING);
    assertThat(c.getHoldReason()).isEqualTo("dmarc_fail");
    assertThat(trust.outboxTo("boss@" + STRICT)).isEmpty();
  }

  @Test
  void trustSaysAtStartUpThatAnyoneCanPostAsAnyMember() {
    assertThat(trustStartWarnings)
        .anyMatch(w -> w.contains("INDABA_MAIL_SENDER_CHECK=trust") && w.contains("any member"));
  }
}
