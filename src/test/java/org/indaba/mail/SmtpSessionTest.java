package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.INBOUND_MAIL;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.Test;

/**
 * The SMTP conversation around refusals and shutdown: a refused DATA ends the transaction but not
 * the session, and a server that stops lets the message being received finish while it turns new
 * sessions and commands away with 421.
 */
class SmtpSessionTest {

  /** A client that writes each line itself, so a test can stop in the middle of DATA. */
  private static final class Wire implements AutoCloseable {
    final Socket socket;
    final BufferedReader in;
    final OutputStream out;
    final String greeting;

    Wire(int port) throws IOException {
      socket = new Socket("localhost", port);
      socket.setSoTimeout(30_000);
      in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      out = socket.getOutputStream();
      greeting = reply();
    }

    String command(String line) throws IOException {
      write(line + "\r\n");
      return reply();
    }

    void write(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    String reply() throws IOException {
      StringBuilder all = new StringBuilder();
      String line;
      do {
        line = in.readLine();
        if (line == null) {
          throw new IOException("connection closed");
        }
        all.append(line).append('\n');
      } while (line.length() > 3 && line.charAt(3) == '-');
      return all.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static String message(String from, String to) {
    return new String(
            MailWorld.scenario(
                "member_posts_to_current_week",
                Map.of("FROM", from, "TO", to, "MSGID", UUID.randomUUID().toString())),
            StandardCharsets.UTF_8)
        .replace("\r\n", "\n")
        .replace("\n", "\r\n");
  }

  private static TestApp serverWithDiscussion(String slug) {
    TestApp app = TestApp.start();
    MailWorld world = new MailWorld(app);
    long d = world.discussion(slug, "hold");
    world.theme(d, 1, true);
    app.member("amina@example.org", "Amina", "member");
    return app;
  }

  @Test
  void afterA451AtDataTheNextMailInTheSameSessionIsAccepted() throws Exception {
    try (TestApp app = serverWithDiscussion("again")) {
      String to = "again@" + MailWorld.DOMAIN;
      AtomicBoolean databaseUp = new AtomicBoolean(true);
      app.app.db.availableWhile(databaseUp::get);
      try (Wire smtp = new Wire(app.app.smtpPort())) {
        smtp.command("EHLO relay.example.org");
        assertThat(smtp.command("MAIL FROM:<amina@example.org>")).startsWith("250");
        assertThat(smtp.command("RCPT TO:<" + to + ">")).startsWith("250");
        databaseUp.set(false); // the database goes away between RCPT and the end of DATA
        assertThat(smtp.command("DATA")).startsWith("354");
        smtp.write(message("amina@example.org", to) + ".\r\n");
        assertThat(smtp.reply()).startsWith("451 4.3.0");
        databaseUp.set(true);

        assertThat(smtp.command("MAIL FROM:<amina@example.org>")).startsWith("250");
        assertThat(smtp.command("RCPT TO:<" + to + ">")).startsWith("250");
        assertThat(smtp.command("DATA")).startsWith("354");
        smtp.write(message("amina@example.org", to) + ".\r\n");
        assertThat(smtp.reply()).startsWith("250 2.0.0");
      }
      assertThat(app.app.db.dsl().fetchCount(INBOUND_MAIL)).isEqualTo(1);
    }
  }

  @Test
  void anOversizedMessageGets552StoresNothingAndTheSessionGoesOn() throws Exception {
    try (TestApp app = serverWithDiscussion("roomy")) {
      String to = "roomy@" + MailWorld.DOMAIN;
      long limit = app.app.config.maxMessageBytes();
      try (Wire smtp = new Wire(app.app.smtpPort())) {
        smtp.command("EHLO relay.example.org");
        smtp.command("MAIL FROM:<amina@example.org>");
        smtp.command("RCPT TO:<" + to + ">");
        assertThat(smtp.command("DATA")).startsWith("354");
        String line = "x".repeat(998) + "\r\n";
        smtp.write(message("amina@example.org", to));
        for (long sent = 0; sent <= limit; sent += line.length()) {
          smtp.write(line);
        }
        smtp.write(".\r\n");
        assertThat(smtp.reply()).startsWith("552 5.3.4");

        assertThat(smtp.command("MAIL FROM:<amina@example.org>")).startsWith("250");
        assertThat(smtp.command("RCPT TO:<" + to + ">")).startsWith("250");
        assertThat(smtp.command("DATA")).startsWith("354");
        smtp.write(message("amina@example.org", to) + ".\r\n");
        assertThat(smtp.reply()).startsWith("250");
      }
      app.app.background.runNow("mail-in");
      // only the second message left a trace; nobody was told about the first
      assertThat(app.app.db.dsl().fetchCount(INBOUND_MAIL)).isEqualTo(1);
      assertThat(app.outboxTo("amina@example.org")).isEmpty();
    }
  }

  /** The greeting of a new session once the listener turns them away (or after 10 s). */
  private static String greetingOnceStopping(int port) throws IOException {
    String greeting = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!greeting.startsWith("421") && System.nanoTime() < deadline) {
      try (Wire late = new Wire(port)) {
        greeting = late.greeting;
      }
    }
    return greeting;
  }

  /** Messages stored in the database a server used, read once it has stopped. */
  private static int storedMessages(String databaseUrl) throws java.sql.SQLException {
    try (Connection c = DriverManager.getConnection(databaseUrl, "postgres", "");
        ResultSet rs = c.createStatement().executeQuery("select count(*) from inbound_mail")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void stoppingLetsAMessageBeingReceivedFinishAndAnswers421ToNewSessionsAndCommands()
      throws Exception {
    TestApp app = serverWithDiscussion("closing");
    String to = "closing@" + MailWorld.DOMAIN;
    int port = app.app.smtpPort();
    String databaseUrl = app.databaseUrl;
    Thread stopping;
    try (Wire writing = new Wire(port);
        Wire idle = new Wire(port)) {
      writing.command("EHLO relay.example.org");
      idle.command("EHLO other-relay.example.org");
      writing.command("MAIL FROM:<amina@example.org>");
      writing.command("RCPT TO:<" + to + ">");
      assertThat(writing.command("DATA")).startsWith("354");
      String text = message("amina@example.org", to);
      writing.write(text.substring(0, text.length() / 2));

      stopping = Thread.ofPlatform().name("stopping").start(app::close);
      // new sessions are turned away as soon as the server is stopping
      String greeting = greetingOnceStopping(port);
      assertThat(greeting).startsWith("421 4.3.2");
      // a new command in an open session is refused, and that session is closed
      assertThat(idle.command("MAIL FROM:<amina@example.org>")).startsWith("421 4.3.2");
      assertThat(stopping.isAlive()).as("waits for the message being received").isTrue();

      writing.write(text.substring(text.length() / 2) + ".\r\n");
      assertThat(writing.reply()).startsWith("250 2.0.0");
      assertThat(writing.reply()).as("then the session is closed with 421").startsWith("421");
    }
    stopping.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(stopping.isAlive()).isFalse();
    assertThat(storedMessages(databaseUrl))
        .as("the message finished during shutdown was stored")
        .isEqualTo(1);
  }

  @Test
  void stoppingWaitsForATransactionWhoseRecipientWasAcceptedBeforeItsData() throws Exception {
    TestApp app = serverWithDiscussion("lastcall");
    String to = "lastcall@" + MailWorld.DOMAIN;
    int port = app.app.smtpPort();
    String databaseUrl = app.databaseUrl;
    Thread stopping;
    try (Wire writing = new Wire(port)) {
      writing.command("EHLO relay.example.org");
      writing.command("MAIL FROM:<amina@example.org>");
      assertThat(writing.command("RCPT TO:<" + to + ">")).startsWith("250");

      stopping = Thread.ofPlatform().name("stopping").start(app::close);
      String greeting = greetingOnceStopping(port);
      assertThat(greeting).as("the listener is stopping").startsWith("421 4.3.2");

      // the client had its recipient accepted: its DATA and message still go through
      assertThat(writing.command("DATA")).startsWith("354");
      writing.write(message("amina@example.org", to) + ".\r\n");
      assertThat(writing.reply()).startsWith("250 2.0.0");
    }
    stopping.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(stopping.isAlive()).isFalse();
    assertThat(storedMessages(databaseUrl))
        .as("the message sent during shutdown was stored")
        .isEqualTo(1);
  }
}
