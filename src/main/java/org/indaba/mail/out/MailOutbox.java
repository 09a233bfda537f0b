package org.indaba.mail.out;

import static org.indaba.db.schema.Tables.MAIL_OUTBOX;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * The only way mail leaves Indaba: a row in {@code mail_outbox}, written in the caller's
 * transaction so that a mail exists exactly when the change that caused it does.
 */
public final class MailOutbox {
  private final Clock clock;

  public MailOutbox(Clock clock) {
    this.clock = clock;
  }

  public long enqueue(DSLContext tx, OutgoingMail mail) {
    return enqueue(tx, mail, java.time.Duration.ZERO);
  }

  /** Queues a mail that leaves no sooner than {@code delay} from now (a decision may be undone). */
  public long enqueue(DSLContext tx, OutgoingMail mail, java.time.Duration delay) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    JsonObject headers = new JsonObject();
    mail.headers().forEach(headers::put);
    return tx.insertInto(MAIL_OUTBOX)
        .set(MAIL_OUTBOX.RECIPIENT, mail.recipient())
        .set(MAIL_OUTBOX.MEMBER_ID, mail.memberId())
        .set(MAIL_OUTBOX.KIND, mail.kind())
        .set(MAIL_OUTBOX.SUBJECT, truncate(mail.subject(), 1000))
        .set(MAIL_OUTBOX.TEXT_BODY, mail.textBody())
        .set(MAIL_OUTBOX.HTML_BODY, mail.htmlBody())
        .set(MAIL_OUTBOX.HEADERS, JSONB.jsonb(headers.encode()))
        .set(MAIL_OUTBOX.STATUS, "pending")
        .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, now.plus(delay))
        .set(MAIL_OUTBOX.CREATED_AT, now)
        .returning(MAIL_OUTBOX.ID)
        .fetchSingle()
        .getId();
  }

  /**
   * Withdraws mail of one kind to one recipient queued since {@code since} and not yet sent (a
   * decision undone before its notice left; "held" mail was never sent); returns how many.
   */
  public int cancelUnsent(DSLContext tx, String recipient, String kind, OffsetDateTime since) {
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

  public void enqueueAll(DSLContext tx, List<OutgoingMail> mails) {
    mails.forEach(m -> enqueue(tx, m));
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
