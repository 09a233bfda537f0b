package org.indaba.db;

import static org.indaba.db.schema.Tables.DOMAIN_EVENT;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;

/**
 * Records what happened for the features that react to it (mail announcements, notices). Written in
 * the same transaction as the change.
 *
 * <p>Adding a kind: add the constant here, write it where the change happens, and handle it in the
 * consumer (mail); unknown kinds are marked processed and ignored.
 */
public final class DomainEvents {
  public static final String THEME_PUBLISHED = "theme_published";
  public static final String CONTRIBUTION_APPROVED = "contribution_approved";
  public static final String CONTRIBUTION_REJECTED = "contribution_rejected";
  public static final String REPLY_PUBLISHED = "reply_published";

  /** A contribution waits for moderation; its moderators and (for mail) its author are told. */
  public static final String CONTRIBUTION_HELD = "contribution_held";

  /** A published contribution was flagged (entity: the contribution); its moderators are told. */
  public static final String CONTRIBUTION_FLAGGED = "contribution_flagged";

  /** A week's summary was published in one language (entity: the summary); subscribers hear. */
  public static final String WEEK_SUMMARY_PUBLISHED = "week_summary_published";

  /** A discussion was closed (entity: the closing row); its participants get the closing mail. */
  public static final String DISCUSSION_CLOSED = "discussion_closed";

  private final Clock clock;

  public DomainEvents(Clock clock) {
    this.clock = clock;
  }

  public void record(DSLContext tx, String kind, Long discussionId, Long entityId) {
    tx.insertInto(DOMAIN_EVENT)
        .set(DOMAIN_EVENT.KIND, kind)
        .set(DOMAIN_EVENT.DISCUSSION_ID, discussionId)
        .set(DOMAIN_EVENT.ENTITY_ID, entityId)
        .set(DOMAIN_EVENT.CREATED_AT, OffsetDateTime.now(clock))
        .execute();
  }
}
