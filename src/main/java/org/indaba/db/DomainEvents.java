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
