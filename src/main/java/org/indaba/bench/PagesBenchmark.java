package org.indaba.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.indaba.account.AccountService;
import org.indaba.app.App;
import org.indaba.app.Config;
import org.indaba.db.EmbeddedPostgres;
import org.indaba.discussion.DiscussionService;
import org.indaba.discussion.NewContribution;
import org.indaba.model.Viewer;
import org.indaba.web.Result;

/**
 * {@code bin/indaba bench pages}: requests per second and latency (p50, p99) of a discussion week
 * with 200 contributions, next to a static response of the same size served by the same server, in
 * one run. The static route skips the database, templates and the virtual-thread hop, so the ratio
 * shows what a real page costs over the server's raw speed.
 */
public final class PagesBenchmark {
  static final String SLUG = "bench-week";

  private PagesBenchmark() {}

  public static void run(int contributions, int concurrency, int requests, PrintStream out)
      throws Exception {
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    // one log line per request would measure the console, not the server
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger("io.vertx.ext.web.handler.LoggerHandler"))
        .setLevel(ch.qos.logback.classic.Level.OFF);
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.indaba"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    try (EmbeddedPostgres pg = EmbeddedPostgres.startTemporary()) {
      Config config =
          Config.fromEnv(
              Map.of(
                  "INDABA_DATABASE_URL",
                  pg.jdbcUrl("postgres"),
                  "INDABA_DATABASE_USER",
                  "postgres",
                  "INDABA_DATA_DIR",
                  Files.createTempDirectory("indaba-bench-pages").toString(),
                  "INDABA_HTTP_PORT",
                  "0",
                  "INDABA_SMTP_PORT",
                  "0"));
      try (App app = App.start(config, Clock.systemUTC())) {
        String page = "/d/" + SLUG + "?week=1";
        seed(app, contributions);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://localhost:" + app.httpPort();
        byte[] body =
            client
                .send(
                    HttpRequest.newBuilder(URI.create(base + page)).build(),
                    HttpResponse.BodyHandlers.ofByteArray())
                .body();
        int shown =
            countOccurrences(
                new String(body, java.nio.charset.StandardCharsets.UTF_8),
                "class=\"card contribution");
        app.web
            .router()
            .get("/bench/static")
            .handler(
                ctx ->
                    ctx.response()
                        .putHeader("Content-Type", "text/html; charset=utf-8")
                        .end(io.vertx.core.buffer.Buffer.buffer(body)));

        out.printf(
            "Pages benchmark: a week with %d contributions (%d shown, %,d bytes), %d concurrent clients, "
                + "%,d requests each target, %d cores%n",
            contributions,
            shown,
            body.length,
            concurrency,
            requests,
            Runtime.getRuntime().availableProcessors());
        // warm both paths (JIT, template cache, connection pool)
        measure(client, base + page, concurrency, Math.max(200, requests / 5));
        measure(client, base + "/bench/static", concurrency, Math.max(200, requests / 5));
        Result week = measure(client, base + page, concurrency, requests);
        Result stat = measure(client, base + "/bench/static", concurrency, requests);
        out.printf("%-28s %10s %10s %10s%n", "target", "req/s", "p50 ms", "p99 ms");
        out.printf(
            "%-28s %10.0f %10.2f %10.2f%n",
            "week page (200 contributions)", week.rps, week.p50, week.p99);
        out.printf(
            "%-28s %10.0f %10.2f %10.2f%n", "static, same size", stat.rps, stat.p50, stat.p99);
        out.printf(
            "ratio static/page: throughput %.1fx, p50 %.1fx, p99 %.1fx%n",
            stat.rps / week.rps, week.p50 / stat.p50, week.p99 / stat.p99);
        if (week.errors + stat.errors > 0) {
          out.printf("errors: page %d, static %d%n", week.errors, stat.errors);
        }
      }
    }
  }

  private static int countOccurrences(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /**
   * A discussion, open, not pre-moderated, whose first week holds the given number of
   * contributions.
   */
  private static void seed(App app, int contributions) {
    long modId =
        app.accountService.createVerifiedMember(
            new AccountService.Registration(
                "bench.mod@example.org",
                "bench password 1",
                "Bench Moderator",
                "Indaba",
                "Dakar",
                "Senegal",
                "en",
                "UTC"),
            "moderator");
    Viewer mod = app.accounts.byId(modId).orElseThrow().toViewer();
    List<Long> authors = new ArrayList<>();
    String[][] people = {
      {"Aïcha Traoré", "Mali"},
      {"Diego Paredes", "Peru"},
      {"Nour El-Amin", "Lebanon"},
      {"Grace Achieng", "Kenya"},
      {"Hugo Martin", "France"},
      {"Mei Lin", "Philippines"}
    };
    for (int i = 0; i < people.length; i++) {
      authors.add(
          app.accountService.createVerifiedMember(
              new AccountService.Registration(
                  "bench" + i + "@example.org",
                  "bench password 1",
                  people[i][0],
                  "Network " + i,
                  "City " + i,
                  people[i][1],
                  "en",
                  "UTC"),
              "member"));
    }
    String start = java.time.LocalDate.now(Clock.systemUTC()).minusDays(2).toString();
    app.discussions.create(
        Optional.of(mod),
        new DiscussionService.Form(
            SLUG,
            "Benchmark week",
            "A week with many contributions.",
            "Introduction.",
            "en, fr, es",
            "bench.mod@example.org",
            start,
            "UTC",
            "4",
            false,
            false));
    app.discussions.publishThemeNow(Optional.of(mod), SLUG, 1);
    String[] paragraphs = {
      "Hometown associations in our region pool remittances to build **schools** and clinics; the municipality "
          + "matches each contribution and keeps the accounts public.",
      "Les collectivités locales peuvent jouer un rôle de *facilitateur* entre la diaspora et les services "
          + "techniques, à condition de publier les budgets.",
      "Las remesas colectivas funcionan mejor cuando la municipalidad participa desde el diseño del proyecto y "
          + "no solo en la inauguración.\n\n- transparencia\n- seguimiento\n- evaluación"
    };
    Long previous = null;
    for (int i = 0; i < contributions; i++) {
      // imported: the same rules as the web, without the per-author hourly limit
      var in =
          NewContribution.byMember(
                  authors.get(i % authors.size()),
                  SLUG,
                  1,
                  paragraphs[i % paragraphs.length] + "\n\nPoint " + (i + 1) + ".",
                  NewContribution.Source.IMPORT)
              .withLanguage(i % 3 == 0 ? "en" : i % 3 == 1 ? "fr" : "es");
      if (i % 4 == 3 && previous != null) {
        in = in.withReplyTo(previous);
      }
      previous =
          app.contributions
              .postContribution(
                  in.withCreatedAt(java.time.Instant.now().minusSeconds(contributions - i)))
              .id();
    }
  }

  record Result(double rps, double p50, double p99, int errors) {}

  private static Result measure(HttpClient client, String url, int concurrency, int requests)
      throws Exception {
    long[] latencies = new long[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long t = System.nanoTime();
                    try {
                      HttpResponse<byte[]> r =
                          client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                      if (r.statusCode() != 200) {
                        errors.incrementAndGet();
                      }
                    } catch (Exception e) {
                      errors.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - t;
                  }
                  return null;
                }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(latencies);
    return new Result(
        requests / seconds,
        latencies[requests / 2] / 1e6,
        latencies[Math.min(requests - 1, (int) Math.ceil(requests * 0.99) - 1)] / 1e6,
        errors.get());
  }
}
