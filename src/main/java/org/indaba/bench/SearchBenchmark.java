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
import org.indaba.db.Database;
import org.indaba.db.EmbeddedPostgres;
import org.indaba.search.SearchIndex;
import org.indaba.search.SearchQuery;
import org.indaba.search.SearchRebuild;
import org.indaba.search.SearchRequest;
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
 * <p>The two sides do not do the same amount of work per query: the index also counts all hits,
 * counts five facets and cuts snippets, the database only returns ten ids. The ratio is therefore
 * conservative for the index.
 */
public final class SearchBenchmark {
  private static final int WARMUP = 3;
  private static final int RUNS = 25;

  /**
   * Slow queries (PostgreSQL ranking tens of thousands of rows) stop early, after at least this
   * many runs...
   */
  private static final int MIN_RUNS = 5;

  /** ...once they have spent this long, so a run at 100k stays within a few minutes. */
  private static final long BUDGET_NANOS = 6_000_000_000L;

  private static final int DISCUSSIONS = 30;
  private static final int WEEKS = 8;
  private static final int MEMBERS = 5_000;

  /** One query of the mix, written for both engines. */
  record BenchQuery(String label, String lucene, String pgText, String language, Integer week) {}

  private SearchBenchmark() {}

  static List<BenchQuery> queries() {
    List<String> names = SyntheticCorpus.NAMES;
    return List.of(
        new BenchQuery("common word (en)", "migration", "migration", null, null),
        new BenchQuery("common word (fr)", "développement", "développement", null, null),
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
        new BenchQuery("word + week:3", "remesas week:3", "remesas", null, 3),
        new BenchQuery("Arabic word", "الهجرة", "الهجرة", null, null));
  }

  public static void run(int size, PrintStream out) throws Exception {
    // the table is the output: keep library chatter (migrations, pool, PostgreSQL) out of it
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    Path indexDir = Files.createTempDirectory("indaba-bench-index");
    long t0 = System.nanoTime();
    try (EmbeddedPostgres pg = EmbeddedPostgres.startTemporary();
        Database db = new Database(pg.jdbcUrl("postgres"), "postgres", "", 4)) {
      db.migrate();
      out.printf(
          "Search benchmark: %,d contributions, %d cores, max heap %,d MB%n",
          size, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
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
        SearchRebuild.Summary built = new SearchRebuild(sources).rebuild(index, System.err);
        double indexRate = built.documents() / (built.millis() / 1000.0);
        List<BenchQuery> queries = queries();
        List<long[]> lucene = new ArrayList<>();
        List<long[]> postgres = new ArrayList<>();
        List<Long> luceneHits = new ArrayList<>();
        List<Long> pgHits = new ArrayList<>();
        for (BenchQuery q : queries) {
          lucene.add(
              time(
                  () ->
                      index
                          .search(
                              new SearchRequest(
                                  SearchQuery.parse(q.lucene()), SortOrder.RELEVANCE, 1, 10))
                          .total()));
          luceneHits.add(
              index
                  .search(
                      new SearchRequest(SearchQuery.parse(q.lucene()), SortOrder.RELEVANCE, 1, 10))
                  .total());
          postgres.add(time(() -> pgTop10(db, q)));
          pgHits.add(pgCount(db, q));
        }
        for (int i = 0; i < 3; i++) {
          System.gc();
          Thread.sleep(100);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long onDisk = SearchRebuild.sizeOnDisk(indexDir);
        long pgIndexBytes =
            ((Number) db.dsl().fetchValue("SELECT pg_relation_size('contribution_tsv_idx')"))
                .longValue();

        out.println();
        out.printf("%-28s %12s%n", "Setup", "");
        out.printf(
            "%-28s %10.1f s   (COPY with stored tsvector, %,.0f rows/s)%n",
            "PostgreSQL load", loadSeconds, size / loadSeconds);
        out.printf("%-28s %10.1f s%n", "PostgreSQL GIN index build", ginSeconds);
        out.printf(
            "%-28s %10.1f s   %,.0f docs/s (read from PostgreSQL, Markdown to text, analyse, write, commit)%n",
            "Lucene bulk indexing", built.millis() / 1000.0, indexRate);
        out.println();
        out.printf(
            "%-22s %9s %9s %9s %9s %9s %8s %9s%n",
            "Query (" + MIN_RUNS + "-" + RUNS + " runs)",
            "hits",
            "lucene p50",
            "p99",
            "pg hits",
            "pg p50",
            "p99",
            "pg/lucene");
        for (int i = 0; i < queries.size(); i++) {
          long[] l = lucene.get(i);
          long[] p = postgres.get(i);
          out.printf(
              "%-22s %9d %8.2fms %7.2fms %9d %7.2fms %6.2fms %8.1fx%n",
              queries.get(i).label(),
              luceneHits.get(i),
              ms(percentile(l, 50)),
              ms(percentile(l, 99)),
              pgHits.get(i),
              ms(percentile(p, 50)),
              ms(percentile(p, 99)),
              (double) percentile(p, 50) / Math.max(1, percentile(l, 50)));
        }
        long[] allLucene = lucene.stream().flatMapToLong(Arrays::stream).toArray();
        long[] allPg = postgres.stream().flatMapToLong(Arrays::stream).toArray();
        out.printf(
            "%-22s %9s %8.2fms %7.2fms %9s %7.2fms %6.2fms %8.1fx%n",
            "ALL QUERIES",
            "",
            ms(percentile(allLucene, 50)),
            ms(percentile(allLucene, 99)),
            "",
            ms(percentile(allPg, 50)),
            ms(percentile(allPg, 99)),
            (double) percentile(allPg, 50) / Math.max(1, percentile(allLucene, 50)));
        out.println(
            "(lucene: total count + 5 facets + snippets + top 10; pg: top 10 ids by ts_rank_cd only)");
        out.println();
        out.printf(
            "%-28s %,10d MB (after GC, index open, %,d documents)%n",
            "JVM heap used", heap >> 20, index.count());
        out.printf("%-28s %,10d MB%n", "Lucene index on disk", onDisk >> 20);
        out.printf("%-28s %,10d MB%n", "PostgreSQL GIN index", pgIndexBytes >> 20);
        out.printf("%-28s %10.1f s%n", "Total run", seconds(t0));
      }
    } finally {
      try (var files = Files.walk(indexDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
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

  private static long[] time(Timed work) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      work.run();
    }
    long[] samples = new long[RUNS];
    long spent = 0;
    int runs = 0;
    while (runs < RUNS && (runs < MIN_RUNS || spent < BUDGET_NANOS)) {
      long start = System.nanoTime();
      work.run();
      samples[runs] = System.nanoTime() - start;
      spent += samples[runs++];
    }
    return Arrays.copyOf(samples, runs);
  }

  private static long percentile(long[] samples, int p) {
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
