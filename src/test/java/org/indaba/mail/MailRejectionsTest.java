package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.indaba.db.schema.tables.records.InboundMailRecord;
import org.indaba.db.schema.tables.records.MailOutboxRecord;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mail rejections other scenarios do not reach, each from a message as a real client sends it,
 * over SMTP: what is recorded for the message and what its sender is told.
 */
class MailRejectionsTest {
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

  private static Map<String, String> values(String from, String to) {
    return Map.of("FROM", from, "TO", to, "MSGID", UUID.randomUUID().toString());
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

  private static InboundMailRecord lastInbound(String envelopeFrom) {
    List<InboundMailRecord> all = world.inboundFrom(envelopeFrom);
    assertThat(all).isNotEmpty();
    return all.get(all.size() - 1);
  }

  private static MailOutboxRecord onlyNoticeTo(String address) {
    List<MailOutboxRecord> out = app.outboxTo(address);
    assertThat(out).extracting(MailOutboxRecord::getKind).containsExactly("rejected");
    return out.get(0);
  }

  @Test
  void aReplyThroughAnAddressPastItsLifetimeIsRefusedAndTheMemberIsToldWhy() {
    long d = openDiscussion("late-reply");
    app.member("first@example.org", "First", "member");
    long karim = app.member("karim.late@example.org", "Karim", "member");
    world.deliver(
        "member_posts_to_current_week",
        "first@example.org",
        addr("late-reply"),
        values("first@example.org", addr("late-reply")));
    long parent = world.contributions(d).get(0).getId();
    String to = "reply+" + app.app.mailTokens.replyToContribution(karim, parent) + "@";
    to += MailWorld.DOMAIN;
    Duration pastLifetime = MailTokens.REPLY_LIFETIME.plusDays(2);
    app.clock.advance(pastLifetime);
    try {
      world.deliver(
          "reply_after_token_expired",
          "karim.late@example.org",
          to,
          values("karim.late@example.org", to));
    } finally {
      app.clock.advance(pastLifetime.negated());
    }

    assertThat(lastInbound("karim.late@example.org").getReason()).isEqualTo("reply_expired");
    assertThat(world.contributions(d)).hasSize(1);
    assertThat(onlyNoticeTo("karim.late@example.org").getTextBody())
        .contains("The reply address you used is too old to be accepted.");
  }

  @Test
  void aReplyWithNothingButTheQuotedMessageIsRefusedAsEmpty() {
    long d = openDiscussion("quotes-only");
    app.member("quoter.only@example.org", "Quoter", "member");
    world.deliver(
        "reply_quotes_only",
        "quoter.only@example.org",
        addr("quotes-only"),
        values("quoter.only@example.org", addr("quotes-only")));

    InboundMailRecord in = lastInbound("quoter.only@example.org");
    assertThat(in.getStatus()).isEqualTo("rejected");
    assertThat(in.getReason()).isEqualTo("empty_message");
    assertThat(world.contributions(d)).isEmpty();
    assertThat(onlyNoticeTo("quoter.only@example.org").getTextBody())
        .contains("We found no text of your own in your message");
  }

  @Test
  void aReplyToTheAnnouncementOfAWeekThatNoLongerExistsNamesNoDiscussion() {
    long karim = app.member("karim.gone@example.org", "Karim", "member");
    // a well-signed token for a theme that was removed since the announcement went out
    String to = "reply+" + app.app.mailTokens.replyToTheme(karim, 987_654_321L) + "@";
    to += MailWorld.DOMAIN;
    world.deliver(
        "reply_to_removed_week",
        "karim.gone@example.org",
        to,
        values("karim.gone@example.org", to));

    assertThat(lastInbound("karim.gone@example.org").getReason()).isEqualTo("unknown_discussion");
    assertThat(onlyNoticeTo("karim.gone@example.org").getTextBody())
        .contains("The discussion you wrote to no longer exists.");
  }

  @Test
  void aReplyToAContributionDeletedSinceIsRefusedByTheRulesWithTheirDetailKept() {
    long d = openDiscussion("deleted-parent");
    app.member("first.deleted@example.org", "First", "member");
    long karim = app.member("karim.deleted@example.org", "Karim", "member");
    world.deliver(
        "member_posts_to_current_week",
        "first.deleted@example.org",
        addr("deleted-parent"),
        values("first.deleted@example.org", addr("deleted-parent")));
    long parent = world.contributions(d).get(0).getId();
    String to = "reply+" + app.app.mailTokens.replyToContribution(karim, parent) + "@";
    to += MailWorld.DOMAIN;
    // a moderator took the contribution down after its notification went out
    world.dsl().execute("update contribution set status = 'deleted' where id = " + parent);
    world.deliver(
        "reply_to_deleted_contribution",
        "karim.deleted@example.org",
        to,
        values("karim.deleted@example.org", to));

    InboundMailRecord in = lastInbound("karim.deleted@example.org");
    assertThat(in.getReason()).isEqualTo("refused");
    assertThat(in.getDetail()).isEqualTo("refused: discussion.error.replyTo");
    assertThat(world.contributions(d)).hasSize(1);
    assertThat(onlyNoticeTo("karim.deleted@example.org").getTextBody())
        .contains("The discussion's rules did not allow this message to be posted.");
  }

  @Test
  void aCommandFromAnAddressWithoutAnAccountIsRefusedWithHowToGetOne() {
    openDiscussion("stranger-digest");
    String to = "stranger-digest+digest@" + MailWorld.DOMAIN;
    world.deliver(
        "stranger_asks_for_digest", "someone@example.net", to, values("someone@example.net", to));

    assertThat(lastInbound("someone@example.net").getReason()).isEqualTo("not_a_member");
    assertThat(onlyNoticeTo("someone@example.net").getTextBody())
        .contains("This address has no confirmed account");
  }
}
