package org.indaba.mail.in;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.indaba.db.Database;
import org.indaba.db.RateLimiter;
import org.indaba.mail.InboundStore;
import org.indaba.mail.MailRepository;
import org.indaba.mail.MailRoute;
import org.indaba.mail.MailTokens;
import org.indaba.mail.parse.DedupeKey;

/**
 * The SMTP listener's decisions, kept apart from the protocol: which recipients to take (cheap
 * checks only), how fast one sender may write, and the durable store of what was accepted. The
 * authoritative checks happen later in {@link InboundProcessor}.
 */
public final class MailIntake {
  /** Messages one envelope sender may hand us per minute; more get a temporary failure. */
  public static final int PER_SENDER_PER_MINUTE = 20;

  /**
   * Messages per minute from one connecting IP, whatever envelope senders it gives. A relay on this
   * host (loopback) speaks for many senders and is counted per sender only.
   */
  public static final int PER_IP_PER_MINUTE = 60;

  static boolean countedPerIp(String remoteIp) {
    return !(remoteIp.startsWith("127.")
        || remoteIp.equals("::1")
        || remoteIp.equals("0:0:0:0:0:0:0:1"));
  }

  private final Database db;
  private final InboundStore store;
  private final MailRepository repo;
  private final MailTokens tokens;
  private final RateLimiter rateLimiter;
  private final Clock clock;
  private final String domain;
  private final long maxBytes;
  private final Runnable afterAccept;

  public MailIntake(
      Database db,
      InboundStore store,
      MailRepository repo,
      MailTokens tokens,
      RateLimiter rateLimiter,
      Clock clock,
      String domain,
      long maxBytes,
      Runnable afterAccept) {
    this.db = db;
    this.store = store;
    this.repo = repo;
    this.tokens = tokens;
    this.rateLimiter = rateLimiter;
    this.clock = clock;
    this.domain = domain;
    this.maxBytes = maxBytes;
    this.afterAccept = afterAccept;
  }

  public long maxBytes() {
    return maxBytes;
  }

  public String domain() {
    return domain;
  }

  /** An SMTP reply code and text; the listener turns it into the protocol's refusal. */
  public record Refusal(int code, String text) {}

  /** Whether {@code recipient} is an address we take mail for; database trouble is temporary. */
  public Optional<Refusal> checkRecipient(String recipient) {
    Optional<MailRoute> route = MailRoute.parse(recipient, domain);
    if (route.isEmpty()) {
      return Optional.of(unknown(recipient));
    }
    try {
      boolean known =
          switch (route.get()) {
            case MailRoute.Post p -> repo.slugExists(p.slug());
            case MailRoute.Command c -> repo.slugExists(c.slug());
            case MailRoute.Reply r ->
                tokens.readReply(r.token()).isPresent()
                    || tokens.readModeration(r.token()).isPresent();
            case MailRoute.Confirm c -> tokens.readConfirm(c.token()).isPresent();
            case MailRoute.Postmaster p -> true;
            case MailRoute.Bounce b -> true;
          };
      return known ? Optional.empty() : Optional.of(unknown(recipient));
    } catch (RuntimeException e) {
      return Optional.of(new Refusal(451, "4.3.0 Temporary failure, please try again later"));
    }
  }

  private static Refusal unknown(String recipient) {
    return new Refusal(550, "5.1.1 <" + recipient + ">: no such address here");
  }

  /** Counts one message for its sender; a refusal when the sender is over the limit. */
  public Optional<Refusal> countMessage(String envelopeFrom, String remoteIp) {
    String who =
        envelopeFrom == null || envelopeFrom.isBlank()
            ? "ip:" + remoteIp
            : envelopeFrom.toLowerCase(Locale.ROOT);
    try {
      // both are counted: a client rotating envelope senders is still one connecting IP. A counter
      // is no accepted message: its commit need not wait for the disk (a crash may forget a few
      // hits of the last moment, which only lets a sender through a little early), so one commit
      // per RCPT costs no flush; the message itself is stored durably before its 250
      boolean[] ok =
          db.tx(
              tx -> {
                Database.commitWithoutWaitingForDisk(tx);
                return db.joining(
                    tx,
                    () ->
                        new boolean[] {
                          !countedPerIp(remoteIp)
                              || rateLimiter.tryAcquire(
                                  "mail-in-ip:" + remoteIp,
                                  PER_IP_PER_MINUTE,
                                  Duration.ofMinutes(1)),
                          rateLimiter.tryAcquire(
                              "mail-in:" + who, PER_SENDER_PER_MINUTE, Duration.ofMinutes(1))
                        });
              });
      boolean ipOk = ok[0];
      boolean senderOk = ok[1];
      if (ipOk && senderOk) {
        return Optional.empty();
      }
      if (!ipOk) {
        return Optional.of(
            new Refusal(451, "4.7.1 Too many messages from this address, please try again later"));
      }
      return Optional.of(
          new Refusal(451, "4.7.1 Too many messages from this sender, please try again later"));
    } catch (RuntimeException e) {
      return Optional.of(new Refusal(451, "4.3.0 Temporary failure, please try again later"));
    }
  }

  /**
   * Commits the message to PostgreSQL; only then may the listener answer 250. Throws when it could
   * not be stored, and the listener answers 451 so that the sender tries again.
   */
  public InboundStore.Accepted store(
      String envelopeFrom,
      List<String> recipients,
      byte[] raw,
      long size,
      boolean truncated,
      String remote,
      String helo) {
    // a header-only parse when there is a Message-ID: the full parse waits for the processor
    DedupeKey.Key key = truncated ? null : DedupeKey.of(raw, envelopeFrom);
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    InboundStore.Accepted a =
        db.tx(
            tx ->
                store.insert(
                    tx,
                    key == null ? null : key.value(),
                    key == null ? null : key.messageId(),
                    raw,
                    size,
                    truncated,
                    envelopeFrom == null ? "" : envelopeFrom,
                    recipients,
                    remote,
                    helo,
                    now));
    if (!a.duplicate()) {
      afterAccept.run();
    }
    return a;
  }
}
