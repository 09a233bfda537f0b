package org.indaba.mail.out;

import static org.indaba.db.schema.Tables.MAIL_OUTBOX;
import static org.indaba.db.schema.Tables.MAIL_SUPPRESSION;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.indaba.db.schema.tables.records.MailOutboxRecord;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/** The SQL of {@code mail_outbox}: queueing, claiming a batch, and recording how delivery went. */
final class MailOutboxRepository {

  /** A queued mail as the sender needs it. */
  record Due(
      long id,
      String recipient,
      String kind,
      String subject,
      String textBody,
      String htmlBody,
      JsonObject headers,
      int attempts) {}

  long insert(DSLContext tx, OutgoingMail mail, OffsetDateTime now, OffsetDateTime nextAttempt) {
    JsonObject headers = new JsonObject();
    mail.headers().forEach(headers::put);
    return tx.insertInto(MAIL_OUTBOX)
        .set(MAIL_OUTBOX.RECIPIENT, mail.recipient())
        .set(MAIL_OUTBOX.MEMBER_ID, mail.memberId())
        .set(MAIL_OUTBOX.DISCUSSION_ID, mail.discussionId())
        .set(MAIL_OUTBOX.KIND, mail.kind())
        .set(MAIL_OUTBOX.SUBJECT, truncate(mail.subject(), 1000))
        .set(MAIL_OUTBOX.TEXT_BODY, mail.textBody())
        .set(MAIL_OUTBOX.HTML_BODY, mail.htmlBody())
        .set(MAIL_OUTBOX.HEADERS, JSONB.jsonb(headers.encode()))
        .set(MAIL_OUTBOX.STATUS, "pending")
        .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, nextAttempt)
        .set(MAIL_OUTBOX.CREATED_AT, now)
        .returning(MAIL_OUTBOX.ID)
        .fetchSingle()
        .getId();
  }

  int deleteUnsent(DSLContext tx, String recipient, String kind, OffsetDateTime since) {
    return tx.deleteFrom(MAIL_OUTBOX)
        .where(
            MAIL_OUTBOX
                .RECIPIENT
                .eq(recipient)
                .and(MAIL_OUTBOX.KIND.eq(kind))
                .and(MAIL_OUTBOX.STATUS.in("pending", "held"))
                .and(MAIL_OUTBOX.CREATED_AT.ge(since)))
        .execute();
  }

  int deleteUnsentAbout(DSLContext tx, long discussionId, String kind) {
    return tx.deleteFrom(MAIL_OUTBOX)
        .where(
            MAIL_OUTBOX
                .DISCUSSION_ID
                .eq(discussionId)
                .and(MAIL_OUTBOX.KIND.eq(kind))
                .and(MAIL_OUTBOX.STATUS.in("pending", "held")))
        .execute();
  }

  /**
   * Empties the text of up to {@code limit} mails sent before {@code before}, skipping rows another
   * process holds; returns how many.
   */
  int removeSentBodies(DSLContext tx, OffsetDateTime before, OffsetDateTime now, int limit) {
    var ids =
        tx.select(MAIL_OUTBOX.ID)
            .from(MAIL_OUTBOX)
            .where(
                MAIL_OUTBOX
                    .STATUS
                    .eq("sent")
                    .and(MAIL_OUTBOX.BODY_REMOVED_AT.isNull())
                    .and(MAIL_OUTBOX.SENT_AT.lt(before)))
            .orderBy(MAIL_OUTBOX.SENT_AT)
            .limit(limit)
            .forUpdate()
            .skipLocked()
            .fetch(MAIL_OUTBOX.ID);
    if (ids.isEmpty()) {
      return 0;
    }
    return tx.update(MAIL_OUTBOX)
        .set(MAIL_OUTBOX.TEXT_BODY, "")
        .setNull(MAIL_OUTBOX.HTML_BODY)
        .set(MAIL_OUTBOX.BODY_REMOVED_AT, now)
        .where(MAIL_OUTBOX.ID.in(ids))
        .execute();
  }

  /** Locks up to {@code limit} mails due by {@code now}, skipping those another process holds. */
  List<Due> lockDue(DSLContext tx, OffsetDateTime now, int limit) {
    return tx.selectFrom(MAIL_OUTBOX)
        .where(MAIL_OUTBOX.STATUS.in("pending", "sending"))
        .and(MAIL_OUTBOX.NEXT_ATTEMPT_AT.le(now))
        .orderBy(MAIL_OUTBOX.ID)
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .fetch()
        .map(MailOutboxRepository::due);
  }

  /** Which of these (lower-cased) addresses are suppressed after bouncing. */
  Set<String> suppressed(DSLContext tx, Collection<String> addresses) {
    if (addresses.isEmpty()) {
      return Set.of();
    }
    return Set.copyOf(
        tx.select(MAIL_SUPPRESSION.ADDRESS)
            .from(MAIL_SUPPRESSION)
            .where(MAIL_SUPPRESSION.ADDRESS.in(addresses))
            .fetch(MAIL_SUPPRESSION.ADDRESS));
  }

  void markSuppressed(DSLContext tx, Collection<Long> ids) {
    tx.update(MAIL_OUTBOX)
        .set(MAIL_OUTBOX.STATUS, "suppressed")
        .where(MAIL_OUTBOX.ID.in(ids))
        .execute();
  }

  /** Marks a claimed batch {@code sending} (or {@code held}) until {@code leaseEnd}. */
  void markClaimed(DSLContext tx, Collection<Long> ids, String status, OffsetDateTime leaseEnd) {
    tx.update(MAIL_OUTBOX)
        .set(MAIL_OUTBOX.STATUS, status)
        .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, leaseEnd)
        .where(MAIL_OUTBOX.ID.in(ids))
        .execute();
  }

  void markSent(DSLContext tx, long id, int attempts, OffsetDateTime at) {
    tx.update(MAIL_OUTBOX)
        .set(MAIL_OUTBOX.STATUS, "sent")
        .set(MAIL_OUTBOX.SENT_AT, at)
        .set(MAIL_OUTBOX.ATTEMPTS, attempts)
        .where(MAIL_OUTBOX.ID.eq(id))
        .execute();
  }

  void markAttemptFailed(
      DSLContext tx, long id, boolean giveUp, int attempts, String error, OffsetDateTime next) {
    tx.update(MAIL_OUTBOX)
        .set(MAIL_OUTBOX.STATUS, giveUp ? "failed" : "pending")
        .set(MAIL_OUTBOX.ATTEMPTS, attempts)
        .set(MAIL_OUTBOX.LAST_ERROR, truncate(error, 2000))
        .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, next)
        .where(MAIL_OUTBOX.ID.eq(id))
        .execute();
  }

  private static Due due(MailOutboxRecord r) {
    return new Due(
        r.getId(),
        r.getRecipient(),
        r.getKind(),
        r.getSubject(),
        r.getTextBody(),
        r.getHtmlBody(),
        r.getHeaders() == null ? null : new JsonObject(r.getHeaders().data()),
        r.getAttempts());
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
