package org.indaba.mail.out;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;

/**
 * The only way mail leaves Indaba: a row in {@code mail_outbox}, written in the caller's
 * transaction so that a mail exists exactly when the change that caused it does.
 */
public final class MailOutbox {
  private final Clock clock;
  private final MailOutboxRepository repo = new MailOutboxRepository();

  public MailOutbox(Clock clock) {
    this.clock = clock;
  }

  public long enqueue(DSLContext tx, OutgoingMail mail) {
    return enqueue(tx, mail, java.time.Duration.ZERO);
  }

  /** Queues a mail that leaves no sooner than {@code delay} from now (a decision may be undone). */
  public long enqueue(DSLContext tx, OutgoingMail mail, java.time.Duration delay) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    return repo.insert(tx, mail, now, now.plus(delay));
  }

  /**
   * Withdraws mail of one kind to one recipient queued since {@code since} and not yet sent (a
   * decision undone before its notice left; "held" mail was never sent); returns how many.
   */
  public int cancelUnsent(DSLContext tx, String recipient, String kind, OffsetDateTime since) {
    return repo.deleteUnsent(tx, recipient, kind, since);
  }

  /**
   * How long a sent mail's text is kept. Its links (reply addresses, confirmation and unsubscribe
   * tokens) are what a reader of the database could misuse, and nobody needs them once the mail has
   * been read; recipient, subject, headers and status stay for the record.
   */
  public static final java.time.Duration KEEP_SENT_TEXT = java.time.Duration.ofDays(30);

  private static final int REMOVALS_PER_BATCH = 500;

  /**
   * Empties the text of one batch of mail sent over {@link #KEEP_SENT_TEXT} ago; true if more may
   * wait.
   */
  public boolean removeOldTexts(org.indaba.db.Database db) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    return db.tx(
            tx -> repo.removeSentBodies(tx, now.minus(KEEP_SENT_TEXT), now, REMOVALS_PER_BATCH))
        == REMOVALS_PER_BATCH;
  }

  /** Withdraws every unsent mail of one kind about one discussion; returns how many. */
  public int withdrawUnsent(DSLContext tx, long discussionId, String kind) {
    return repo.deleteUnsentAbout(tx, discussionId, kind);
  }
}
