package org.indaba.discussion;

import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.DISCUSSION_CLOSING;
import static org.indaba.db.schema.Tables.DISCUSSION_CLOSING_TEXT;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.jooq.DSLContext;

/** Closing a discussion by its moderators and undoing it, with the closing message to mail. */
public final class ClosingRepository {
  private final DSLContext dsl;

  public ClosingRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  private static OffsetDateTime odt(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }

  /**
   * Closes the discussion if it is open and records the closing; returns its id, or -1 when it was
   * already closed (of two clicks, one counts).
   */
  public long close(
      DSLContext tx,
      long discussionId,
      long by,
      Instant at,
      boolean sendMail,
      Map<String, String> texts) {
    int changed =
        tx.update(DISCUSSION)
            .set(DISCUSSION.CLOSED_AT, odt(at))
            .set(DISCUSSION.UPDATED_AT, odt(at))
            .where(DISCUSSION.ID.eq(discussionId).and(DISCUSSION.CLOSED_AT.isNull()))
            .execute();
    if (changed == 0) {
      return -1;
    }
    long id =
        tx.insertInto(DISCUSSION_CLOSING)
            .set(DISCUSSION_CLOSING.DISCUSSION_ID, discussionId)
            .set(DISCUSSION_CLOSING.CLOSED_BY, by)
            .set(DISCUSSION_CLOSING.CLOSED_AT, odt(at))
            .set(DISCUSSION_CLOSING.SEND_MAIL, sendMail)
            .returning(DISCUSSION_CLOSING.ID)
            .fetchSingle()
            .getId();
    texts.forEach(
        (lang, body) ->
            tx.insertInto(DISCUSSION_CLOSING_TEXT)
                .set(DISCUSSION_CLOSING_TEXT.CLOSING_ID, id)
                .set(DISCUSSION_CLOSING_TEXT.LANGUAGE, lang)
                .set(DISCUSSION_CLOSING_TEXT.BODY, body)
                .execute());
    return id;
  }

  /**
   * Reopens a closed discussion; the latest closing is marked undone (its mail, if not yet sent, is
   * not).
   */
  public boolean reopen(DSLContext tx, long discussionId, Instant at) {
    int changed =
        tx.update(DISCUSSION)
            .setNull(DISCUSSION.CLOSED_AT)
            .set(DISCUSSION.UPDATED_AT, odt(at))
            .where(DISCUSSION.ID.eq(discussionId).and(DISCUSSION.CLOSED_AT.isNotNull()))
            .execute();
    if (changed == 0) {
      return false;
    }
    tx.update(DISCUSSION_CLOSING)
        .set(DISCUSSION_CLOSING.REOPENED_AT, odt(at))
        .where(
            DISCUSSION_CLOSING
                .DISCUSSION_ID
                .eq(discussionId)
                .and(DISCUSSION_CLOSING.REOPENED_AT.isNull()))
        .execute();
    return true;
  }

  /** Whether the participants were already sent a closing message for this discussion. */
  public boolean participantsMailed(long discussionId) {
    return dsl.fetchExists(
        DISCUSSION_CLOSING,
        DISCUSSION_CLOSING
            .DISCUSSION_ID
            .eq(discussionId)
            .and(DISCUSSION_CLOSING.MAILED_AT.isNotNull()));
  }
}
