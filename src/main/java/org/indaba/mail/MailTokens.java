package org.indaba.mail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed tokens carried in addresses and links, so that nothing has to be stored per notification:
 * a reply token names one member and one contribution or theme and an expiry day, an unsubscribe
 * token one member and one discussion. Each ends with 128 bits of HMAC-SHA256 over the rest under a
 * server secret, in lower-case base32 so that mail software that changes the case of a local part
 * cannot break it.
 */
public final class MailTokens {
  public static final Duration REPLY_LIFETIME = Duration.ofDays(90);
  private static final Pattern REPLY =
      Pattern.compile("([ctr])([0-9]{1,12})-([0-9]{1,12})-([0-9]{1,7})-([a-z2-7]{26})");
  private static final Pattern MODERATION =
      Pattern.compile("m([0-9]{1,12})-([0-9]{1,12})-([0-9]{1,7})-([a-z2-7]{26})");
  private static final Pattern CONFIRM =
      Pattern.compile("([0-9]{1,12})-([0-9]{1,12})-([0-9]{1,7})-([a-z2-7]{26})");
  private static final Pattern PROFILE =
      Pattern.compile("([0-9]{1,12})-([0-9]{1,7})-([a-z2-7]{26})");

  /** How long a "did you send this?" request can be answered. */
  public static final Duration CONFIRM_LIFETIME = Duration.ofDays(7);

  /** How long the link to complete a profile made by mail works. */
  public static final Duration PROFILE_LIFETIME = Duration.ofDays(30);

  private static final Pattern UNSUBSCRIBE =
      Pattern.compile("([0-9]{1,12})-([0-9]{1,12})-([a-z2-7]{26})");

  private final byte[] secret;
  private final Clock clock;
  private final Duration replyLifetime;

  public MailTokens(byte[] secret, Clock clock) {
    this(secret, clock, REPLY_LIFETIME);
  }

  public MailTokens(byte[] secret, Clock clock, Duration replyLifetime) {
    this.secret = secret.clone();
    this.clock = clock;
    this.replyLifetime = replyLifetime;
  }

  /** What a reply token is bound to. */
  public record ReplyTarget(
      long memberId, Long contributionId, Long themeId, LocalDate expires, Long resourceId) {
    public ReplyTarget(long memberId, Long contributionId, Long themeId, LocalDate expires) {
      this(memberId, contributionId, themeId, expires, null);
    }

    public boolean expired(Clock clock) {
      return LocalDate.now(clock.withZone(ZoneOffset.UTC)).isAfter(expires);
    }
  }

  public String replyToContribution(long memberId, long contributionId) {
    return reply('c', contributionId, memberId);
  }

  public String replyToTheme(long memberId, long themeId) {
    return reply('t', themeId, memberId);
  }

  /** A reply to a "new resource" mail: a comment on the resource. */
  public String replyToResource(long memberId, long resourceId) {
    return reply('r', resourceId, memberId);
  }

  private String reply(char kind, long target, long memberId) {
    long day =
        LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(replyLifetime.toDays()).toEpochDay();
    String body = kind + Long.toString(target) + "-" + memberId + "-" + day;
    return body + "-" + mac("reply:" + body);
  }

  /**
   * The target of a well-signed reply token, expired or not (the caller decides what an expired one
   * means); empty when the token was not made here.
   */
  public Optional<ReplyTarget> readReply(String token) {
    Matcher m = REPLY.matcher(token == null ? "" : token);
    if (!m.matches()) {
      return Optional.empty();
    }
    String body = token.substring(0, token.lastIndexOf('-'));
    if (!constantTimeEquals(mac("reply:" + body), m.group(5))) {
      return Optional.empty();
    }
    long target = Long.parseLong(m.group(2));
    long member = Long.parseLong(m.group(3));
    LocalDate expires = LocalDate.ofEpochDay(Long.parseLong(m.group(4)));
    return Optional.of(
        switch (m.group(1)) {
          case "c" -> new ReplyTarget(member, target, null, expires);
          case "r" -> new ReplyTarget(member, null, null, expires, target);
          default -> new ReplyTarget(member, null, target, expires);
        });
  }

  /** What a moderation token is bound to: one moderator deciding on one contribution. */
  public record ModerationTarget(long moderatorId, long contributionId, LocalDate expires) {
    public boolean expired(Clock clock) {
      return LocalDate.now(clock.withZone(ZoneOffset.UTC)).isAfter(expires);
    }
  }

  /**
   * A token for the reply address of a moderation alert: answering it with "approve" or "reject"
   * decides on the contribution, when the answer comes from that moderator. Signed under its own
   * purpose, so a reply token can never be read as a moderation token or the other way round.
   */
  public String moderation(long moderatorId, long contributionId) {
    long day =
        LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(replyLifetime.toDays()).toEpochDay();
    String body = "m" + contributionId + "-" + moderatorId + "-" + day;
    return body + "-" + mac("moderate:" + body);
  }

  /** The target of a well-signed moderation token, expired or not; empty when not made here. */
  public Optional<ModerationTarget> readModeration(String token) {
    Matcher m = MODERATION.matcher(token == null ? "" : token);
    if (!m.matches()) {
      return Optional.empty();
    }
    String body = token.substring(0, token.lastIndexOf('-'));
    if (!constantTimeEquals(mac("moderate:" + body), m.group(4))) {
      return Optional.empty();
    }
    return Optional.of(
        new ModerationTarget(
            Long.parseLong(m.group(2)),
            Long.parseLong(m.group(1)),
            LocalDate.ofEpochDay(Long.parseLong(m.group(3)))));
  }

  /** What a confirmation token is for: one stored message and the member asked (0: none yet). */
  public record ConfirmTarget(long inboundId, long memberId, LocalDate expires) {
    public boolean expired(Clock clock) {
      return LocalDate.now(clock.withZone(ZoneOffset.UTC)).isAfter(expires);
    }
  }

  /**
   * A token that confirms one message that waits for its sender ("did you send this?"), valid
   * {@link #CONFIRM_LIFETIME}; {@code memberId} 0 for an address that has no account yet.
   */
  public String confirm(long inboundId, long memberId) {
    long day =
        LocalDate.now(clock.withZone(ZoneOffset.UTC))
            .plusDays(CONFIRM_LIFETIME.toDays())
            .toEpochDay();
    String body = inboundId + "-" + memberId + "-" + day;
    return body + "-" + mac("confirm:" + body);
  }

  public Optional<ConfirmTarget> readConfirm(String token) {
    Matcher m = CONFIRM.matcher(token == null ? "" : token.toLowerCase(java.util.Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    String body = m.group(1) + "-" + m.group(2) + "-" + m.group(3);
    if (!constantTimeEquals(mac("confirm:" + body), m.group(4))) {
      return Optional.empty();
    }
    return Optional.of(
        new ConfirmTarget(
            Long.parseLong(m.group(1)),
            Long.parseLong(m.group(2)),
            LocalDate.ofEpochDay(Long.parseLong(m.group(3)))));
  }

  /** A token for the page where a member who joined by mail completes the profile. */
  public String profile(long memberId) {
    long day =
        LocalDate.now(clock.withZone(ZoneOffset.UTC))
            .plusDays(PROFILE_LIFETIME.toDays())
            .toEpochDay();
    String body = memberId + "-" + day;
    return body + "-" + mac("profile:" + body);
  }

  /** The member of a good, unexpired profile token. */
  public Optional<Long> readProfile(String token) {
    Matcher m = PROFILE.matcher(token == null ? "" : token);
    if (!m.matches()) {
      return Optional.empty();
    }
    String body = m.group(1) + "-" + m.group(2);
    if (!constantTimeEquals(mac("profile:" + body), m.group(3))) {
      return Optional.empty();
    }
    LocalDate expires = LocalDate.ofEpochDay(Long.parseLong(m.group(2)));
    if (LocalDate.now(clock.withZone(ZoneOffset.UTC)).isAfter(expires)) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(m.group(1)));
  }

  public String unsubscribe(long memberId, long discussionId) {
    String body = memberId + "-" + discussionId;
    return body + "-" + mac("unsubscribe:" + body);
  }

  /** Member and discussion ids of a good unsubscribe token. */
  public Optional<long[]> readUnsubscribe(String token) {
    Matcher m = UNSUBSCRIBE.matcher(token == null ? "" : token);
    if (!m.matches()) {
      return Optional.empty();
    }
    String body = m.group(1) + "-" + m.group(2);
    if (!constantTimeEquals(mac("unsubscribe:" + body), m.group(3))) {
      return Optional.empty();
    }
    return Optional.of(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
  }

  private String mac(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] full = mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
      byte[] half = new byte[16];
      System.arraycopy(full, 0, half, 0, 16);
      return base32(half);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  static String base32(byte[] bytes) {
    final String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }
}
