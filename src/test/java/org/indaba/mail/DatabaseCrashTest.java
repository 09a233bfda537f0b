package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.INBOUND_MAIL;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.indaba.mail.parse.DedupeKey;
import org.indaba.testing.CapturedLog;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL of a server started as {@code bin/indaba serve} is killed ({@code kill
 * -9} of the postmaster) while several relays are delivering. Every message that was answered 250
 * is still there afterwards; meanwhile SMTP answers 451 and {@code /healthz} says the database is
 * down; the database is started again and the same server, never restarted, takes and processes
 * mail again.
 */
class DatabaseCrashTest {
  static final int RELAYS = 4;
  static final int PER_RELAY = 40;
  static final int AUTHORS = 32;

  private static byte[] message(String from, String mid, int i) {
    return ("From: "
            + from
            + "\r\nTo: burst@"
            + MailWorld.DOMAIN
            + "\r\nSubject: Message "
            + i
            + "\r\nDate: Mon, 02 Mar 2026 09:12:00 +0000\r\nMessage-ID: <"
            + mid
            + ">\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nContribution "
            + i
            + ": the hometown association in Kayes co-funds a well with the council.\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyMessageAnswered250SurvivesAKillOfThePostmasterMidBurstAndTheServerRecoversByItself(
      @TempDir Path dir) throws Exception {
    try (CapturedLog log =
            new CapturedLog(
                "org.indaba",
                "com.zaxxer.hikari",
                "org.postgresql",
                "io.zonky",
                "org.subethamail");
        TestApp app = TestApp.startEmbedded(dir.resolve("data"), Map.of())) {
      MailWorld world = new MailWorld(app);
      long d = world.discussion("burst", "refuse");
      world.dsl().execute("update discussion set pre_moderated = false where id = " + d);
      world.theme(d, 1, true);
      for (int a = 0; a < AUTHORS; a++) {
        app.member("writer" + a + "@example.org", "Writer " + a, "member");
      }
      int port = app.app.smtpPort();
      List<String> answered250 = Collections.synchronizedList(new ArrayList<>());
      // the key each message is stored under (Message-ID and content digest), as the server makes
      // it
      Map<String, String> keyOf = new ConcurrentHashMap<>();
      AtomicInteger answered451 = new AtomicInteger();
      AtomicInteger otherAnswers = new AtomicInteger();
      CountDownLatch someAccepted = new CountDownLatch(RELAYS * PER_RELAY / 4);
      List<Thread> relays = new ArrayList<>();
      for (int r = 0; r < RELAYS; r++) {
        int relay = r;
        relays.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      // a relay keeps its session and tries again later after a 451, as MTAs do
                      SmtpClient smtp = null;
                      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                      for (int i = 0; i < PER_RELAY && System.nanoTime() < giveUp; ) {
                        int n = relay * PER_RELAY + i;
                        String from = "writer" + (n % AUTHORS) + "@example.org";
                        String mid = "burst-" + n + "@example.org";
                        try {
                          if (smtp == null) {
                            smtp = new SmtpClient(port);
                          }
                          byte[] msg = message(from, mid, n);
                          keyOf.put(mid, DedupeKey.of(msg, from).value());
                          SmtpClient.Outcome o =
                              smtp.transaction(from, List.of("burst@" + MailWorld.DOMAIN), msg);
                          if (o.accepted()) {
                            answered250.add(mid);
                            someAccepted.countDown();
                            i++;
                          } else if (o.data() == 451 || o.rcpt().contains(451)) {
                            answered451.incrementAndGet();
                            pause();
                          } else {
                            otherAnswers.incrementAndGet();
                            i++;
                          }
                        } catch (IOException e) {
                          smtp = null; // connection lost: this message was not acknowledged
                          pause();
                        }
                      }
                    }));
      }
      assertThat(someAccepted.await(60, TimeUnit.SECONDS)).isTrue();
      long pid = app.app.embedded.postmasterPid().orElseThrow();
      ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL

      // requests that were waiting for a connection when it died answer late; those that come
      // after the server noticed answer at once, so health is asked often, without waiting
      // one connection per question (HTTP/1.1), so questions stuck behind the dead pool do not
      // hold up the ones asked after the server noticed
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest health = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/healthz")).build();
      AtomicBoolean sawDown = new AtomicBoolean();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!sawDown.get() && System.nanoTime() < deadline) {
        http.sendAsync(health, HttpResponse.BodyHandlers.ofString())
            .thenAccept(
                h -> {
                  if (h.statusCode() == 503 && h.body().contains("\"database\":\"down\"")) {
                    sawDown.set(true);
                  }
                });
        Thread.sleep(10); // the pace of the questions, not a wait for an outcome
      }
      assertThat(sawDown).as("/healthz reports the database down").isTrue();
      HttpSession web = app.browser();
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (web.get("/healthz").status() != 200 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(web.get("/healthz").status()).as("and up again, by itself").isEqualTo(200);
      for (Thread t : relays) {
        t.join(TimeUnit.SECONDS.toMillis(150));
      }
      assertThat(app.app.embedded.restarts()).isEqualTo(1);
      assertThat(app.app.embedded.postmasterPid()).isPresent().get().isNotEqualTo(pid);
      assertThat(answered451.get())
          .as("SMTP answered 451 while the database was down")
          .isPositive();
      assertThat(otherAnswers.get()).isZero();
      assertThat(answered250).hasSize(RELAYS * PER_RELAY);

      // nothing answered 250 was lost, and the same server processes all of it
      DSLContext dsl = app.app.db.dsl();
      Set<String> stored =
          Set.copyOf(
              dsl.select(INBOUND_MAIL.DEDUPE_KEY)
                  .from(INBOUND_MAIL)
                  .where(INBOUND_MAIL.DEDUPE_KEY.isNotNull())
                  .fetch(INBOUND_MAIL.DEDUPE_KEY));
      for (String mid : answered250) {
        assertThat(stored).as("stored: %s", mid).contains(keyOf.get(mid));
      }
      app.app.background.runNow("mail-in");
      for (String mid : answered250) {
        assertThat(dsl.fetchCount(CONTRIBUTION, CONTRIBUTION.MESSAGE_ID.eq(mid)))
            .as("posted once: %s", mid)
            .isEqualTo(1);
      }
      assertThat(log.warnings()).anyMatch(w -> w.contains("stopped unexpectedly"));
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50); // a relay's retry interval, much shortened
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
