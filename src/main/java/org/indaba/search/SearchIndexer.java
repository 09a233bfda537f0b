package org.indaba.search;

import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.indaba.model.ContentKind;
import org.indaba.search.SearchSourceRepository.OutboxEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process's index current from {@code search_outbox}. Every server process runs its own
 * indexer over its own index directory and reads the whole outbox; nothing is claimed or deleted,
 * so two processes sharing a database each stay complete.
 *
 * <p>Why a transaction-id position rather than the outbox id: ids come from a sequence when a row
 * is inserted, but become visible when the transaction commits, so a slow transaction can commit id
 * 41 after id 42 was read. Remembering "applied up to 42" would then skip 41 for ever. A time
 * margin on {@code created_at} only makes that unlikely (and the injected clock need not follow the
 * database). Instead each row carries the writing transaction's id (migration V025), and PostgreSQL
 * tells us the oldest transaction still running ({@code pg_snapshot_xmin}): rows of transactions
 * below it can no longer appear or change. The committed position means "every row whose txid is
 * below this has been applied"; it only moves up to that horizon.
 *
 * <p>Applying a row re-reads the entity's current state, so replays (after a crash between the
 * index writes and their commit, or the overlap of two batches) are harmless.
 */
public final class SearchIndexer {
  private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
  static final int BATCH = 500;

  private final SearchIndex index;
  private final SearchSources sources;
  private final SearchSourceRepository repository;

  public SearchIndexer(SearchIndex index, SearchSources sources) {
    this.index = index;
    this.sources = sources;
    this.repository = sources.repository();
  }

  /** One batch: applies, makes it searchable, commits. Returns true when more may be waiting. */
  public boolean runOnce() throws IOException {
    Batch batch = nextBatch();
    if (batch == null) {
      return false;
    }
    apply(batch.entries());
    index.refreshBlocking();
    index.commit(batch.reached());
    return batch.more();
  }

  record Batch(List<OutboxEntry> entries, long reached, boolean more) {}

  /** The next rows to apply and the position reached once they are; null when nothing is due. */
  Batch nextBatch() {
    long from = index.committedPosition();
    long horizon = repository.finishedTransactionsBelow();
    if (horizon <= from) {
      return null;
    }
    List<OutboxEntry> rows = repository.outbox(from, horizon, BATCH);
    if (rows.isEmpty()) {
      // Nothing to apply: leave the position where it is rather than write an index commit per
      // tick.
      return null;
    }
    if (rows.size() < BATCH) {
      return new Batch(rows, horizon, false);
    }
    long last = rows.getLast().txid();
    if (rows.getFirst().txid() == last) {
      // One transaction wrote a batch or more: take all of it so the position can move past it.
      return new Batch(repository.outboxOfTransaction(last), last + 1, true);
    }
    // The last transaction may have rows beyond the limit: stop before it, it comes whole next
    // time.
    return new Batch(rows, last, true);
  }

  /** Writes the entities' current state to the index without committing. */
  void apply(List<OutboxEntry> entries) throws IOException {
    Map<ContentKind, Set<Long>> ids = new EnumMap<>(ContentKind.class);
    for (OutboxEntry e : entries) {
      ContentKind.fromTyped(e.entityType())
          .ifPresentOrElse(
              type -> ids.computeIfAbsent(type, t -> new LinkedHashSet<>()).add(e.entityId()),
              () ->
                  log.warn(
                      "Ignoring search outbox row {} of unknown type {}", e.id(), e.entityType()));
    }
    SearchSources.Changes changes = sources.resolve(ids);
    index.delete(changes.deletes());
    index.upsert(changes.upserts());
  }

  /** For the health check: the index answers. */
  public boolean healthy() {
    try {
      index.count();
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
