package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.indaba.testing.MutableClock;
import org.junit.jupiter.api.Test;

class MailRouteAndTokensTest {
  static final String D = "lists.example.org";

  @Test
  void addressesAreReadFromTheirLocalPartAlone() {
    assertThat(MailRoute.parse("Migration-2026@Lists.Example.org", D))
        .contains(new MailRoute.Post("migration-2026", null));
    assertThat(MailRoute.parse("<migration+week3@lists.example.org>", D))
        .contains(new MailRoute.Post("migration", 3));
    assertThat(MailRoute.parse("migration+digest@lists.example.org", D))
        .contains(new MailRoute.Command("migration", MailRoute.Action.DIGEST));
    assertThat(MailRoute.parse("postmaster@lists.example.org", D))
        .contains(new MailRoute.Postmaster());
    assertThat(MailRoute.parse("bounce+42@lists.example.org", D))
        .contains(new MailRoute.Bounce(42));
    assertThat(MailRoute.parse("migration@other.org", D)).isEmpty();
    assertThat(MailRoute.parse("migration+week0@lists.example.org", D)).isEmpty();
    assertThat(MailRoute.parse("noreply@lists.example.org", D)).isEmpty();
    assertThat(MailRoute.parse("a..b@lists.example.org", D)).isEmpty();
  }

  @Test
  void replyTokensAreBoundToOneMemberAndTargetAndExpireAfterNinetyDays() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    MailTokens tokens = new MailTokens(new byte[32], clock);
    String t = tokens.replyToContribution(7, 99);
    assertThat(("reply+" + t).length()).isLessThanOrEqualTo(64);
    MailTokens.ReplyTarget target = tokens.readReply(t).orElseThrow();
    assertThat(target.memberId()).isEqualTo(7);
    assertThat(target.contributionId()).isEqualTo(99);
    assertThat(target.expired(clock)).isFalse();
    clock.advance(Duration.ofDays(91));
    assertThat(target.expired(clock)).isTrue();
    // another member or target cannot be written into a token without the secret
    assertThat(tokens.readReply(t.replaceFirst("-7-", "-8-"))).isEmpty();
    assertThat(tokens.readReply(t.replaceFirst("c99", "c98"))).isEmpty();
    assertThat(new MailTokens(new byte[] {1}, clock).readReply(t)).isEmpty();
    assertThat(tokens.readReply("")).isEqualTo(Optional.empty());
  }

  @Test
  void unsubscribeTokensNameOneMemberAndDiscussion() {
    MailTokens tokens = new MailTokens(new byte[32], new MutableClock(Instant.EPOCH));
    String t = tokens.unsubscribe(5, 6);
    assertThat(tokens.readUnsubscribe(t).orElseThrow()).containsExactly(5L, 6L);
    assertThat(tokens.readUnsubscribe(t.replaceFirst("^5-", "4-"))).isEmpty();
  }
}
