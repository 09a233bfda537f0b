package org.indaba.mail.out;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.indaba.db.Database;
import org.indaba.model.NetworkGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox through the configured relay. A batch is claimed in a short transaction
 * ({@code FOR UPDATE SKIP LOCKED}, then marked {@code sending} with a lease), sent outside any
 * transaction, and marked sent or rescheduled with back-off. A process that dies mid-send leaves
 * the lease to expire, and another process picks the mail up again. Without a relay, mail is marked
 * {@code held} and kept for admins to read at /admin/mail. Every mail goes out with a VERP envelope
 * sender ({@code bounce+<id>@domain}) so that a bounce names the mail that failed, and nothing but
 * account mail goes to an address suppressed after bouncing.
 */
public final class MailSender {
  private static final Logger log = LoggerFactory.getLogger(MailSender.class);
  static final int MAX_ATTEMPTS = 8;
  private static final Duration LEASE = Duration.ofMinutes(5);

  private final Database db;
  private final MailOutboxRepository repo = new MailOutboxRepository();
  private final Clock clock;

  /**
   * Mail about the account itself still goes to an address that bounced: it may be how it gets
   * fixed.
   */
  static final Set<String> ACCOUNT_KINDS = Set.of("verify", "reset", "already-registered");

  private final String fromAddress;
  private final String domain;
  private final Optional<MailClient> client;

  /**
   * What the sender needs of the configuration.
   *
   * @param mailDomain the domain of our addresses ({@code noreply@}, Message-IDs)
   * @param relayHost the SMTP relay's host, or empty to hold mail for admins to read
   * @param relayPort the SMTP relay's port
   */
  public record Settings(String mailDomain, Optional<String> relayHost, int relayPort) {}

  public MailSender(Vertx vertx, Database db, Clock clock, Settings settings) {
    this.db = db;
    this.clock = clock;
    this.fromAddress = "noreply@" + settings.mailDomain();
    this.domain = settings.mailDomain();
    this.client =
        settings
            .relayHost()
            .map(
                host ->
                    MailClient.create(
                        vertx,
                        new MailConfig()
                            .setHostname(host)
                            .setPort(settings.relayPort())
                            .setStarttls(StartTLSOptions.OPTIONAL)
                            .setKeepAlive(true)
                            .setMaxPoolSize(4)));
  }

  /** Sends one batch; true when there may be more due. */
  public boolean sendBatch() {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    List<MailOutboxRepository.Due> batch =
        db.tx(
            tx -> {
              List<MailOutboxRepository.Due> due = repo.lockDue(tx, now, 20);
              // addresses that bounced past the threshold get no more discussion mail (account mail
              // still goes)
              Set<String> suppressed =
                  repo.suppressed(
                      tx, due.stream().map(r -> r.recipient().toLowerCase(Locale.ROOT)).toList());
              List<MailOutboxRepository.Due> skipped =
                  due.stream()
                      .filter(
                          r ->
                              !ACCOUNT_KINDS.contains(r.kind())
                                  && suppressed.contains(r.recipient().toLowerCase(Locale.ROOT)))
                      .toList();
              List<MailOutboxRepository.Due> send =
                  due.stream().filter(r -> !skipped.contains(r)).toList();
              if (!skipped.isEmpty()) {
                repo.markSuppressed(
                    tx, skipped.stream().map(MailOutboxRepository.Due::id).toList());
              }
              if (!send.isEmpty()) {
                repo.markClaimed(
                    tx,
                    send.stream().map(MailOutboxRepository.Due::id).toList(),
                    client.isPresent() ? "sending" : "held",
                    now.plus(LEASE));
              }
              return send;
            });
    if (client.isEmpty()) {
      return !batch.isEmpty();
    }
    for (MailOutboxRepository.Due r : batch) {
      deliver(r);
    }
    return !batch.isEmpty();
  }

  private void deliver(MailOutboxRepository.Due r) {
    MailMessage m = toMessage(r);
    try {
      NetworkGuard.beforeNetworkCall("SMTP delivery to the relay");
      client.get().sendMail(m).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      db.txRun(tx -> repo.markSent(tx, r.id(), r.attempts() + 1, OffsetDateTime.now(clock)));
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      int attempts = r.attempts() + 1;
      boolean giveUp = attempts >= MAX_ATTEMPTS;
      // back-off: 1, 2, 4 … minutes, capped at 2 hours
      long minutes = Math.min(120, 1L << Math.min(attempts - 1, 7));
      String error =
          String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      log.warn("Mail {} to {} failed (attempt {}): {}", r.id(), r.recipient(), attempts, error);
      db.txRun(
          tx ->
              repo.markAttemptFailed(
                  tx,
                  r.id(),
                  giveUp,
                  attempts,
                  error,
                  OffsetDateTime.now(clock).plusMinutes(minutes)));
    }
  }

  private MailMessage toMessage(MailOutboxRepository.Due r) {
    MailMessage m =
        new MailMessage()
            .setFrom(fromAddress)
            // VERP: a bounce comes back to an address naming this very mail
            .setBounceAddress("bounce+" + r.id() + "@" + domain)
            .setTo(r.recipient())
            .setSubject(r.subject())
            .setText(r.textBody());
    if (r.htmlBody() != null) {
      m.setHtml(r.htmlBody());
    }
    if (r.headers() != null) {
      JsonObject h = r.headers();
      var headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
      for (String name : h.fieldNames()) {
        if (name.equalsIgnoreCase("From")) {
          m.setFrom(h.getString(name));
        } else {
          headers.add(name, h.getString(name));
        }
      }
      m.setHeaders(headers);
    }
    return m;
  }
}
