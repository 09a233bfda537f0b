package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.indaba.mail.in.MailIntake;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 14: the SMTP rate limit counts per connecting IP as well as per envelope sender, so
 * a client rotating its envelope senders is still held back.
 */
class SmtpRateLimitTest {
  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    new MailWorld(app).discussion("limited", "hold");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** An address of this machine that is not loopback (a local relay is counted per sender only). */
  private static String externalAddress() throws IOException {
    for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (n.isUp() && !n.isLoopback()) {
        for (InetAddress a : Collections.list(n.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            return a.getHostAddress();
          }
        }
      }
    }
    return null;
  }

  @Test
  void oneConnectingAddressRotatingEnvelopeSendersIsHeldBackAfterTheLimit() throws IOException {
    String host = externalAddress();
    assumeTrue(host != null, "this machine has no address other than loopback");
    String to = "limited@" + MailWorld.DOMAIN;
    int accepted = 0;
    int delayed = 0;
    try (SmtpClient c = new SmtpClient(host, app.app.smtpPort())) {
      for (int i = 0; i <= MailIntake.PER_IP_PER_MINUTE; i++) {
        String from = "sender" + i + "@bulk.example.net";
        SmtpClient.Outcome o =
            c.transaction(
                from,
                List.of(to),
                MailWorld.scenario(
                    "many_senders_from_one_address",
                    Map.of("FROM", from, "TO", to, "MSGID", "rotating-" + i)));
        if (o.accepted()) {
          accepted++;
        } else if (o.rcpt().contains(451)) {
          delayed++;
        }
      }
    }
    assertThat(accepted).isEqualTo(MailIntake.PER_IP_PER_MINUTE);
    assertThat(delayed).isEqualTo(1);
    // another address is not held back by this one
    String from = "neighbour@example.org";
    SmtpClient.Outcome other =
        SmtpClient.send(
            app.app.smtpPort(),
            from,
            to,
            MailWorld.scenario(
                "many_senders_from_one_address",
                Map.of("FROM", from, "TO", to, "MSGID", "neighbour")));
    assertThat(other.accepted()).isTrue();
  }

  @Test
  void oneSenderOverItsLimitIsHeldBackAtRcptEvenWhenTwoServerProcessesShareTheCount()
      throws IOException {
    // the counters commit without waiting for the disk; they are still counted in PostgreSQL,
    // where every server process reads and adds to the same count
    String db = org.indaba.testing.TestDatabase.freshDatabaseUrl();
    try (TestApp first = TestApp.start(db, Map.of());
        TestApp second = TestApp.start(db, Map.of())) {
      new MailWorld(first).discussion("busy", "hold");
      String to = "busy@" + MailWorld.DOMAIN;
      String from = "moussa@mail.example.org";
      int accepted = 0;
      int delayed = 0;
      try (SmtpClient a = new SmtpClient("127.0.0.1", first.app.smtpPort());
          SmtpClient b = new SmtpClient("127.0.0.1", second.app.smtpPort())) {
        for (int i = 0; i <= MailIntake.PER_SENDER_PER_MINUTE; i++) {
          SmtpClient.Outcome o =
              (i % 2 == 0 ? a : b)
                  .transaction(
                      from,
                      List.of(to),
                      MailWorld.scenario(
                          "one_sender_writes_too_often",
                          Map.of("FROM", from, "TO", to, "MSGID", "often-" + i, "N", "" + i)));
          if (o.accepted()) {
            accepted++;
          } else if (o.rcpt().contains(451)) {
            delayed++;
          }
        }
      }
      assertThat(accepted).isEqualTo(MailIntake.PER_SENDER_PER_MINUTE);
      assertThat(delayed).as("the message past the limit, told to come back later").isEqualTo(1);
    }
  }
}
