package org.indaba.mail.out;

import static org.indaba.db.schema.Tables.MAIL_OUTBOX;
import static org.indaba.db.schema.Tables.MAIL_SUPPRESSION;

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
import org.indaba.db.schema.tables.records.MailOutboxRecord;
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
    List<MailOutboxRecord> batch =
        db.tx(
            tx -> {
              List<MailOutboxRecord> due =
                  tx.selectFrom(MAIL_OUTBOX)
                      .where(MAIL_OUTBOX.STATUS.in("pending", "sending"))
                      .and(MAIL_OUTBOX.NEXT_ATTEMPT_AT.le(now))
                      .orderBy(MAIL_OUTBOX.ID)
                      .limit(20)
                      .forUpdate()
                      .skipLocked()
                      .fetch();
              // addresses that bounced past the threshold get no more discussion mail (account mail
              // still goes)
              Set<String> suppressed =
                  due.isEmpty()
                      ? Set.of()
                      : Set.copyOf(
                          tx.select(MAIL_SUPPRESSION.ADDRESS)
                              .from(MAIL_SUPPRESSION)
                              .where(
                                  MAIL_SUPPRESSION.ADDRESS.in(
                                      due.stream()
                                          .map(r -> r.getRecipient().toLowerCase(Locale.ROOT))
                                          .toList()))
                              .fetch(MAIL_SUPPRESSION.ADDRESS));
              List<MailOutboxRecord> skipped =
                  due.stream()
                      .filter(
                          r ->
                              !ACCOUNT_KINDS.contains(r.getKind())
                                  && suppressed.contains(r.getRecipient().toLowerCase(Locale.ROOT)))
                      .toList();
              List<MailOutboxRecord> send = due.stream().filter(r -> !skipped.contains(r)).toList();
              if (!skipped.isEmpty()) {
                tx.update(MAIL_OUTBOX)
                    .set(MAIL_OUTBOX.STATUS, "suppressed")
                    .where(
                        MAIL_OUTBOX.ID.in(skipped.stream().map(MailOutboxRecord::getId).toList()))
                    .execute();
              }
              if (!send.isEmpty()) {
                tx.update(MAIL_OUTBOX)
                    .set(MAIL_OUTBOX.STATUS, client.isPresent() ? "sending" : "held")
                    .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, now.plus(LEASE))
                    .where(MAIL_OUTBOX.ID.in(send.stream().map(MailOutboxRecord::getId).toList()))
                    .execute();
              }
              return send;
            });
    if (client.isEmpty()) {
      return !batch.isEmpty();
    }
    for (MailOutboxRecord r : batch) {
      deliver(r);
    }
    return !batch.isEmpty();
  }

  private void deliver(MailOutboxRecord r) {
    MailMessage m = toMessage(r);
    try {
      client.get().sendMail(m).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      db.txRun(
          tx ->
              tx.update(MAIL_OUTBOX)
                  .set(MAIL_OUTBOX.STATUS, "sent")
                  .set(MAIL_OUTBOX.SENT_AT, OffsetDateTime.now(clock))
                  .set(MAIL_OUTBOX.ATTEMPTS, r.getAttempts() + 1)
                  .where(MAIL_OUTBOX.ID.eq(r.getId()))
                  .execute());
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      int attempts = r.getAttempts() + 1;
      boolean giveUp = attempts >= MAX_ATTEMPTS;
      // back-off: 1, 2, 4 … minutes, capped at 2 hours
      long minutes = Math.min(120, 1L << Math.min(attempts - 1, 7));
      String error =
          String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      log.warn(
          "Mail {} to {} failed (attempt {}): {}", r.getId(), r.getRecipient(), attempts, error);
      db.txRun(
          tx ->
              tx.update(MAIL_OUTBOX)
                  .set(MAIL_OUTBOX.STATUS, giveUp ? "failed" : "pending")
                  .set(MAIL_OUTBOX.ATTEMPTS, attempts)
                  .set(
                      MAIL_OUTBOX.LAST_ERROR,
                      error.length() > 2000 ? error.substring(0, 2000) : error)
                  .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, OffsetDateTime.now(clock).plusMinutes(minutes))
                  .where(MAIL_OUTBOX.ID.eq(r.getId()))
                  .execute());
    }
  }

  private MailMessage toMessage(MailOutboxRecord r) {
    MailMessage m =
        new MailMessage()
            .setFrom(fromAddress)
            // VERP: a bounce comes back to an address naming this very mail
            .setBounceAddress("bounce+" + r.getId() + "@" + domain)
            .setTo(r.getRecipient())
            .setSubject(r.getSubject())
            .setText(r.getTextBody());
    if (r.getHtmlBody() != null) {
      m.setHtml(r.getHtmlBody());
    }
    if (r.getHeaders() != null) {
      JsonObject h = new JsonObject(r.getHeaders().data());
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
