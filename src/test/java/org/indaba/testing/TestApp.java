package org.indaba.testing;

import static org.indaba.db.schema.Tables.MAIL_OUTBOX;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.indaba.account.AccountService;
import org.indaba.app.App;
import org.indaba.app.Config;
import org.indaba.db.schema.tables.records.MailOutboxRecord;
import org.indaba.mail.in.FixedDns;

/**
 * A whole Indaba server (real HTTP, real PostgreSQL) on free ports with a clock the test controls.
 */
public final class TestApp implements AutoCloseable {
  public static final String PASSWORD = "correct horse battery";

  /**
   * DNS as the tests see it: members' usual domains publish SPF for this machine and a DMARC
   * record, so mail sent over SMTP from here with a matching envelope sender passes DMARC; any
   * other domain has no record (its mail is unverified). Tests may replace it.
   */
  public static final FixedDns TEST_DNS =
      FixedDns.sendersFrom(
          List.of("127.0.0.1", "0:0:0:0:0:0:0:1"),
          "example.org",
          "example.net",
          "example.fr",
          "example.es");

  public final App app;
  public final MutableClock clock;
  public final String databaseUrl;

  private TestApp(App app, MutableClock clock, String databaseUrl) {
    this.app = app;
    this.clock = clock;
    this.databaseUrl = databaseUrl;
  }

  public static TestApp start() {
    return start(TestDatabase.freshDatabaseUrl(), Map.of());
  }

  /** Starts a server on an existing database (a second process sharing it, or a restart). */
  public static TestApp start(String databaseUrl, Map<String, String> extraEnv) {
    return start(databaseUrl, extraEnv, new MutableClock(Instant.parse("2026-03-02T08:00:00Z")));
  }

  public static TestApp start(
      String databaseUrl, Map<String, String> extraEnv, MutableClock clock) {
    try {
      App app = App.start(config(databaseUrl, extraEnv), clock);
      app.mailProcessor.authentication().useDns(TEST_DNS);
      return new TestApp(app, clock, databaseUrl);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test server", e);
    }
  }

  /**
   * The configuration of a test server on {@code databaseUrl}, with a fresh data directory, ports
   * chosen by the system, and {@code extraEnv} on top.
   */
  public static Config config(String databaseUrl, Map<String, String> extraEnv)
      throws java.io.IOException {
    Path dir = Files.createTempDirectory("indaba-test");
    Map<String, String> env = new HashMap<>();
    env.put("INDABA_DATABASE_URL", databaseUrl);
    env.put("INDABA_DATABASE_USER", "postgres");
    env.put("INDABA_DATA_DIR", dir.toString());
    env.put("INDABA_HTTP_PORT", "0");
    env.put("INDABA_SMTP_PORT", "0");
    env.put("INDABA_MAIL_DOMAIN", "lists.indaba.test");
    env.putAll(extraEnv);
    return Config.fromEnv(env);
  }

  /**
   * Starts a server as {@code bin/indaba serve} does: no database URL, so the embedded PostgreSQL
   * runs in {@code dataDir} (which survives the server, for a restart on the same data).
   */
  public static TestApp startEmbedded(Path dataDir, Map<String, String> extraEnv) {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    try {
      Map<String, String> env = new HashMap<>();
      env.put("INDABA_DATA_DIR", dataDir.toString());
      env.put("INDABA_HTTP_PORT", "0");
      env.put("INDABA_SMTP_PORT", "0");
      env.put("INDABA_MAIL_DOMAIN", "lists.indaba.test");
      env.putAll(extraEnv);
      App app = App.start(Config.fromEnv(env), clock);
      // the same senders pass DMARC as with an external database
      app.mailProcessor.authentication().useDns(TEST_DNS);
      return new TestApp(app, clock, app.embedded.jdbcUrl("postgres"));
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test server", e);
    }
  }

  public String baseUrl() {
    return "http://localhost:" + app.httpPort();
  }

  public HttpSession browser() {
    return new HttpSession(baseUrl());
  }

  /** A verified account with the given role, created directly (no mail round trip). */
  public long member(String email, String name, String role) {
    return app.accountService.createVerifiedMember(
        new AccountService.Registration(
            email, PASSWORD, name, "Org of " + name, "Dakar", "Senegal", "en", "UTC"),
        role);
  }

  /** A browser session signed in as a new verified member. */
  public HttpSession signedIn(String email, String role) {
    member(email, email.substring(0, email.indexOf('@')), role);
    HttpSession s = browser();
    s.login(email, PASSWORD);
    return s;
  }

  public List<MailOutboxRecord> outbox() {
    return app.db.dsl().selectFrom(MAIL_OUTBOX).orderBy(MAIL_OUTBOX.ID).fetch();
  }

  public List<MailOutboxRecord> outboxTo(String recipient) {
    return app.db
        .dsl()
        .selectFrom(MAIL_OUTBOX)
        .where(MAIL_OUTBOX.RECIPIENT.eq(recipient))
        .orderBy(MAIL_OUTBOX.ID)
        .fetch();
  }

  @Override
  public void close() {
    app.close();
  }
}
