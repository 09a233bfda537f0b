package org.indaba.search;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.indaba.model.ContentKind;

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
    return rebuild(index, progress, defaultThreads());
  }

  /**
   * Loading from the database and analysing overlap: one more worker than cores keeps them busy
   * while one waits for its rows.
   */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors() + 1;
  }

  /**
   * As {@link #rebuild(SearchIndex, PrintStream)} with {@code threads} workers: ids are listed in
   * order here, each batch is loaded, turned into documents and added by a worker (the index writer
   * takes documents from several threads at once). The order of documents inside the index then
   * varies from run to run, which searches do not see: every sort ends on the id.
   */
  public Summary rebuild(SearchIndex index, PrintStream progress, int threads) throws IOException {
    long started = System.nanoTime();
    long position = repository.finishedTransactionsBelow();
    long total = 0;
    for (ContentKind type : ContentKind.values()) {
      total += repository.countVisible(type);
    }
    index.deleteAll();
    AtomicLong done = new AtomicLong();
    ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, threads));
    // bounded read-ahead: at most two batches per worker wait in memory
    Semaphore queued = new Semaphore(2 * Math.max(1, threads));
    List<Future<?>> pending = new ArrayList<>();
    long lastReport = 0;
    try {
      for (ContentKind type : ContentKind.values()) {
        long after = 0;
        while (true) {
          List<Long> ids = repository.visibleIdsAfter(type, after, BATCH);
          if (ids.isEmpty()) {
            break;
          }
          after = ids.getLast();
          queued.acquireUninterruptibly();
          pending.add(
              workers.submit(
                  () -> {
                    try {
                      SearchSources.Changes changes = sources.resolve(Map.of(type, ids), false);
                      // an entity hidden between listing and loading is simply not written
                      index.add(changes.upserts());
                      done.addAndGet(changes.upserts().size());
                      return null;
                    } finally {
                      queued.release();
                    }
                  }));
          failFast(pending);
          long now = System.nanoTime();
          if (progress != null && now - lastReport > 500_000_000L) {
            lastReport = now;
            report(progress, type, done.get(), total, started);
          }
        }
      }
      for (Future<?> f : pending) {
        await(f);
      }
    } finally {
      workers.shutdownNow();
    }
    index.commit(position);
    index.refreshBlocking();
    if (progress != null) {
      report(progress, null, done.get(), total, started);
      progress.println();
    }
    return new Summary(done.get(), position, (System.nanoTime() - started) / 1_000_000);
  }

  /** Stops listing as soon as a worker failed, instead of reading the rest for nothing. */
  private static void failFast(List<Future<?>> pending) throws IOException {
    for (var it = pending.iterator(); it.hasNext(); ) {
      Future<?> f = it.next();
      if (!f.isDone()) {
        continue;
      }
      await(f);
      it.remove();
    }
  }

  private static void await(Future<?> f) throws IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while rebuilding the index", e);
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case IOException io -> throw io;
        case RuntimeException runtime -> throw runtime;
        case Error error -> throw error;
        default -> throw new IOException(e.getCause());
      }
    }
  }

  private static void report(
      PrintStream out, ContentKind type, long done, long total, long started) {
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
