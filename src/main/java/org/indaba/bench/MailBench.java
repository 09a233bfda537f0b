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
 * {@code bench mail}: several SMTP senders post to one discussion at once; prints how many messages
 * a second go from DATA to a committed contribution, and how long after its 250 each contribution
 * is visible on the web. Runs on a temporary embedded database, never the real one.
 */
public final class MailBench {
  static final int SENDERS = 8;
  static final int PER_SENDER = 250;

  /** Authors per sender: each stays under the per-sender and per-author posting limits. */
  static final int AUTHORS_PER_SENDER = 25;

  private MailBench() {}

  public static void run(Config base) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("INDABA_DATABASE_URL");
    env.remove("INDABA_MAIL_RELAY");
    env.put("INDABA_DATA_DIR", Files.createTempDirectory("indaba-bench").toString());
    env.put("INDABA_HTTP_PORT", "0");
    env.put("INDABA_SMTP_PORT", "0");
    env.put("INDABA_MAIL_DOMAIN", "bench.indaba.test");
    Config config = Config.fromEnv(env);
    System.out.println("Starting a server on a temporary database...");
    try (App app = App.start(config, Clock.systemUTC())) {
      // the senders' example domain publishes SPF for this machine, so DMARC is checked and passes
      app.mailProcessor
          .authentication()
          .useDns(
              org.indaba.mail.in.FixedDns.sendersFrom(
                  java.util.List.of("127.0.0.1", "0:0:0:0:0:0:0:1"), "bench.example.org"));
      String slug = BenchSetup.openDiscussion(app);
      List<List<String>> authors = new ArrayList<>();
      OffsetDateTime now = OffsetDateTime.now(app.clock);
      for (int s = 0; s < SENDERS; s++) {
        List<String> mine = new ArrayList<>();
        for (int a = 0; a < AUTHORS_PER_SENDER; a++) {
          String email = "author" + s + "-" + a + "@bench.example.org";
          app.db.txRun(
              tx ->
                  app.accounts.insert(
                      tx,
                      new AccountRepository.NewMember(
                          email, null, "Author " + email, "", "", "", "en", "UTC", "member", true),
                      now));
          mine.add(email);
        }
        authors.add(mine);
      }
      run(app, slug, authors);
      idle(app, slug);
    }
  }

  /**
   * One message at a time on an idle server: the delay a member sees when nothing else is queued.
   */
  private static void idle(App app, String slug) throws Exception {
    int n = 50;
    OffsetDateTime now = OffsetDateTime.now(app.clock);
    List<String> authors = new ArrayList<>();
    for (int a = 0; a < 5; a++) {
      String email = "idle" + a + "@bench.example.org";
      app.db.txRun(
          tx ->
              app.accounts.insert(
                  tx,
                  new AccountRepository.NewMember(
                      email, null, "Idle " + email, "", "", "", "en", "UTC", "member", true),
                  now));
      authors.add(email);
    }
    HttpClient http = HttpClient.newHttpClient();
    List<Long> visible = new ArrayList<>();
    try (Socket socket = new Socket("localhost", app.smtpPort())) {
      Session smtp = new Session(socket);
      for (int i = 0; i < n; i++) {
        String from = authors.get(i % authors.size());
        String to = slug + "@" + app.config.mailDomain();
        long t0 = System.nanoTime();
        Optional<Long> id =
            smtp.send(
                from,
                to,
                "From: "
                    + from
                    + "\r\nTo: "
                    + to
                    + "\r\nSubject: Idle "
                    + i
                    + "\r\nMessage-ID: <idle-"
                    + i
                    + "@bench.example.org>\r\n\r\nA single message, number "
                    + i
                    + ".\r\n");
        if (id.isEmpty()) {
          continue;
        }
        long t250 = System.nanoTime();
        while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30)) {
          Long cid = app.mailRepository.contributionsOfInbound(List.of(id.get())).get(id.get());
          if (cid != null && cid > 0 && visible(http, app, cid)) {
            visible.add(System.nanoTime() - t250);
            break;
          }
          Thread.sleep(1);
        }
      }
      smtp.quit();
    }
    Collections.sort(visible);
    row("idle server, one message at a time (n)", String.valueOf(visible.size()));
    row("idle: DATA 250 -> 200 at /c/{id}, p50", ms(percentile(visible, 50)));
    row("idle: DATA 250 -> 200 at /c/{id}, p99", ms(percentile(visible, 99)));
  }

  private record Sent(long inboundId, long acceptedNanos) {}

  private static void run(App app, String slug, List<List<String>> authors) throws Exception {
    int total = SENDERS * PER_SENDER;
    System.out.printf(
        "Sending %d messages: %d senders x %d, to %s@%s%n",
        total, SENDERS, PER_SENDER, slug, app.config.mailDomain());
    List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<Long> committed = Collections.synchronizedList(new ArrayList<>());
    // every tenth contribution is also fetched from the web, by a few readers, as visitors would
    ExecutorService readers = Executors.newFixedThreadPool(4);
    List<Future<?>> reads = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger refused = new AtomicInteger();
    HttpClient http = HttpClient.newHttpClient();
    java.util.concurrent.ConcurrentLinkedQueue<Sent> waiting =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicBoolean sending =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    AtomicInteger lost = new AtomicInteger();
    // one watcher, so that measuring does not load the server more than a few readers would
    Thread watcher =
        Thread.ofPlatform()
            .name("bench-watcher")
            .start(
                () -> {
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
                        app.mailRepository.contributionsOfInbound(
                            open.stream().map(Sent::inboundId).toList());
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
                      committed.add(System.nanoTime() - s.acceptedNanos());
                      if (s.inboundId() % 10 == 0) {
                        reads.add(
                            readers.submit(
                                () -> {
                                  if (visible(http, app, cid)) {
                                    latencies.add(System.nanoTime() - s.acceptedNanos());
                                  } else {
                                    lost.incrementAndGet();
                                  }
                                }));
                      }
                    }
                    try {
                      Thread.sleep(2);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    long start = System.nanoTime();
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    List<Future<?>> done = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      int sender = s;
      done.add(
          senders.submit(
              () -> {
                try (Socket socket = new Socket("localhost", app.smtpPort())) {
                  Session smtp = new Session(socket);
                  for (int i = 0; i < PER_SENDER; i++) {
                    String from = authors.get(sender).get(i % AUTHORS_PER_SENDER);
                    String to = slug + "@" + app.config.mailDomain();
                    String msg =
                        "From: "
                            + from
                            + "\r\nTo: "
                            + to
                            + "\r\nSubject: Bench "
                            + sender
                            + "/"
                            + i
                            + "\r\nMessage-ID: <bench-"
                            + sender
                            + "-"
                            + i
                            + "@bench.example.org>\r\n"
                            + "Content-Type: text/plain; charset=UTF-8\r\n\r\nMessage "
                            + i
                            + " from sender "
                            + sender
                            + " about remittances and hometown associations.\r\n";
                    Optional<Long> id = smtp.send(from, to, msg);
                    if (id.isEmpty()) {
                      refused.incrementAndGet();
                      continue;
                    }
                    Sent one = new Sent(id.get(), System.nanoTime());
                    sent.add(one);
                    waiting.add(one);
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
    long allCommitted = System.nanoTime();
    for (Future<?> f : new ArrayList<>(reads)) {
      f.get();
    }
    senders.shutdown();
    readers.shutdown();

    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    List<Long> commits = new ArrayList<>(committed);
    Collections.sort(commits);
    double acceptSeconds = (acceptedAt - start) / 1e9;
    double endToEndSeconds = (allCommitted - start) / 1e9;
    int posted = app.mailRepository.countContributionsBySlug(slug);
    System.out.println();
    System.out.println("| measure                                   | value        |");
    System.out.println("|-------------------------------------------|--------------|");
    row("messages sent (senders x messages)", SENDERS + " x " + PER_SENDER);
    row("answered 250 / refused", sent.size() + " / " + refused.get());
    row("contributions committed", String.valueOf(posted));
    row("lost (no contribution, or not shown)", String.valueOf(lost.get()));
    row(
        "SMTP accept rate (250s per second)",
        String.format("%.0f msg/s", sent.size() / acceptSeconds));
    row(
        "end to end (DATA to committed, per second)",
        String.format("%.0f msg/s", posted / endToEndSeconds));
    row("wall time, first DATA to last commit", String.format("%.1f s", endToEndSeconds));
    row("DATA 250 -> committed, p50", ms(percentile(commits, 50)));
    row("DATA 250 -> committed, p99", ms(percentile(commits, 99)));
    row("DATA 250 -> 200 at /c/{id}, p50 (1 in 10)", ms(percentile(sorted, 50)));
    row("DATA 250 -> 200 at /c/{id}, p99 (1 in 10)", ms(percentile(sorted, 99)));
  }

  private static void row(String name, String value) {
    System.out.printf("| %-41s | %12s |%n", name, value);
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
