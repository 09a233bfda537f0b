package org.indaba.app;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The command line: {@code serve [--demo]} and the maintenance commands. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    String command = a.isEmpty() ? "serve" : a.get(0);
    Config config;
    try {
      config = Config.fromEnv(System.getenv());
    } catch (Config.Invalid e) {
      System.err.println("Indaba cannot start: invalid configuration\n" + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      switch (command) {
        case "serve" -> serve(config, a.contains("--demo"));
        case "reindex" -> reindex(config, a);
        case "import-mbox" -> importMbox(config, a);
        default -> {
          System.err.println(
              "Unknown command '"
                  + command
                  + "'. Commands: serve [--demo], reindex [--into DIR], "
                  + "import-mbox FILE --discussion SLUG; benchmarks: bin/indaba bench pages|search|mail");
          System.exit(2);
        }
      }
    } catch (org.indaba.db.EmbeddedPostgres.InUse e) {
      System.err.println("Indaba cannot start: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Rebuilds the search index from PostgreSQL. The server must be stopped (Lucene and the embedded
   * PostgreSQL both lock their directories), or use {@code --into DIR} to build a fresh index
   * elsewhere, then stop the server, replace {@code <data dir>/index} with it and start again.
   */
  private static void reindex(Config config, List<String> args) throws Exception {
    int into = args.indexOf("--into");
    java.nio.file.Path target =
        into >= 0 && into + 1 < args.size()
            ? java.nio.file.Path.of(args.get(into + 1)).toAbsolutePath()
            : config.dataDir().resolve("index");
    org.indaba.db.EmbeddedPostgres embedded = null;
    org.indaba.db.Database db;
    if (config.databaseUrl().isPresent()) {
      db =
          new org.indaba.db.Database(
              config.databaseUrl().get(), config.databaseUser(), config.databasePassword(), 4);
    } else {
      embedded = org.indaba.db.EmbeddedPostgres.start(config.dataDir().resolve("postgres"));
      db = new org.indaba.db.Database(embedded.jdbcUrl("postgres"), "postgres", "", 4);
    }
    try (db;
        var index = org.indaba.search.SearchIndex.open(target)) {
      db.migrate();
      var sources =
          new org.indaba.search.SearchSources(
              new org.indaba.search.SearchSourceRepository(db.dsl()));
      var summary = new org.indaba.search.SearchRebuild(sources).rebuild(index, System.err);
      System.err.printf(
          "Rebuilt %s: %,d documents in %,d ms (outbox position %d)%n",
          target, summary.documents(), summary.millis(), summary.position());
    } catch (org.apache.lucene.store.LockObtainFailedException e) {
      System.err.println(
          "The index "
              + target
              + " is in use by a running server. Stop it first, or rebuild into a "
              + "fresh directory with --into DIR and swap it in while the server is stopped.");
      System.exit(1);
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  /**
   * {@code import-mbox FILE --discussion SLUG [--approve]}: a mailing-list archive into a
   * discussion. The server must be stopped: the import uses the same data directory (the embedded
   * PostgreSQL and the search index lock theirs) and mails nobody.
   */
  private static void importMbox(Config config, List<String> a) throws Exception {
    int flag = a.indexOf("--discussion");
    boolean approve = a.contains("--approve");
    List<String> files =
        a.stream()
            .skip(1)
            .filter(x -> !x.startsWith("--"))
            .filter(x -> flag < 0 || flag + 1 >= a.size() || !x.equals(a.get(flag + 1)))
            .toList();
    if (flag < 0 || flag + 1 >= a.size() || files.size() != 1) {
      System.err.println("Usage: import-mbox FILE --discussion SLUG [--approve]");
      System.exit(2);
      return;
    }
    String slug = a.get(flag + 1);
    java.nio.file.Path file = java.nio.file.Path.of(files.get(0));
    if (!java.nio.file.Files.isReadable(file)) {
      System.err.println("Cannot read " + file);
      System.exit(2);
      return;
    }
    int exit = 0;
    try (App app = App.forMaintenance(config, Clock.systemUTC())) {
      try {
        org.indaba.mail.in.MboxImport.Counts counts =
            app.mboxImport.importFile(
                file,
                slug,
                new org.indaba.mail.in.MboxImport.Options(approve),
                System.out::println);
        System.out.println(counts);
        // the index is brought up to date now; mail jobs stay off: an archive is announced to
        // nobody
        app.background.runNow("search-indexer");
      } catch (IllegalArgumentException | IllegalStateException e) {
        System.err.println("Nothing imported: " + e.getMessage());
        exit = 1;
      }
    } catch (org.apache.lucene.store.LockObtainFailedException e) {
      System.err.println(
          "The search index is in use by a running server: stop the server, then import.");
      exit = 1;
    }
    if (exit != 0) {
      System.exit(exit);
    }
  }

  private static void serve(Config config, boolean demo) throws Exception {
    App app = App.start(config, Clock.systemUTC());
    if (demo) {
      Demo.load(app);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }
}
