package org.indaba.bench;

import java.io.PrintStream;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.indaba.db.Database;
import org.indaba.db.EmbeddedPostgres;
import org.indaba.search.SearchIndex;
import org.indaba.search.SearchQuery;
import org.indaba.search.SearchQueryException;
import org.indaba.search.SearchRebuild;
import org.indaba.search.SearchRequest;
import org.indaba.search.SearchResults;
import org.indaba.search.SearchSourceRepository;
import org.indaba.search.SearchSources;
import org.indaba.search.SortOrder;
import org.postgresql.PGConnection;

/**
 * {@code bin/indaba bench search --size N}: indexing rate, query latency and footprint of the
 * search index against a throw-away PostgreSQL, next to PostgreSQL full-text search over the same
 * rows (a stored tsvector per row with the text-search configuration of its language, a GIN index,
 * ranking by {@code ts_rank_cd}, top 10: the usual forum-software setup).
 *
 * <p>The two sides do not do the same amount of work per query: the index also gives a total,
 * counts five facets and cuts snippets, the database only returns ten ids. The ratio is therefore
 * conservative for the index.
 *
 * <p>Every class of query runs the same number of times on each side, so pooled figures do not lean
 * towards the cheap classes. Latency under load is measured twice: closed-loop (as many clients as
 * cores, each sending its next query when the last one answered, which gives the maximum rate) and
 * open-loop (queries sent at a fixed rate, half that maximum, each timed from when it was due, so
 * time spent waiting behind slow queries is counted rather than hidden).
 */
public final class SearchBenchmark {
  private static final int WARMUP = 3;

  /**
   * Rounds of the whole mix run before any class is timed, so the first classes are not timed while
   * the JIT compiles the search code (a server that has answered a few hundred searches is past
   * that).
   */
  private static final int MIX_WARMUP_ROUNDS = 20;

  /** PostgreSQL only needs its pages in cache, and a common word takes seconds at a million. */
  private static final int PG_WARMUP = 1;

  /** Runs of each query class in the index (cheap). */
  private static final int LUCENE_RUNS = 60;

  /** Runs of each query class in PostgreSQL (up to seconds each at a million rows). */
  private static final int PG_RUNS = 10;

  /** From half a million rows on, common words take seconds each in PostgreSQL. */
  private static int pgRuns(int size) {
    return size >= 500_000 ? 5 : PG_RUNS;
  }

  /** Length of each load phase. */
  private static final long LOAD_NANOS = 10_000_000_000L;

  private static final int DISCUSSIONS = 30;
  private static final int WEEKS = 8;
  private static final int MEMBERS = 5_000;

  /** Goals of the figures printed (issue 14: P2, P4, P5). */
  private static final double GOAL_P99_MS = 15;

  private static final double GOAL_GEOMEAN = 20;
  private static final double GOAL_DOCS_PER_SECOND = 10_000;
  private static final long GOAL_RSS_MB = 1_024;

  /** One query of the mix, written for both engines. */
  record BenchQuery(String label, String lucene, String pgText, String language, Integer week) {}

  private SearchBenchmark() {}

  static List<BenchQuery> queries() {
    List<String> names = SyntheticCorpus.NAMES;
    return List.of(
        new BenchQuery("common word (en)", "migration", "migration", null, null),
        new BenchQuery("common word (fr)", "développement", "développement", null, null),
        new BenchQuery("common word (es)", "desarrollo", "desarrollo", null, null),
        new BenchQuery("common word (pt)", "desenvolvimento", "desenvolvimento", null, null),
        new BenchQuery("common word (ar)", "الهجرة", "الهجرة", null, null),
        new BenchQuery("mid-frequency (es)", "microfinanzas", "microfinanzas", null, null),
        new BenchQuery("rare name", names.get(12_000), names.get(12_000), null, null),
        new BenchQuery("medium name", names.get(150), names.get(150), null, null),
        new BenchQuery(
            "two common, AND", "migration development", "migration development", null, null),
        new BenchQuery(
            "rare AND common",
            names.get(3_000) + " migration",
            names.get(3_000) + " migration",
            null,
            null),
        new BenchQuery("OR", "remesas OR remittances", "remesas OR remittances", null, null),
        new BenchQuery("phrase", "\"local authorities\"", "\"local authorities\"", null, null),
        new BenchQuery("phrase (pt)", "\"fuga de cérebros\"", "\"fuga de cérebros\"", null, null),
        new BenchQuery("word + lang:fr", "diaspora lang:fr", "diaspora", "fr", null),
        new BenchQuery("word + week:3", "remesas week:3", "remesas", null, 3));
  }

  /** What one class measured. */
  private record ClassResult(
      BenchQuery query,
      long hits,
      boolean estimated,
      long pgHits,
      long[] lucene,
      long[] pg,
      Collections gc) {
    double ratio50() {
      return (double) percentile(pg, 50) / Math.max(1, percentile(lucene, 50));
    }

    double ratio99() {
      return (double) percentile(pg, 99) / Math.max(1, percentile(lucene, 99));
    }
  }

  public static void run(int size, PrintStream out) throws Exception {
    // the table is the output: keep library chatter (migrations, pool, PostgreSQL) out of it
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    try (TempTree indexTree = TempTree.create("indaba-bench-index")) {
      run(size, out, indexTree.path());
    }
  }

  private static void run(int size, PrintStream out, Path indexDir) throws Exception {
    long t0 = System.nanoTime();
    int cores = Runtime.getRuntime().availableProcessors();
    try (EmbeddedPostgres pg = EmbeddedPostgres.startTemporary();
        Database db = new Database(pg.jdbcUrl("postgres"), "postgres", "", 4)) {
      db.migrate();
      out.printf("Search benchmark: %,d contributions%n", size);
      out.printf(
          "Settings: %d cores, Java %s, max heap %,d MB, logging WARN, PostgreSQL %s embedded"
              + " (fsync=%s, synchronous_commit=%s), reindex threads %d, search threads %d%n",
          cores,
          System.getProperty("java.version")
              + ", collectors "
              + String.join(
                  "/",
                  ManagementFactory.getGarbageCollectorMXBeans().stream()
                      .map(java.lang.management.MemoryManagerMXBean::getName)
                      .toList()),
          Runtime.getRuntime().maxMemory() >> 20,
          db.dsl().fetchValue("SHOW server_version"),
          db.dsl().fetchValue("SHOW fsync"),
          db.dsl().fetchValue("SHOW synchronous_commit"),
          SearchRebuild.defaultThreads(),
          cores);
      out.printf("Load average at start: %s (the cores are shared)%n", loadAverage());
      out.printf(
          "Runs per query class: %d in the index after %d warm-up runs (and %d rounds of the whole"
              + " mix before the first class), %d in PostgreSQL after %d%n",
          LUCENE_RUNS, WARMUP, MIX_WARMUP_ROUNDS, pgRuns(size), PG_WARMUP);
      prepareFullText(db);
      long loadStart = System.nanoTime();
      load(db, size, out);
      double loadSeconds = seconds(loadStart);
      long ginStart = System.nanoTime();
      db.dsl().execute("CREATE INDEX contribution_tsv_idx ON contribution USING GIN (tsv)");
      db.dsl().execute("ANALYZE contribution");
      double ginSeconds = seconds(ginStart);

      SearchSources sources = new SearchSources(new SearchSourceRepository(db.dsl()));
      try (SearchIndex index = SearchIndex.open(indexDir)) {
        long cpuBefore = processCpuNanos();
        SearchRebuild.Summary built = new SearchRebuild(sources).rebuild(index, System.err);
        double rebuildCpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        double indexRate = built.documents() / (built.millis() / 1000.0);
        // merges the rebuild's last flushes started run on after its commit; a server searches an
        // idle index once they are done, so the timings start then
        int segmentsBuilt = index.segments();
        long mergeStart = System.nanoTime();
        boolean merged = index.awaitMerges(java.time.Duration.ofMinutes(10));
        double mergeSeconds = seconds(mergeStart);
        int segmentsMerged = index.segments();
        // The server never rebuilds in its own JVM (bin/indaba reindex is a process of its own that
        // exits), so it searches without the rebuild's garbage in the old generation, which makes
        // every young collection of this JVM scan it (5-14 ms pauses instead of 1-3 ms): one full
        // collection here, as the footprint below does, times searches as the server runs them.
        long collectStart = System.nanoTime();
        System.gc();
        double collectSeconds = seconds(collectStart);
        for (int round = 0; round < MIX_WARMUP_ROUNDS; round++) {
          for (SearchRequest r : mix()) {
            index.search(r);
          }
        }
        List<ClassResult> results = new ArrayList<>();
        for (BenchQuery q : queries()) {
          Collections gcBefore = Collections.now();
          long[] lucene = time(WARMUP, LUCENE_RUNS, () -> index.search(request(q)).total());
          Collections gc = Collections.now().since(gcBefore);
          // counted once warm: a cold first search may run out of time and count partially
          SearchResults first = index.search(request(q));
          long[] postgres = time(PG_WARMUP, pgRuns(size), () -> pgTop10(db, q));
          results.add(
              new ClassResult(
                  q, first.total(), first.totalEstimated(), pgCount(db, q), lucene, postgres, gc));
          System.err.printf("\rqueries: %d / %d classes   ", results.size(), queries().size());
        }
        System.err.println();
        Load closed = closedLoop(index, cores);
        Load open = openLoop(index, Math.max(1, closed.perSecond() / 2));
        for (int i = 0; i < 3; i++) {
          System.gc();
          Thread.sleep(100);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long onDisk = SearchRebuild.sizeOnDisk(indexDir);
        long pgIndexBytes =
            ((Number) db.dsl().fetchValue("SELECT pg_relation_size('contribution_tsv_idx')"))
                .longValue();
        long benchRss = IndexFootprint.rssBytes();
        index.close();
        IndexFootprint.Measured server = IndexFootprint.inChildProcess(indexDir, queries());

        out.println();
        out.printf("%-30s%n", "Setup");
        out.printf(
            "%-30s %10.1f s   (COPY with stored tsvector, %,.0f rows/s)%n",
            "PostgreSQL load", loadSeconds, size / loadSeconds);
        out.printf("%-30s %10.1f s%n", "PostgreSQL GIN index build", ginSeconds);
        out.printf(
            "%-30s %10.1f s   %,.0f docs/s with %d threads (read from PostgreSQL, Markdown to"
                + " text, analyse, write, commit); goal %,.0f docs/s: %s; %.2f× the PostgreSQL"
                + " load rate%n",
            "Lucene rebuild",
            built.millis() / 1000.0,
            indexRate,
            SearchRebuild.defaultThreads(),
            GOAL_DOCS_PER_SECOND,
            verdict(indexRate >= GOAL_DOCS_PER_SECOND),
            indexRate / (size / loadSeconds));
        out.printf(
            "%-30s %10.1f s   CPU of this process: %,.0f docs per CPU-second, so %,.0f docs/s"
                + " if it had the %d cores to itself (PostgreSQL's own CPU not counted)%n",
            "",
            rebuildCpuSeconds,
            built.documents() / rebuildCpuSeconds,
            cores * built.documents() / rebuildCpuSeconds,
            cores);
        out.printf(
            "%-30s %10.1f s   merges left running by the rebuild%s; segments %d -> %d%n",
            "Merges after the rebuild",
            mergeSeconds,
            merged ? "" : " (still running after the time allowed)",
            segmentsBuilt,
            segmentsMerged);
        out.printf(
            "%-30s %10.1f s   one full collection before the searches: the server never holds a"
                + " rebuild's garbage (bin/indaba reindex runs in a process of its own)%n",
            "Collection after the rebuild", collectSeconds);
        out.println();
        printClasses(out, results);
        out.println();
        printDetail(out, results);
        out.println();
        out.println("Under load (the whole mix, round robin; latency of each query in ms)");
        out.printf("%-44s %9s %8s %8s %8s%n", "", "queries/s", "p50", "p99", "p99.9");
        printLoad(out, "closed-loop, " + cores + " clients (maximum rate)", closed);
        printLoad(out, "open-loop at " + closed.perSecond() / 2 + "/s (half the maximum)", open);
        out.println(
            "(open-loop: each query timed from when it was due, so waiting behind others counts)");
        out.println();
        out.println("Footprint");
        out.printf(
            "%-30s %,10d MB (after GC, index open, %,d documents)%n",
            "JVM heap used (this process)", heap >> 20, built.documents());
        out.printf(
            "%-30s %,10d MB (index, database client, load data)%n",
            "RSS of this process", benchRss >> 20);
        out.printf(
            "%-30s %,10d MB RSS, heap used %,d MB, after %d searches (a fresh JVM with default"
                + " settings holding only the index); goal ≤ %,d MB: %s%n",
            "Server footprint",
            server.rssBytes() >> 20,
            server.heapBytes() >> 20,
            server.searches(),
            GOAL_RSS_MB,
            verdict(server.rssBytes() >> 20 <= GOAL_RSS_MB));
        out.printf("%-30s %,10d MB%n", "Lucene index on disk", onDisk >> 20);
        out.printf("%-30s %,10d MB%n", "PostgreSQL GIN index", pgIndexBytes >> 20);
        out.printf("%-30s %10.1f s%n", "Total run", seconds(t0));
        out.printf("Load average at end: %s%n", loadAverage());
      }
    }
  }

  private static SearchRequest request(BenchQuery q) throws SearchQueryException {
    return new SearchRequest(SearchQuery.parse(q.lucene()), SortOrder.RELEVANCE, 1, 10);
  }

  private static void printClasses(PrintStream out, List<ClassResult> results) {
    out.printf(
        "%-20s %9s %9s %8s %9s %9s %9s %8s %8s%n",
        "Query class", "hits", "lucene p50", "p99", "pg hits", "pg p50", "p99", "×p50", "×p99");
    double logSum50 = 0;
    double logSum99 = 0;
    double worst = Double.MAX_VALUE;
    double slowestP99 = 0;
    String worstLabel = "";
    String slowestLabel = "";
    for (ClassResult r : results) {
      long[] l = r.lucene();
      long[] p = r.pg();
      out.printf(
          "%-20s %9s %8.2fms %6.2fms %9d %7.2fms %7.2fms %7.1f× %7.1f×%n",
          r.query().label(),
          (r.estimated() ? "~" : "") + r.hits(),
          ms(percentile(l, 50)),
          ms(percentile(l, 99)),
          r.pgHits(),
          ms(percentile(p, 50)),
          ms(percentile(p, 99)),
          r.ratio50(),
          r.ratio99());
      logSum50 += Math.log(r.ratio50());
      logSum99 += Math.log(r.ratio99());
      if (r.ratio50() < worst) {
        worst = r.ratio50();
        worstLabel = r.query().label();
      }
      if (ms(percentile(l, 99)) > slowestP99) {
        slowestP99 = ms(percentile(l, 99));
        slowestLabel = r.query().label();
      }
    }
    long[] allLucene = results.stream().flatMapToLong(r -> Arrays.stream(r.lucene())).toArray();
    long[] allPg = results.stream().flatMapToLong(r -> Arrays.stream(r.pg())).toArray();
    out.printf(
        "%-20s %9s %8.2fms %6.2fms %9s %7.2fms %7.2fms %7.1f× %7.1f×%n",
        "ALL (pooled)",
        "",
        ms(percentile(allLucene, 50)),
        ms(percentile(allLucene, 99)),
        "",
        ms(percentile(allPg, 50)),
        ms(percentile(allPg, 99)),
        (double) percentile(allPg, 50) / Math.max(1, percentile(allLucene, 50)),
        (double) percentile(allPg, 99) / Math.max(1, percentile(allLucene, 99)));
    double geo50 = Math.exp(logSum50 / results.size());
    double geo99 = Math.exp(logSum99 / results.size());
    out.println(
        "(lucene: total + 5 facets + snippets + top 10, \"~\" = estimated total;"
            + " pg: top 10 ids by ts_rank_cd only; × = pg time / lucene time)");
    out.printf(
        "Geometric mean of the per-class ratios: %.1f× at p50, %.1f× at p99; goal ≥ %.0f×: %s%n",
        geo50, geo99, GOAL_GEOMEAN, verdict(geo50 >= GOAL_GEOMEAN));
    out.printf(
        "Slowest class against PostgreSQL: %s at %.1f×; goal ≥ 1×: %s%n",
        worstLabel, worst, verdict(worst >= 1));
    out.printf(
        "Highest lucene p99: %s at %.2f ms; goal ≤ %.0f ms for every class: %s%n",
        slowestLabel, slowestP99, GOAL_P99_MS, verdict(slowestP99 <= GOAL_P99_MS));
  }

  /**
   * Where each class's slowest runs come from: the spread of its runs, which run was the slowest
   * (the first ones after a change of class, or any), and the collections that paused the JVM while
   * it ran.
   */
  private static void printDetail(PrintStream out, List<ClassResult> results) {
    out.println("Lucene runs of each class in detail (in the order run)");
    out.printf(
        "%-20s %8s %8s %8s %8s %10s %14s%n",
        "Query class", "p50", "p90", "max", "2nd max", "max at run", "GC during");
    for (ClassResult r : results) {
      long[] l = r.lucene();
      long[] sorted = l.clone();
      Arrays.sort(sorted);
      int slowest = 0;
      for (int i = 1; i < l.length; i++) {
        if (l[i] > l[slowest]) {
          slowest = i;
        }
      }
      out.printf(
          "%-20s %6.2fms %6.2fms %6.2fms %6.2fms %7d/%d %4d, %5.1fms%n",
          r.query().label(),
          ms(percentile(l, 50)),
          ms(percentile(l, 90)),
          ms(sorted[sorted.length - 1]),
          ms(sorted[Math.max(0, sorted.length - 2)]),
          slowest + 1,
          l.length,
          r.gc().count(),
          r.gc().millis());
    }
    out.println(
        "(with 60 runs, p99 is the slowest run: a class meets the goal only if no run, GC pause"
            + " included, takes longer)");
  }

  /** Garbage collections of this JVM so far: how many, and their total time. */
  private record Collections(long count, double millis) {
    static Collections now() {
      long count = 0;
      long millis = 0;
      for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        count += Math.max(0, gc.getCollectionCount());
        millis += Math.max(0, gc.getCollectionTime());
      }
      return new Collections(count, millis);
    }

    Collections since(Collections before) {
      return new Collections(count - before.count, millis - before.millis);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The 1, 5 and 15 minute load averages of the machine, where the system tells them. */
  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException e) {
      return String.format(
          "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static String verdict(boolean met) {
    return met ? "met" : "NOT met";
  }

  /** Latencies and rate of one load phase. */
  private record Load(long[] latencies, double seconds) {
    int perSecond() {
      return (int) Math.round(latencies.length / seconds);
    }
  }

  private static void printLoad(PrintStream out, String label, Load load) {
    out.printf(
        "%-44s %9d %6.2fms %6.2fms %6.2fms%n",
        label,
        load.perSecond(),
        ms(percentile(load.latencies(), 50)),
        ms(percentile(load.latencies(), 99)),
        ms(percentile(load.latencies(), 99.9)));
  }

  /** {@code clients} threads, each sending the next query of the mix as soon as one answers. */
  private static Load closedLoop(SearchIndex index, int clients) throws Exception {
    List<SearchRequest> mix = mix();
    List<long[]> perClient = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long deadline = System.nanoTime() + LOAD_NANOS;
    long start = System.nanoTime();
    java.util.concurrent.atomic.AtomicReference<Exception> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    for (int c = 0; c < clients; c++) {
      int offset = c;
      long[][] slot = new long[1][];
      perClient.add(null);
      int at = perClient.size() - 1;
      Thread t =
          Thread.ofPlatform()
              .start(
                  () -> {
                    long[] samples = new long[1 << 16];
                    int n = 0;
                    try {
                      for (int i = offset; System.nanoTime() < deadline; i++) {
                        long s = System.nanoTime();
                        index.search(mix.get(i % mix.size()));
                        if (n == samples.length) {
                          samples = Arrays.copyOf(samples, n * 2);
                        }
                        samples[n++] = System.nanoTime() - s;
                      }
                    } catch (Exception e) {
                      failure.set(e);
                    }
                    slot[0] = Arrays.copyOf(samples, n);
                    synchronized (perClient) {
                      perClient.set(at, slot[0]);
                    }
                  });
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    double seconds = seconds(start);
    return new Load(perClient.stream().flatMapToLong(Arrays::stream).toArray(), seconds);
  }

  /**
   * Queries sent at {@code perSecond}, whatever happened to the previous ones, each timed from its
   * due time; a pool larger than the cores lets queries queue as they would at a server.
   */
  private static Load openLoop(SearchIndex index, int perSecond) throws Exception {
    List<SearchRequest> mix = mix();
    int total = (int) Math.max(1, perSecond * (LOAD_NANOS / 1e9));
    long[] latencies = new long[total];
    long interval = 1_000_000_000L / perSecond;
    ExecutorService pool = Executors.newFixedThreadPool(64);
    java.util.concurrent.atomic.AtomicReference<Exception> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    long start = System.nanoTime() + 10_000_000L;
    try {
      for (int i = 0; i < total; i++) {
        long due = start + i * interval;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
        int at = i;
        pool.execute(
            () -> {
              try {
                index.search(mix.get(at % mix.size()));
              } catch (Exception e) {
                failure.set(e);
              }
              latencies[at] = System.nanoTime() - due;
            });
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return new Load(latencies, (total * (double) interval) / 1e9);
  }

  private static List<SearchRequest> mix() throws SearchQueryException {
    List<SearchRequest> mix = new ArrayList<>();
    for (BenchQuery q : queries()) {
      mix.add(request(q));
    }
    return mix;
  }

  /** The per-language configuration of a row, as the stored tsvector uses it. */
  private static final String CONFIG =
      "CASE language WHEN 'en' THEN 'english'::regconfig WHEN 'fr' THEN 'french'::regconfig "
          + "WHEN 'es' THEN 'spanish'::regconfig WHEN 'pt' THEN 'portuguese'::regconfig ELSE 'simple'::regconfig END";

  /**
   * A reader's query in every configuration, so it matches a row in whichever language it is
   * written.
   */
  private static final String TSQUERY =
      "websearch_to_tsquery('english', ?) || websearch_to_tsquery('french', ?) || "
          + "websearch_to_tsquery('spanish', ?) || websearch_to_tsquery('portuguese', ?) || websearch_to_tsquery('simple', ?)";

  /** Only in the throw-away database: the column a forum would add for full-text search. */
  private static void prepareFullText(Database db) {
    db.dsl()
        .execute(
            "ALTER TABLE contribution ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector("
                + CONFIG
                + ", body)) STORED");
  }

  private static long pgTop10(Database db, BenchQuery q) {
    String sql =
        "WITH q AS (SELECT ("
            + TSQUERY
            + ") AS q) SELECT c.id FROM contribution c, q WHERE c.tsv @@ q.q"
            + filters(q)
            + " ORDER BY ts_rank_cd(c.tsv, q.q) DESC LIMIT 10";
    return db.dsl().fetch(sql, binds(q)).size();
  }

  private static long pgCount(Database db, BenchQuery q) {
    String sql =
        "WITH q AS (SELECT ("
            + TSQUERY
            + ") AS q) SELECT count(*) FROM contribution c, q WHERE c.tsv @@ q.q"
            + filters(q);
    return db.dsl().fetchValue(sql, binds(q)) instanceof Number n ? n.longValue() : -1;
  }

  private static String filters(BenchQuery q) {
    return (q.language() == null ? "" : " AND c.language = '" + q.language() + "'")
        + (q.week() == null ? "" : " AND c.week = " + q.week());
  }

  private static Object[] binds(BenchQuery q) {
    return new Object[] {q.pgText(), q.pgText(), q.pgText(), q.pgText(), q.pgText()};
  }

  @FunctionalInterface
  interface Timed {
    long run() throws Exception;
  }

  private static long[] time(int warmup, int runs, Timed work) throws Exception {
    for (int i = 0; i < warmup; i++) {
      work.run();
    }
    long[] samples = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      work.run();
      samples[i] = System.nanoTime() - start;
    }
    return samples;
  }

  static long percentile(long[] samples, double p) {
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.clamp(i, 0, sorted.length - 1)];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * Members, discussions, themes, then contributions through COPY in chunks (1M rows do not fit a
   * statement).
   */
  private static void load(Database db, int size, PrintStream out) throws Exception {
    SyntheticCorpus corpus = new SyntheticCorpus(42);
    OffsetDateTime start = OffsetDateTime.of(2024, 1, 8, 9, 0, 0, 0, ZoneOffset.UTC);
    try (Connection c = db.dataSource().getConnection()) {
      var copy = c.unwrap(PGConnection.class).getCopyAPI();
      StringBuilder sb = new StringBuilder();
      for (int m = 1; m <= MEMBERS; m++) {
        sb.append("member")
            .append(m)
            .append("@bench.test\tMember ")
            .append(m)
            .append("\tAssociation ")
            .append(m % 400)
            .append('\t')
            .append(SyntheticCorpus.COUNTRIES.get(m % SyntheticCorpus.COUNTRIES.size()))
            .append('\t')
            .append(start)
            .append('\n');
      }
      copy.copyIn(
          "COPY member(email, display_name, organisation, country, created_at) FROM STDIN",
          new StringReader(sb.toString()));
      sb.setLength(0);
      for (int d = 1; d <= DISCUSSIONS; d++) {
        sb.append("discussion-")
            .append(d)
            .append("\tDiscussion ")
            .append(d)
            .append("\ten\t2024-01-08\tUTC\t")
            .append(WEEKS)
            .append("\tf\t")
            .append(start)
            .append('\t')
            .append(start)
            .append('\n');
      }
      copy.copyIn(
          "COPY discussion(slug, title, language, starts_on, time_zone, weeks, draft, created_at, updated_at) FROM STDIN",
          new StringReader(sb.toString()));
      int chunk = 20_000;
      for (int done = 0; done < size; done += chunk) {
        sb.setLength(0);
        for (int i = done; i < Math.min(size, done + chunk); i++) {
          String lang = corpus.language();
          int week = 1 + corpus.below(WEEKS);
          OffsetDateTime created = start.plusWeeks(week - 1).plusMinutes(corpus.below(7 * 24 * 60));
          sb.append(1 + corpus.below(DISCUSSIONS))
              .append('\t')
              .append(week)
              .append('\t')
              .append(1 + corpus.below(MEMBERS))
              .append('\t')
              .append(
                  corpus.body(lang).replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n"))
              .append("\t\t")
              .append(lang)
              .append("\tapproved\timport\t")
              .append(created)
              .append('\t')
              .append(created)
              .append('\n');
        }
        copy.copyIn(
            "COPY contribution(discussion_id, week, author_id, body, body_html, language, status, source, "
                + "created_at, updated_at) FROM STDIN",
            new StringReader(sb.toString()));
        System.err.printf(
            "\rload: %,d / %,d contributions (%.0f%%)   ",
            Math.min(size, done + chunk), size, 100.0 * Math.min(size, done + chunk) / size);
      }
      System.err.println();
    }
  }
}
