package org.indaba.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.indaba.account.AccountRepository;
import org.indaba.app.App;
import org.indaba.app.Config;

/**
 * {@code bench mail}: several SMTP senders post 5 KB messages to one discussion. Runs on a
 * temporary embedded database started exactly as the server's own (durable: fsync and synchronous
 * commit on), never the real one. Prints, with the settings it ran with:
 *
 * <p>First {@value #WARM_UP} messages go the same way unmeasured, and their mail events are let
 * drain: a server that has run for a while has its hot code compiled, while a fresh JVM spends much
 * of its first minute compiling (on two cores, the JIT took more CPU per message than the
 * processing itself).
 *
 * <ul>
 *   <li>a burst of {@value #BURST} messages sent as fast as the senders can: the rate answered 250,
 *       the rate processed end to end (first DATA to last contribution), and DATA→visible;
 *   <li>an open-loop run at a fixed offered rate ({@value #OFFERED_PER_SECOND} msg/s): each message
 *       is due at its own time whatever happened to the previous ones, and its delay counts from
 *       when it was due, so queueing is not hidden;
 *   <li>an idle server, one message at a time: the baseline the loaded figures are compared with.
 * </ul>
 */
public final class MailBench {
  static final int SENDERS = 8;
  static final int BURST = 2_000;
  static final int OFFERED_PER_SECOND = 50;
  static final int OPEN_LOOP_SECONDS = 10;

  /** Messages sent and processed before anything is measured, so that the JIT has compiled. */
  static final int WARM_UP = 2_000;

  /** Authors per sender: each stays under the per-sender and per-author posting limits. */
  static final int AUTHORS_PER_SENDER = 40;

  private MailBench() {}

  public static void run(Config base) throws Exception {
    // the server's data directory: its database and index go when the benchmark ends
    try (TempTree data = TempTree.create("indaba-bench")) {
      run(data.path());
    }
  }

  private static void run(Path dataDir) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("INDABA_DATABASE_URL");
    env.remove("INDABA_MAIL_RELAY");
    env.put("INDABA_DATA_DIR", dataDir.toString());
    env.put("INDABA_HTTP_PORT", "0");
    env.put("INDABA_SMTP_PORT", "0");
    env.put("INDABA_MAIL_DOMAIN", "bench.indaba.test");
    Config config = Config.fromEnv(env);
    System.out.println(
        "Starting a server on a temporary database, as the server starts its own...");
    try (App app = App.start(config, Clock.systemUTC())) {
      // the senders' example domain publishes SPF for this machine, so DMARC is checked and passes
      app.mailProcessor
          .authentication()
          .useDns(
              org.indaba.mail.in.FixedDns.sendersFrom(
                  java.util.List.of("127.0.0.1", "0:0:0:0:0:0:0:1"), "bench.example.org"));
      String slug = BenchSetup.openDiscussion(app);
      List<String> authors = new ArrayList<>();
      OffsetDateTime now = OffsetDateTime.now(app.clock);
      for (int a = 0; a < SENDERS * AUTHORS_PER_SENDER; a++) {
        String email = "author" + a + "@bench.example.org";
        String name = "Author " + a;
        app.db.txRun(
            tx ->
                app.accounts.insert(
                    tx,
                    new AccountRepository.NewMember(
                        email, null, name, "", "", "", "en", "UTC", "member", true),
                    now));
        authors.add(email);
      }
      app.languageDetector.awaitReady(java.time.Duration.ofMinutes(5));
      settings(app);
      System.out.println();
      System.out.printf("| %-52s | %14s | %-10s |%n", "measure", "value", "goal");
      System.out.println("|" + "-".repeat(54) + "|" + "-".repeat(16) + "|" + "-".repeat(12) + "|");
      // a server that has been running has its hot code compiled: the measured phases come after
      // a warm-up of the same mail, whose backlog of mail events is let drain first
      long warmStart = System.nanoTime();
      Phase warm = phase(app, slug, authors, WARM_UP, 0, "warm");
      awaitEventsHandled(app);
      System.out.printf(
          "Warm-up: %d messages (%d visible) sent, processed and their events handled in %.1f s,"
              + " not counted below%n%n",
          WARM_UP, warm.sent() - warm.lost(), (System.nanoTime() - warmStart) / 1e9);
      Idle idle = idle(app, slug);
      Optional<Long> postmaster =
          app.embedded == null ? Optional.empty() : app.embedded.postmasterPid();
      Cpu beforeBurst = Cpu.now(postmaster);
      WATCHER_STATEMENTS.reset();
      long statementsBefore = org.indaba.db.Database.statements();
      long burstStart = System.nanoTime();
      Phase burst = phase(app, slug, authors, BURST, 0, "burst");
      Cpu afterBurst = Cpu.now(postmaster);
      // what the burst left behind (its mail events, its indexing) is finished before the open
      // loop starts, so the open loop measures a steady 50/s and the burst's whole cost is known
      awaitEventsHandled(app);
      awaitIndexed(app);
      double allDoneSeconds = (System.nanoTime() - burstStart) / 1e9;
      Cpu afterBurstWork = Cpu.now(postmaster);
      long burstStatements =
          org.indaba.db.Database.statements() - statementsBefore - WATCHER_STATEMENTS.sum();
      Phase open =
          phase(
              app,
              slug,
              authors,
              OFFERED_PER_SECOND * OPEN_LOOP_SECONDS,
              OFFERED_PER_SECOND,
              "open");
      Cpu afterOpen = Cpu.now(postmaster);
      row("idle: DATA 250 -> visible, p50 (baseline)", ms(idle.p50()), "");
      row("idle: DATA 250 -> visible, p99 (baseline)", ms(idle.p99()), "");
      row("burst: messages (senders x messages)", SENDERS + " x " + BURST / SENDERS, "");
      row("burst: answered 250 / refused / not visible in 3 min", burst.counts(), "0 / 0 / 0");
      row("burst: SMTP accept rate", rate(burst.acceptRate()), ">= 200/s");
      row("burst: end to end (first DATA to last visible)", rate(burst.endToEndRate()), ">= 200/s");
      row(
          "burst: end to end / accept rate (ratio)",
          String.format("%.2f", burst.endToEndRate() / burst.acceptRate()),
          "~1");
      row("burst: drained in", String.format("%.1f s", burst.drainSeconds()), "<= 15 s");
      row("burst: DATA 250 -> visible, p50", ms(burst.p50()), "");
      row("burst: DATA 250 -> visible, p99", ms(burst.p99()), "");
      row("burst: web check of 1 in 10, p99 (HTTP 200)", ms(percentile(burst.web(), 99)), "");
      row(
          "burst: CPU per message, this JVM (server + senders)",
          afterBurst.jvmPer(beforeBurst, BURST),
          "");
      row("burst: CPU per message, PostgreSQL", afterBurst.postgresPer(beforeBurst, BURST), "");
      row("burst: events and indexing also done in", String.format("%.1f s", allDoneSeconds), "");
      row(
          "burst: CPU per message, all work, this JVM",
          afterBurstWork.jvmPer(beforeBurst, BURST),
          "");
      row(
          "burst: CPU per message, all work, PostgreSQL",
          afterBurstWork.postgresPer(beforeBurst, BURST),
          "");
      row(
          "burst: statements per message, all work",
          String.format("%.1f", (double) burstStatements / BURST),
          "");
      row(
          "open loop " + OFFERED_PER_SECOND + "/s: sent / not visible in 3 min",
          open.sent() + " / " + open.lost(),
          "none");
      row("open loop: achieved rate", rate(open.acceptRate()), OFFERED_PER_SECOND + "/s");
      row("open loop: due -> visible, p50", ms(open.p50()), "");
      row("open loop: due -> visible, p99", ms(open.p99()), "<= 1000 ms");
      row(
          "open loop: p99 / idle p99 (ratio)",
          String.format("%.1f", (double) open.p99() / Math.max(1, idle.p99())),
          "");
      row(
          "open loop: CPU per message, this JVM",
          afterOpen.jvmPer(afterBurstWork, open.sent()),
          "");
      row(
          "open loop: CPU per message, PostgreSQL",
          afterOpen.postgresPer(afterBurstWork, open.sent()),
          "");
      System.out.println();
      System.out.println("Open loop, by the second each message was due: messages, p50, max (ms)");
      for (String line : open.timeline()) {
        System.out.println("  " + line);
      }
    }
  }

  /** Statements the benchmark's watcher threads sent, since the last reset. */
  private static final java.util.concurrent.atomic.LongAdder WATCHER_STATEMENTS =
      new java.util.concurrent.atomic.LongAdder();

  /** Waits (up to 3 minutes) until the mail-events job has handled every event written so far. */
  private static void awaitEventsHandled(App app) throws InterruptedException {
    var events = org.indaba.db.schema.Tables.DOMAIN_EVENT;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline
        && app.db.dsl().fetchCount(events, events.PROCESSED_AT.isNull()) > 0) {
      Thread.sleep(100);
    }
  }

  /** Waits (up to 3 minutes) until the search index holds every change written so far. */
  private static void awaitIndexed(App app) throws InterruptedException {
    var outbox = org.indaba.db.schema.Tables.SEARCH_OUTBOX;
    Long last =
        app.db.dsl().select(org.jooq.impl.DSL.max(outbox.TXID)).from(outbox).fetchOne().value1();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (last != null
        && System.nanoTime() < deadline
        && app.searchIndex.committedPosition() <= last) {
      Thread.sleep(100);
    }
  }

  /** What the figures depend on besides the code: durability, logging, cores. */
  private static void settings(App app) {
    var dsl = app.db.dsl();
    System.out.printf(
        "Database: embedded PostgreSQL %s, fsync=%s, synchronous_commit=%s, full_page_writes=%s%n",
        dsl.fetchValue("SHOW server_version"),
        dsl.fetchValue("SHOW fsync"),
        dsl.fetchValue("SHOW synchronous_commit"),
        dsl.fetchValue("SHOW full_page_writes"));
    org.slf4j.Logger indaba = org.slf4j.LoggerFactory.getLogger("org.indaba");
    System.out.printf(
        "Logging: org.indaba at %s, request log %s; cores: %d; JVM %s%n",
        indaba.isDebugEnabled() ? "DEBUG" : indaba.isInfoEnabled() ? "INFO" : "WARN or less",
        org.slf4j.LoggerFactory.getLogger("io.vertx.ext.web.handler.LoggerHandler").isInfoEnabled()
            ? "on"
            : "off",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    System.out.printf(
        "Senders: %d SMTP connections; bodies of about %d bytes%n",
        SENDERS, body(0, 0).getBytes(StandardCharsets.UTF_8).length);
  }

  private static final String[] SENTENCES = {
    "In Kayes, money sent home pays for wells, school fees and the clinic's generator.",
    "The hometown association meets every second Sunday in Montreuil to decide what to fund.",
    "Our treasurer keeps a notebook of every transfer, so the village can see where it went.",
    "Mobile money changed everything: my mother receives it the same afternoon, without queues.",
    "The council now co-funds projects when the association brings half of the budget.",
    "Some young people say the remittances make families wait instead of starting businesses.",
    "We tried a cooperative for millet storage; it failed the first year and worked the second.",
    "Fees at the transfer agencies are still too high for the small amounts most of us send.",
    "À Kayes, l'argent envoyé paie les puits, les frais de scolarité et le groupe électrogène.",
    "Nuestra asociación financia becas para que las niñas terminen la escuela secundaria.",
  };

  /** A realistic 5 KB message: several paragraphs, a quoted reply below, a signature. */
  static String body(int sender, int i) {
    StringBuilder b = new StringBuilder();
    int k = sender * 7 + i;
    while (b.length() < 3_000) {
      for (int s = 0; s < 4; s++) {
        b.append(SENTENCES[(k + s * 3 + b.length() / 97) % 8]).append(' ');
      }
      b.append("\r\n\r\n");
    }
    b.append("Message ").append(i).append(" from sender ").append(sender).append(".\r\n\r\n");
    b.append("-- \r\nAminata Diallo\r\nAssociation des ressortissants de Kayes\r\n\r\n");
    b.append("On Mon, 2 Mar 2026 at 09:12, Moderator <mail-bench@bench.indaba.test> wrote:\r\n");
    while (b.length() < 5_000) {
      b.append("> ").append(SENTENCES[(k + b.length() / 83) % 8]).append("\r\n");
    }
    return b.toString();
  }

  private static String message(String from, String to, String id, int sender, int i) {
    return "From: "
        + from
        + "\r\nTo: "
        + to
        + "\r\nSubject: Re: Remittances "
        + sender
        + "/"
        + i
        + "\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\nMessage-ID: <"
        + id
        + "@bench.example.org>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + body(sender, i);
  }

  private record Idle(long p50, long p99) {}

  /**
   * One message at a time on an idle server: the delay a member sees when nothing else is queued.
   */
  private static Idle idle(App app, String slug) throws Exception {
    int n = 30;
    List<Long> visible = new ArrayList<>();
    try (Socket socket = new Socket("localhost", app.smtpPort())) {
      Session smtp = new Session(socket);
      for (int i = 0; i < n; i++) {
        String from = "author" + i + "@bench.example.org";
        String to = slug + "@" + app.config.mailDomain();
        Optional<Long> id = smtp.send(from, to, message(from, to, "idle-" + i, 99, i));
        if (id.isEmpty()) {
          continue;
        }
        long t250 = System.nanoTime();
        while (System.nanoTime() - t250 < TimeUnit.SECONDS.toNanos(30)) {
          Long cid = app.mailRepository.contributionsOfInbound(List.of(id.get())).get(id.get());
          if (cid != null) {
            visible.add(System.nanoTime() - t250);
            break;
          }
          Thread.sleep(1);
        }
      }
      smtp.quit();
    }
    Collections.sort(visible);
    return new Idle(percentile(visible, 50), percentile(visible, 99));
  }

  /** One message handed to a sender: when it is due (open loop) and what it is. */
  private record Job(int n, long dueNanos) {}

  private record Sent(long inboundId, long fromNanos) {}

  /** A message seen visible: when it was due (or answered 250), and how long it took. */
  private record Seen(long fromNanos, long latencyNanos) {}

  private record Phase(
      int sent,
      int refused,
      int lost,
      double acceptRate,
      double endToEndRate,
      double drainSeconds,
      long p50,
      long p99,
      List<Long> web,
      List<String> timeline) {
    String counts() {
      return sent + " / " + refused + " / " + lost;
    }
  }

  /**
   * Sends {@code total} messages through {@link #SENDERS} connections, either as fast as they go
   * ({@code perSecond} 0) or each at its due time; measures until every one is visible.
   */
  private static Phase phase(
      App app, String slug, List<String> authors, int total, int perSecond, String prefix)
      throws Exception {
    java.util.concurrent.BlockingQueue<Job> jobs = new java.util.concurrent.LinkedBlockingQueue<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<Seen> seenAll = Collections.synchronizedList(new ArrayList<>());
    List<Long> web = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger lost = new AtomicInteger();
    HttpClient http = HttpClient.newHttpClient();
    ExecutorService readers = Executors.newFixedThreadPool(2);
    java.util.concurrent.ConcurrentLinkedQueue<Sent> waiting =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicBoolean sending =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicLong lastVisible =
        new java.util.concurrent.atomic.AtomicLong();
    // one watcher, so that measuring does not load the server more than a few readers would
    Thread watcher =
        Thread.ofPlatform()
            .name("bench-watcher")
            .start(
                () -> {
                  try {
                    List<Sent> open = new ArrayList<>();
                    long deadline = Long.MAX_VALUE;
                    while (true) {
                      for (Sent s; (s = waiting.poll()) != null; ) {
                        open.add(s);
                      }
                      if (!sending.get() && open.isEmpty() && waiting.isEmpty()) {
                        return;
                      }
                      if (!sending.get() && deadline == Long.MAX_VALUE) {
                        deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                      }
                      if (System.nanoTime() > deadline) {
                        lost.addAndGet(open.size());
                        return;
                      }
                      Map<Long, Long> done =
                          open.isEmpty()
                              ? Map.of()
                              : app.mailRepository.contributionsOfInbound(
                                  open.stream().map(Sent::inboundId).toList());
                      long seen = System.nanoTime();
                      for (var it = open.iterator(); it.hasNext(); ) {
                        Sent s = it.next();
                        Long cid = done.get(s.inboundId());
                        if (cid == null) {
                          continue;
                        }
                        it.remove();
                        if (cid < 0) {
                          lost.incrementAndGet();
                          continue;
                        }
                        latencies.add(seen - s.fromNanos());
                        seenAll.add(new Seen(s.fromNanos(), seen - s.fromNanos()));
                        lastVisible.set(seen);
                        if (s.inboundId() % 10 == 0) {
                          readers.submit(
                              () -> {
                                if (visible(http, app, cid)) {
                                  web.add(System.nanoTime() - s.fromNanos());
                                } else {
                                  lost.incrementAndGet();
                                }
                              });
                        }
                      }
                      try {
                        // often enough for latencies counted in tens of milliseconds, rarely enough
                        // that watching does not take the cores the server needs: a long queue is
                        // asked about less often, as its messages wait seconds anyway (at most 25
                        // ms,
                        // under 1% of such a wait)
                        Thread.sleep(5 + Math.min(20, open.size() / 100));
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  } finally {
                    // the watcher's own questions are the benchmark's, not the server's work
                    WATCHER_STATEMENTS.add(org.indaba.db.Database.statementsOnThisThread());
                  }
                });
    long start = System.nanoTime();
    for (int n = 0; n < total; n++) {
      long due = perSecond == 0 ? start : start + n * TimeUnit.SECONDS.toNanos(1) / perSecond;
      jobs.add(new Job(n, due));
    }
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    List<Future<?>> done = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      int sender = s;
      done.add(
          senders.submit(
              () -> {
                try (Socket socket = new Socket("localhost", app.smtpPort())) {
                  Session smtp = new Session(socket);
                  for (Job job; (job = jobs.poll()) != null; ) {
                    long wait = job.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                      TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    String from = authors.get(job.n() % authors.size());
                    String to = slug + "@" + app.config.mailDomain();
                    Optional<Long> id =
                        smtp.send(
                            from, to, message(from, to, prefix + "-" + job.n(), sender, job.n()));
                    if (id.isEmpty()) {
                      refused.incrementAndGet();
                      continue;
                    }
                    accepted.incrementAndGet();
                    // the open loop counts from when the message was due, the burst from its 250
                    waiting.add(
                        new Sent(id.get(), perSecond == 0 ? System.nanoTime() : job.dueNanos()));
                  }
                  smtp.quit();
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    long acceptedAt = System.nanoTime();
    sending.set(false);
    watcher.join();
    readers.shutdown();
    readers.awaitTermination(1, TimeUnit.MINUTES);
    senders.shutdown();
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    List<Long> webSorted = new ArrayList<>(web);
    Collections.sort(webSorted);
    double drain = (lastVisible.get() - start) / 1e9;
    return new Phase(
        accepted.get(),
        refused.get(),
        lost.get(),
        accepted.get() / ((acceptedAt - start) / 1e9),
        sorted.size() / drain,
        drain,
        percentile(sorted, 50),
        percentile(sorted, 99),
        webSorted,
        timeline(start, seenAll));
  }

  /** Per second from the start (by when each message was due): how many, p50 and max latency. */
  private static List<String> timeline(long start, List<Seen> seen) {
    java.util.TreeMap<Long, List<Long>> bySecond = new java.util.TreeMap<>();
    synchronized (seen) {
      for (Seen s : seen) {
        bySecond
            .computeIfAbsent((s.fromNanos() - start) / 1_000_000_000L, k -> new ArrayList<>())
            .add(s.latencyNanos());
      }
    }
    List<String> lines = new ArrayList<>();
    bySecond.forEach(
        (second, l) -> {
          Collections.sort(l);
          lines.add(
              String.format(
                  "%3d s: %4d, %7.1f, %7.1f",
                  second, l.size(), percentile(l, 50) / 1e6, l.get(l.size() - 1) / 1e6));
        });
    return lines;
  }

  /**
   * CPU time used so far by this JVM (the server and the benchmark's own senders) and by the
   * embedded PostgreSQL (the postmaster and its processes, read from /proc, so Linux only; a
   * backend that has exited no longer counts, but the pool keeps its connections open).
   */
  private record Cpu(long jvmNanos, long postgresNanos) {
    static Cpu now(Optional<Long> postmaster) {
      long jvm =
          java.lang.management.ManagementFactory.getPlatformMXBean(
                  com.sun.management.OperatingSystemMXBean.class)
              .getProcessCpuTime();
      long pg = 0;
      long tick = 10_000_000L; // USER_HZ is 100 on Linux
      List<ProcessHandle> processes = new ArrayList<>();
      postmaster
          .flatMap(ProcessHandle::of)
          .ifPresent(
              pm -> {
                processes.add(pm);
                processes.addAll(pm.descendants().toList());
              });
      for (ProcessHandle p : processes) {
        try {
          String stat = Files.readString(java.nio.file.Path.of("/proc", p.pid() + "", "stat"));
          if (!stat.contains("(postgres)")) {
            continue;
          }
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          pg += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tick;
        } catch (IOException | RuntimeException e) {
          // gone, or no /proc: counted as nothing
        }
      }
      return new Cpu(jvm, pg);
    }

    String jvmPer(Cpu before, int messages) {
      return String.format("%.2f ms", (jvmNanos - before.jvmNanos) / 1e6 / Math.max(1, messages));
    }

    String postgresPer(Cpu before, int messages) {
      return String.format(
          "%.2f ms", (postgresNanos - before.postgresNanos) / 1e6 / Math.max(1, messages));
    }
  }

  private static String rate(double perSecond) {
    return String.format("%.0f msg/s", perSecond);
  }

  private static void row(String name, String value, String goal) {
    System.out.printf("| %-52s | %14s | %-10s |%n", name, value, goal);
  }

  private static String ms(long nanos) {
    return String.format("%.1f ms", nanos / 1e6);
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static boolean visible(HttpClient http, App app, long cid) {
    try {
      return http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + app.httpPort() + "/c/" + cid))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** One SMTP connection reused for many transactions, as a relay would. */
  private static final class Session {
    private final BufferedReader in;
    private final OutputStream out;

    Session(Socket socket) throws IOException {
      in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      out = socket.getOutputStream();
      reply();
      command("EHLO bench.example.org");
    }

    Optional<Long> send(String from, String to, String message) throws IOException {
      command("MAIL FROM:<" + from + ">");
      if (!command("RCPT TO:<" + to + ">").startsWith("250")) {
        command("RSET");
        return Optional.empty();
      }
      command("DATA");
      out.write(
          (message.replace("\r\n.", "\r\n..") + "\r\n.\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      String r = reply();
      int at = r.lastIndexOf("queued as ");
      return r.startsWith("250") && at > 0
          ? Optional.of(Long.parseLong(r.substring(at + 10).strip()))
          : Optional.empty();
    }

    void quit() throws IOException {
      command("QUIT");
    }

    private String command(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return reply();
    }

    private String reply() throws IOException {
      String line;
      StringBuilder all = new StringBuilder();
      do {
        line = in.readLine();
        if (line == null) {
          throw new IOException("connection closed");
        }
        all.append(line).append('\n');
      } while (line.length() > 3 && line.charAt(3) == '-');
      return all.toString().strip();
    }
  }
}
