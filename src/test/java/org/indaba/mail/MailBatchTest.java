package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.INBOUND_MAIL;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.indaba.db.schema.tables.records.InboundMailRecord;
import org.indaba.mail.parse.DedupeKey;
import org.indaba.testing.CapturedLog;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * Accepted mail is processed in batches: several messages claimed together, processed on one
 * connection and committed once. One message that fails does not take the others with it, and two
 * server processes on one database never claim the same message.
 */
class MailBatchTest {
  static final String TO = "batch@" + MailWorld.DOMAIN;

  @Test
  void aMessageThatFailsInTheMiddleOfABatchIsRecordedWithItsReasonAndTheOthersAreVisible()
      throws Exception {
    try (TestApp app = TestApp.start(TestDatabase.freshDatabaseUrl(), Map.of())) {
      MailWorld world = openDiscussion(app, 5);
      // the database itself refuses one contribution, as a broken row or a full disk would: the
      // error aborts what the transaction was doing, which only a savepoint of its own undoes
      world
          .dsl()
          .execute(
              "create function refuse_poison() returns trigger language plpgsql as $$ begin"
                  + " if new.body like '%POISON%' then raise exception 'poisoned contribution';"
                  + " end if; return new; end $$");
      world
          .dsl()
          .execute(
              "create trigger refuse_poison before insert on contribution for each row"
                  + " execute function refuse_poison()");
      List<byte[]> messages = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        messages.add(
            message(
                "writer" + i + "@example.org",
                "batch-" + i,
                i == 2
                    ? "POISON in the third message of the batch, which the database refuses."
                    : "Hometown associations fund the clinic and the school, message " + i + "."));
      }
      // the timed jobs are stopped, so that the test decides when the queue is processed
      app.app.background.close();
      List<Long> ids = store(app, messages);

      try (CapturedLog log = new CapturedLog("org.indaba.mail.in.InboundProcessor")) {
        assertThat(app.app.mailProcessor.processBatch()).as("claimed as one batch").isEqualTo(5);
        assertThat(log.warnings()).anyMatch(w -> w.contains("could not be processed"));
      }
      assertThat(app.app.mailProcessor.processBatch()).isZero();

      DSLContext dsl = world.dsl();
      for (int i = 0; i < 5; i++) {
        InboundMailRecord r =
            dsl.selectFrom(INBOUND_MAIL).where(INBOUND_MAIL.ID.eq(ids.get(i))).fetchSingle();
        assertThat(r.getAttempts()).as("attempts of message %d", i).isEqualTo(1);
        int posted =
            dsl.fetchCount(CONTRIBUTION, CONTRIBUTION.MESSAGE_ID.eq("batch-" + i + "@example.org"));
        if (i == 2) {
          assertThat(r.getStatus()).isEqualTo("failed");
          assertThat(r.getReason()).isEqualTo("error");
          assertThat(r.getDetail()).contains("poisoned contribution");
          assertThat(posted).isZero();
        } else {
          assertThat(r.getStatus()).as("status of message %d", i).isEqualTo("processed");
          assertThat(r.getContributionId()).isNotNull();
          assertThat(posted).as("contributions of message %d", i).isEqualTo(1);
        }
      }
      // the others can be read by anybody at once
      for (int i : new int[] {0, 1, 3, 4}) {
        long cid =
            dsl.selectFrom(INBOUND_MAIL)
                .where(INBOUND_MAIL.ID.eq(ids.get(i)))
                .fetchSingle()
                .getContributionId();
        assertThat(app.browser().get("/c/" + cid).status()).isEqualTo(200);
      }
    }
  }

  @Test
  void twoProcessesClaimingAtOnceTakeDifferentMessagesAndEachMessageIsPostedOnce()
      throws Exception {
    String db = TestDatabase.freshDatabaseUrl();
    try (TestApp first = TestApp.start(db, Map.of());
        TestApp second = TestApp.start(db, Map.of())) {
      MailWorld world = openDiscussion(first, 10);
      // the timed jobs are stopped, so that the test decides when each process claims
      first.app.background.close();
      second.app.background.close();

      // two claims open at the same time, one in each process: no message in both
      List<byte[]> waiting = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        waiting.add(
            message(
                "writer" + (i % 10) + "@example.org",
                "claim-" + i,
                "Remittances pay for wells and school fees, message " + i + "."));
      }
      Set<Long> stored = new HashSet<>(store(first, waiting));
      CountDownLatch firstHolds = new CountDownLatch(1);
      CountDownLatch secondDone = new CountDownLatch(1);
      CompletableFuture<List<Long>> byFirst =
          CompletableFuture.supplyAsync(
              () ->
                  first.app.db.tx(
                      tx -> {
                        List<Long> ids =
                            first.app.inboundStore.claimBatch(tx, 20).stream()
                                .map(InboundStore.Inbound::id)
                                .toList();
                        firstHolds.countDown();
                        await(secondDone);
                        return ids;
                      }));
      assertThat(firstHolds.await(30, TimeUnit.SECONDS)).isTrue();
      List<Long> bySecond =
          second.app.db.tx(
              tx ->
                  second.app.inboundStore.claimBatch(tx, 20).stream()
                      .map(InboundStore.Inbound::id)
                      .toList());
      secondDone.countDown();
      List<Long> claimedByFirst = byFirst.get(30, TimeUnit.SECONDS);
      assertThat(claimedByFirst).hasSize(20);
      assertThat(bySecond).hasSize(10).doesNotContainAnyElementsOf(claimedByFirst);
      Set<Long> both = new HashSet<>(claimedByFirst);
      both.addAll(bySecond);
      assertThat(both).isEqualTo(stored);

      // both processes drain the queue at once: every message is processed once, posted once
      List<byte[]> more = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        more.add(
            message(
                "writer" + (i % 10) + "@example.org",
                "drain-" + i,
                "The association meets every second Sunday, message " + i + "."));
      }
      stored.addAll(store(first, more));
      CompletableFuture<Void> a = CompletableFuture.runAsync(() -> drain(first));
      CompletableFuture<Void> b = CompletableFuture.runAsync(() -> drain(second));
      a.get(120, TimeUnit.SECONDS);
      b.get(120, TimeUnit.SECONDS);
      DSLContext dsl = world.dsl();
      for (InboundMailRecord r :
          dsl.selectFrom(INBOUND_MAIL).where(INBOUND_MAIL.ID.in(stored)).fetch()) {
        assertThat(r.getStatus()).as("status of %d", r.getId()).isEqualTo("processed");
        assertThat(r.getAttempts()).as("attempts of %d", r.getId()).isEqualTo(1);
      }
      for (int i = 0; i < 60; i++) {
        assertThat(
                dsl.fetchCount(
                    CONTRIBUTION, CONTRIBUTION.MESSAGE_ID.eq("drain-" + i + "@example.org")))
            .as("contributions of drain-%d", i)
            .isEqualTo(1);
      }
      for (int i = 0; i < 30; i++) {
        assertThat(
                dsl.fetchCount(
                    CONTRIBUTION, CONTRIBUTION.MESSAGE_ID.eq("claim-" + i + "@example.org")))
            .isEqualTo(1);
      }
    }
  }

  @Test
  void eachMailedPostOfABatchCostsThreeStatementsBesidesWhatTheBatchReadsOnce() throws Exception {
    try (TestApp app = TestApp.start(TestDatabase.freshDatabaseUrl(), Map.of())) {
      MailWorld world = openDiscussion(app, 12);
      app.app.background.close();
      // its posting limit, the contribution returned by its insert, its outbox row and event
      // together; the savepoint around it is the message's own
      long few = statementsToProcess(app, 2, "few");
      long many = statementsToProcess(app, 12, "many");
      assertThat((many - few) / 10.0).as("statements per further message").isLessThanOrEqualTo(3);
      assertThat(
              world
                  .dsl()
                  .fetchCount(
                      INBOUND_MAIL,
                      INBOUND_MAIL
                          .STATUS
                          .eq("processed")
                          .and(INBOUND_MAIL.CONTRIBUTION_ID.isNotNull())))
          .isEqualTo(14);
    }
  }

  /** The statements this thread sends to process one batch of {@code n} posts. */
  private static long statementsToProcess(TestApp app, int n, String prefix) {
    List<byte[]> messages = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      messages.add(
          message(
              "writer" + i + "@example.org",
              prefix + "-" + i,
              "The council co-funds the well when the association brings half, message "
                  + i
                  + "."));
    }
    store(app, messages);
    long before = org.indaba.db.Database.statementsOnThisThread();
    assertThat(app.app.mailProcessor.processBatch()).isEqualTo(n);
    return org.indaba.db.Database.statementsOnThisThread() - before;
  }

  private static void drain(TestApp app) {
    while (app.app.mailProcessor.processBatch() > 0) {
      // next batch
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other claim did not come");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An open, not pre-moderated discussion with its first week published, and its writers. */
  private static MailWorld openDiscussion(TestApp app, int writers) {
    MailWorld world = new MailWorld(app);
    long d = world.discussion("batch", "refuse");
    world.dsl().execute("update discussion set pre_moderated = false where id = " + d);
    world.theme(d, 1, true);
    for (int i = 0; i < writers; i++) {
      app.member("writer" + i + "@example.org", "Writer " + i, "member");
    }
    return world;
  }

  private static byte[] message(String from, String id, String text) {
    return ("From: "
            + from
            + "\r\nTo: "
            + TO
            + "\r\nSubject: "
            + id
            + "\r\nMessage-ID: <"
            + id
            + "@example.org>\r\nDate: Mon, 02 Mar 2026 08:00:00 +0000\r\n\r\n"
            + text
            + "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Stores messages as the SMTP listener does after DATA, all in one transaction. */
  private static List<Long> store(TestApp app, List<byte[]> messages) {
    return app.app.db.tx(
        tx -> {
          List<Long> ids = new ArrayList<>();
          for (byte[] raw : messages) {
            String from = new String(raw, StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
            from = from.substring("From: ".length());
            DedupeKey.Key key = DedupeKey.of(raw, from);
            ids.add(
                app.app
                    .inboundStore
                    .insert(
                        tx,
                        key.value(),
                        key.messageId(),
                        raw,
                        raw.length,
                        false,
                        from,
                        List.of(TO),
                        "127.0.0.1",
                        "mx.example.org",
                        OffsetDateTime.now(app.clock))
                    .id());
          }
          return ids;
        });
  }
}
