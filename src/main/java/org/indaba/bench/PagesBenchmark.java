package org.indaba.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.indaba.account.AccountService;
import org.indaba.app.App;
import org.indaba.app.Config;
import org.indaba.db.EmbeddedPostgres;
import org.indaba.discussion.DiscussionService;
import org.indaba.discussion.NewContribution;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/indaba bench pages}: a discussion week with 200 contributions over the full HTTP
 * stack, against a static file of the same size served by the same server through the same router
 * (security headers and request logging on, as shipped), in one run. Two readers (anonymous, and a
 * signed-in member who has not written in the discussion), each without and with {@code
 * Accept-Encoding: gzip}. Each target is measured closed-loop (a fixed number of clients sending
 * back to back: the maximum throughput) and then open-loop at half that rate, with each latency
 * counted from the moment the request was due, so time spent queueing is not hidden.
 */
public final class PagesBenchmark {
  static final String SLUG = "bench-week";
  private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private PagesBenchmark() {}

  /** One kind of request: a path, and the headers a reader of that kind sends. */
  record Target(String name, String path, Map<String, String> headers) {}

  record Closed(double rps, double p50, double p99, int errors) {}

  /** Closed-loop rounds per target. */
  static final int ROUNDS = 3;

  /** One closed-loop round: each request's latency, the time it took, failures. */
  record Run(long[] latencies, double seconds, int errors) {
    static Closed pooled(List<Run> runs) {
      long[] all =
          runs.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
      double time = runs.stream().mapToDouble(Run::seconds).sum();
      return new Closed(
          all.length / time,
          pct(all, 0.5),
          pct(all, 0.99),
          runs.stream().mapToInt(Run::errors).sum());
    }
  }

  record Open(double rate, double achieved, double p50, double p99, double max, int errors) {}

  public static void run(int contributions, int concurrency, int seconds, PrintStream out)
      throws Exception {
    try (TempTree tree = TempTree.create("indaba-bench-pages")) {
      run(contributions, concurrency, seconds, out, tree.path());
    }
  }

  private static void run(
      int contributions, int concurrency, int seconds, PrintStream out, Path dir) throws Exception {
    Path log = dir.resolve("request.log");
    logToFile(log);
    try (EmbeddedPostgres pg = EmbeddedPostgres.startTemporary()) {
      Config config =
          Config.fromEnv(
              Map.of(
                  "INDABA_DATABASE_URL",
                  pg.jdbcUrl("postgres"),
                  "INDABA_DATABASE_USER",
                  "postgres",
                  "INDABA_DATA_DIR",
                  dir.resolve("data").toString(),
                  "INDABA_HTTP_PORT",
                  "0",
                  "INDABA_SMTP_PORT",
                  "0"));
      try (App app = App.start(config, Clock.systemUTC())) {
        seed(app, contributions);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://localhost:" + app.httpPort();
        String page = "/d/" + SLUG + "?week=1";
        String member = signIn(base, "bench.reader@example.org");

        byte[] body = get(client, base + page, Map.of()).body();
        String html = new String(body, StandardCharsets.UTF_8);
        int shown = countOccurrences(html, "class=\"card contribution");
        byte[] memberBody = get(client, base + page, Map.of("Cookie", member)).body();
        check(client, base + page, member, html);

        // the same bytes as a file, through the same router (and its logging and headers)
        Path files = Files.createDirectories(dir.resolve("static"));
        Files.write(files.resolve("week.html"), body);
        app.web
            .router()
            .get("/bench/static/*")
            .handler(
                StaticHandler.create(FileSystemAccess.ROOT, files.toString())
                    .setCachingEnabled(true));
        String fixed = "/bench/static/week.html";
        byte[] staticBody = get(client, base + fixed, Map.of()).body();
        if (!Arrays.equals(staticBody, body)) {
          throw new IllegalStateException("the static file is not served as written");
        }

        Map<String, String> gzip = Map.of("Accept-Encoding", "gzip");
        List<Target[]> rows =
            List.of(
                new Target[] {
                  new Target("static file", fixed, Map.of()),
                  new Target("week, anonymous", page, Map.of()),
                  new Target("week, member", page, Map.of("Cookie", member))
                },
                new Target[] {
                  new Target("static file, gzip", fixed, gzip),
                  new Target("week, anonymous, gzip", page, gzip),
                  new Target(
                      "week, member, gzip",
                      page,
                      Map.of("Cookie", member, "Accept-Encoding", "gzip"))
                });

        out.printf(
            "Pages benchmark: a week with %d contributions (%d shown; %,d bytes anonymous, %,d"
                + " member; static file %,d bytes)%n",
            contributions, shown, body.length, memberBody.length, staticBody.length);
        out.printf(
            "settings: %d cores, %s, database fsync=%s synchronous_commit=%s, request log on"
                + " (%s, as shipped: LoggerHandler INFO), security headers on%n",
            Runtime.getRuntime().availableProcessors(),
            "Java " + Runtime.version(),
            setting(app, "fsync"),
            setting(app, "synchronous_commit"),
            log);
        out.printf(
            "closed loop: %d clients, %d rounds of %d s per target, targets taking turns, after %d s"
                + " warm-up; open loop: half the closed-loop rate for %d s, latency from the time"
                + " each request was due%n%n",
            concurrency, ROUNDS, seconds, Math.max(1, seconds / 2), seconds);

        List<Target> all = rows.stream().flatMap(Arrays::stream).toList();
        for (Target t : all) {
          closedLoop(client, base, t, concurrency, Math.max(1, seconds / 2));
        }
        // targets take turns, a few times each, so that a change in the machine's load (other
        // processes) falls on all of them alike rather than on one
        Map<String, List<Run>> runs = new java.util.LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
          for (Target t : all) {
            runs.computeIfAbsent(t.name(), k -> new ArrayList<>())
                .add(closedLoop(client, base, t, concurrency, seconds));
          }
        }
        Map<String, Closed> closed = new java.util.LinkedHashMap<>();
        runs.forEach((name, rs) -> closed.put(name, Run.pooled(rs)));
        Map<String, Open> open = new java.util.LinkedHashMap<>();
        for (Target t : all) {
          open.put(t.name(), openLoop(client, base, t, closed.get(t.name()).rps() / 2, seconds));
        }

        out.printf(
            "%-24s %9s %8s %8s | %9s %9s %8s %8s %8s | %s%n",
            "target",
            "req/s",
            "p50 ms",
            "p99 ms",
            "open r/s",
            "achieved",
            "p50 ms",
            "p99 ms",
            "max ms",
            "ratio to static (goal)");
        for (Target[] row : rows) {
          Closed baseline = closed.get(row[0].name());
          for (Target t : row) {
            Closed c = closed.get(t.name());
            Open o = open.get(t.name());
            String ratio =
                t == row[0]
                    ? "baseline"
                    : String.format(
                        "%.2f (%s %.2f)",
                        c.rps() / baseline.rps(), "≥", t.name().contains("member") ? 0.25 : 0.5);
            out.printf(
                "%-24s %9.0f %8.2f %8.2f | %9.0f %9.0f %8.2f %8.2f %8.2f | %s%n",
                t.name(),
                c.rps(),
                c.p50(),
                c.p99(),
                o.rate(),
                o.achieved(),
                o.p50(),
                o.p99(),
                o.max(),
                ratio);
            if (c.errors() + o.errors() > 0) {
              out.printf("  errors: %d closed loop, %d open loop%n", c.errors(), o.errors());
            }
          }
        }
        out.println();
        for (String kind : List.of("anonymous", "member")) {
          double plain = closed.get("week, " + kind).rps();
          double gz = closed.get("week, " + kind + ", gzip").rps();
          out.printf(
              "week, %s: gzip %.0f req/s against %.0f without, ratio %.2f (goal ≥ 1.00, no"
                  + " slower)%n",
              kind, gz, plain, gz / plain);
        }
        out.printf(
            "static file: gzip %.0f req/s against %.0f without (compressed on every request)%n",
            closed.get("static file, gzip").rps(), closed.get("static file").rps());
      }
    }
  }

  /** The member's cookies after signing in through the login form, as a Cookie header. */
  private static String signIn(String base, String email) throws Exception {
    CookieManager jar = new CookieManager();
    HttpClient c =
        HttpClient.newBuilder()
            .cookieHandler(jar)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    String login =
        c.send(
                HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = TOKEN.matcher(login);
    if (!m.find()) {
      throw new IllegalStateException("no CSRF token on the login page");
    }
    String form =
        "email="
            + URLEncoder.encode(email, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode("bench password 1", StandardCharsets.UTF_8)
            + "&_csrf="
            + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
    int status =
        c.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode();
    if (status != 303) {
      throw new IllegalStateException("sign-in failed: " + status);
    }
    return jar.getCookieStore().getCookies().stream()
        .map(HttpCookie::toString)
        .collect(Collectors.joining("; "));
  }

  /** The pages measured are the real ones: every contribution, the member's own form, gzip. */
  private static void check(HttpClient client, String url, String member, String anonymous)
      throws Exception {
    HttpResponse<byte[]> gz = get(client, url, Map.of("Accept-Encoding", "gzip"));
    if (!gz.headers().firstValue("Content-Encoding").orElse("").equals("gzip")
        || !gunzip(gz.body()).equals(anonymous)) {
      throw new IllegalStateException("the compressed page is not the page");
    }
    String page =
        new String(get(client, url, Map.of("Cookie", member)).body(), StandardCharsets.UTF_8);
    if (!page.contains("name=\"body\"") || !TOKEN.matcher(page).find()) {
      throw new IllegalStateException("the member's page has no post form");
    }
  }

  private static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String setting(App app, String name) {
    return app.db.dsl().fetchValue("show " + name).toString();
  }

  /**
   * Keeps request logging on, as shipped, but writes it to a file: one line per request on the
   * console would measure the terminal, not the server.
   */
  private static void logToFile(Path file) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(ctx);
    appender.setFile(file.toString());
    appender.setEncoder(encoder);
    appender.start();
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
  }

  private static HttpResponse<byte[]> get(HttpClient client, String url, Map<String, String> h)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    h.forEach(b::header);
    HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode());
    }
    return r;
  }

  private static HttpRequest request(String base, Target t) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + t.path())).timeout(Duration.ofSeconds(30));
    t.headers().forEach(b::header);
    return b.build();
  }

  /** {@code concurrency} clients sending back to back for {@code seconds}. */
  private static Run closedLoop(
      HttpClient client, String base, Target t, int concurrency, int seconds) throws Exception {
    HttpRequest req = request(base, t);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<long[]> perClient = new ArrayList<>();
    AtomicInteger errors = new AtomicInteger();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
      List<java.util.concurrent.Future<long[]>> workers = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        workers.add(
            pool.submit(
                () -> {
                  long[] lat = new long[1024];
                  int n = 0;
                  while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    if (!ok(client, req)) {
                      errors.incrementAndGet();
                    }
                    if (n == lat.length) {
                      lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = System.nanoTime() - t0;
                  }
                  return Arrays.copyOf(lat, n);
                }));
      }
      for (var f : workers) {
        perClient.add(f.get());
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] all = perClient.stream().flatMapToLong(Arrays::stream).toArray();
    return new Run(all, elapsed, errors.get());
  }

  /**
   * Requests sent at a fixed rate whatever the answers do, each on its own virtual thread; a
   * request's latency runs from when it was due, so a server that falls behind shows it.
   */
  private static Open openLoop(HttpClient client, String base, Target t, double rate, int seconds)
      throws Exception {
    HttpRequest req = request(base, t);
    int n = Math.max(1, (int) (rate * seconds));
    long[] lat = new long[n];
    AtomicInteger errors = new AtomicInteger();
    long interval = (long) (1e9 / rate);
    long start = System.nanoTime();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        int k = i;
        threads.execute(
            () -> {
              if (!ok(client, req)) {
                errors.incrementAndGet();
              }
              lat[k] = System.nanoTime() - due;
            });
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] sorted = lat.clone();
    Arrays.sort(sorted);
    return new Open(
        rate, n / elapsed, pct(sorted, 0.5), pct(sorted, 0.99), sorted[n - 1] / 1e6, errors.get());
  }

  private static boolean ok(HttpClient client, HttpRequest req) {
    try {
      return client.send(req, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * q) - 1)] / 1e6;
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
    var mod = app.accounts.byId(modId).orElseThrow().toViewer();
    // reads the week signed in, and has written nothing in the discussion
    app.accountService.createVerifiedMember(
        new AccountService.Registration(
            "bench.reader@example.org",
            "bench password 1",
            "Bench Reader",
            "Indaba",
            "Nairobi",
            "Kenya",
            "en",
            "UTC"),
        "member");
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
}
