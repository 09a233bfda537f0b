package org.indaba.search;

import static org.indaba.db.schema.Tables.SEARCH_OUTBOX;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;

/**
 * Records that something searchable changed. Call it in the same transaction as the change: the
 * indexer re-reads the entity's current state, so one call covers create, edit, approval, rejection
 * and deletion alike.
 */
public final class SearchOutbox {
  /** Kinds of searchable entity; the indexer knows how to load each. */
  public static final String CONTRIBUTION = "contribution";

  public static final String THEME = "theme";
  public static final String DISCUSSION = "discussion";
  public static final String REPLY = "reply";
  public static final String SUMMARY = "summary";

  private final Clock clock;

  public SearchOutbox(Clock clock) {
    this.clock = clock;
  }

  public void changed(DSLContext tx, String entityType, long entityId) {
    tx.insertInto(SEARCH_OUTBOX)
        .set(SEARCH_OUTBOX.ENTITY_TYPE, entityType)
        .set(SEARCH_OUTBOX.ENTITY_ID, entityId)
        .set(SEARCH_OUTBOX.CREATED_AT, OffsetDateTime.now(clock))
        .execute();
  }
}
