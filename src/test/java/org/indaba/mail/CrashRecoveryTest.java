package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.INBOUND_MAIL;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.indaba.mail.parse.DedupeKey;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * The server stops while a sender is writing to it and messages are being processed. After a
 * restart on the same database, every message that got its 250 is exactly one contribution or one
 * recorded refusal: nothing accepted is lost, nothing is posted twice.
 */
class CrashRecoveryTest {
  static final int AUTHORS = 6;
  static final int PER_AUTHOR = 10;

  @Test
  void everyAcceptedMessageEndsAsExactlyOneContributionOrRefusalAfterACrash() throws Exception {
    String db = TestDatabase.freshDatabaseUrl();
    TestApp first = TestApp.start(db, Map.of());
    MailWorld world = new MailWorld(first);
    long d = world.discussion("crash", "refuse");
    world.dsl().execute("update discussion set pre_moderated = false where id = " + d);
    world.theme(d, 1, true);
    for (int a = 0; a < AUTHORS; a++) {
      first.member("writer" + a + "@example.org", "Writer " + a, "member");
    }
    int port = first.app.smtpPort();
    List<String> accepted = Collections.synchronizedList(new ArrayList<>());
    // the key each message is stored under (Message-ID and content digest), as the server makes it
    Map<String, String> keyOf = new ConcurrentHashMap<>();
    CountDownLatch halfway = new CountDownLatch(AUTHORS * PER_AUTHOR / 3);
    Thread sender =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < AUTHORS * PER_AUTHOR; i++) {
                    // a few strangers' messages end as recorded refusals rather than contributions
                    String from =
                        i % 7 == 3
                            ? "stranger" + i + "@example.net"
                            : "writer" + (i % AUTHORS) + "@example.org";
                    String mid = "crash-" + i + "@example.org";
                    byte[] msg =
                        ("From: "
                                + from
                                + "\r\nTo: crash@"
                                + MailWorld.DOMAIN
                                + "\r\nSubject: Message "
                                + i
                                + "\r\nMessage-ID: <"
                                + mid
                                + ">\r\n\r\nContribution number "
                                + i
                                + " about hometown associations.\r\n")
                            .getBytes(StandardCharsets.UTF_8);
                    keyOf.put(mid, DedupeKey.of(msg, from).value());
                    try {
                      if (SmtpClient.send(port, from, "crash@" + MailWorld.DOMAIN, msg)
                          .accepted()) {
                        accepted.add(mid);
                      }
                    } catch (Exception e) {
                      // the server went away: this message never got its 250
                    }
                    halfway.countDown();
                  }
                });
    assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();
    first.close();
    sender.join(TimeUnit.SECONDS.toMillis(120));
    assertThat(accepted).isNotEmpty();

    try (TestApp second = TestApp.start(db, Map.of())) {
      second.app.background.runNow("mail-in");
      DSLContext dsl = second.app.db.dsl();
      assertThat(dsl.fetchCount(INBOUND_MAIL, INBOUND_MAIL.STATUS.eq("received"))).isZero();
      int contributions = 0;
      int refusals = 0;
      for (String mid : accepted) {
        int c = dsl.fetchCount(CONTRIBUTION, CONTRIBUTION.MESSAGE_ID.eq(mid));
        int r =
            dsl.fetchCount(
                INBOUND_MAIL,
                INBOUND_MAIL.DEDUPE_KEY.eq(keyOf.get(mid)).and(INBOUND_MAIL.STATUS.eq("rejected")));
        assertThat(c + r).as("fate of %s", mid).isEqualTo(1);
        contributions += c;
        refusals += r;
      }
      assertThat(contributions + refusals).isEqualTo(accepted.size());
      assertThat(refusals).isPositive();
      // nothing beyond what the server committed: every contribution is one of the messages it
      // stored
      Set<String> stored =
          Set.copyOf(
              dsl.select(INBOUND_MAIL.DEDUPE_KEY)
                  .from(INBOUND_MAIL)
                  .where(INBOUND_MAIL.DEDUPE_KEY.isNotNull())
                  .fetch(INBOUND_MAIL.DEDUPE_KEY));
      for (String mid :
          dsl.select(CONTRIBUTION.MESSAGE_ID).from(CONTRIBUTION).fetch(CONTRIBUTION.MESSAGE_ID)) {
        assertThat(keyOf).containsKey(mid);
        assertThat(stored).contains(keyOf.get(mid));
      }
    }
  }
}
