package org.indaba.search;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds an index from PostgreSQL: every visible entity, streamed in id order a batch at a time,
 * through the same {@link SearchSources#resolve} as the incremental indexer, so both give the same
 * documents. The outbox position is read BEFORE the first entity: changes committed later are
 * replayed by the indexer on top (harmless, writes are idempotent), none are lost.
 *
 * <p>Lucene allows one writer per directory: a running server holds its index, so either stop the
 * server first or rebuild into a fresh directory and swap it in while the server is stopped.
 */
public final class SearchRebuild {
  static final int BATCH = 500;

  private final SearchSources sources;
  private final SearchSourceRepository repository;

  public SearchRebuild(SearchSources sources) {
    this.sources = sources;
    this.repository = sources.repository();
  }

  /** What a rebuild did. */
  public record Summary(long documents, long position, long millis) {}

  /**
   * Empties {@code index}, fills it from the database and commits; reports progress on {@code
   * progress}.
   */
  public Summary rebuild(SearchIndex index, PrintStream progress) throws IOException {
    long started = System.nanoTime();
    long position = repository.finishedTransactionsBelow();
    Map<DocType, Integer> totals = new EnumMap<>(DocType.class);
    long total = 0;
    for (DocType type : DocType.values()) {
      int n = repository.countVisible(type);
      totals.put(type, n);
      total += n;
    }
    index.deleteAll();
    long done = 0;
    long lastReport = 0;
    for (DocType type : DocType.values()) {
      long after = 0;
      while (true) {
        List<Long> ids = repository.visibleIdsAfter(type, after, BATCH);
        if (ids.isEmpty()) {
          break;
        }
        after = ids.getLast();
        SearchSources.Changes changes = sources.resolve(Map.of(type, ids), false);
        // an entity hidden between listing and loading is simply not written
        index.upsert(changes.upserts());
        done += changes.upserts().size();
        long now = System.nanoTime();
        if (progress != null && now - lastReport > 500_000_000L) {
          lastReport = now;
          report(progress, type, done, total, started);
        }
      }
    }
    index.commit(position);
    index.refreshBlocking();
    if (progress != null) {
      report(progress, null, done, total, started);
      progress.println();
    }
    return new Summary(done, position, (System.nanoTime() - started) / 1_000_000);
  }

  private static void report(PrintStream out, DocType type, long done, long total, long started) {
    double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
    double percent = total == 0 ? 100 : Math.min(100.0, 100.0 * done / total);
    out.printf(
        "\rreindex: %,d / %,d documents (%.1f%%) %s %,.0f docs/s   ",
        done, total, percent, type == null ? "done" : type.code(), done / seconds);
    out.flush();
  }

  /** Sum of the files of an index directory, in bytes. */
  public static long sizeOnDisk(Path dir) throws IOException {
    try (var files = java.nio.file.Files.walk(dir)) {
      return files
          .filter(java.nio.file.Files::isRegularFile)
          .mapToLong(p -> p.toFile().length())
          .sum();
    }
  }
}
