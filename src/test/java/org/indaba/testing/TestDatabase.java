package org.indaba.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.indaba.db.Database;
import org.indaba.db.EmbeddedPostgres;

/**
 * One real PostgreSQL for the whole test run. The migrations run once into a template database;
 * each test gets a fresh copy of it ({@code CREATE DATABASE … TEMPLATE}), which takes a fraction of
 * a second, so tests never see each other's rows.
 */
public final class TestDatabase {
  private static EmbeddedPostgres server;
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestDatabase() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.startTemporary();
        try (Database db = new Database(server.jdbcUrl("postgres"), "postgres", "", 2)) {
          db.dsl().execute("CREATE DATABASE indaba_template");
        }
        try (Database db = new Database(server.jdbcUrl("indaba_template"), "postgres", "", 2)) {
          db.migrate();
        }
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        server.close();
                      } catch (Exception ignored) {
                        // the JVM is exiting
                      }
                    }));
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the test PostgreSQL", e);
      }
    }
    return server;
  }

  /** A new, migrated, empty database; returns its JDBC URL (user postgres, no password). */
  public static synchronized String freshDatabaseUrl() {
    EmbeddedPostgres pg = server();
    String name = "indaba_t" + COUNTER.incrementAndGet();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " TEMPLATE indaba_template");
    } catch (Exception e) {
      throw new IllegalStateException("cannot create test database", e);
    }
    return pg.jdbcUrl(name);
  }
}
