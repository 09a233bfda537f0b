package org.indaba.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The one source of truth: a pooled connection to PostgreSQL, migrated at start-up, reached only
 * through jOOQ by the repositories.
 */
public final class Database implements AutoCloseable {
  static {
    // jOOQ prints a banner and tips on first use; server logs are no place for them
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
  }

  private final HikariDataSource dataSource;
  private final DSLContext dsl;

  public Database(String jdbcUrl, String user, String password, int poolSize) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(jdbcUrl);
    hc.setUsername(user);
    hc.setPassword(password);
    hc.setMaximumPoolSize(poolSize);
    hc.setPoolName("indaba");
    hc.setConnectionTimeout(10_000);
    this.dataSource = new HikariDataSource(hc);
    this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
  }

  /**
   * Applies the migrations in {@code migrations/} (carried inside the jar) that are not applied
   * yet.
   */
  public void migrate() {
    Flyway.configure().dataSource(dataSource).locations("classpath:migrations").load().migrate();
  }

  public DSLContext dsl() {
    return dsl;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Runs {@code work} in one transaction; never wait on anything outside the database inside it.
   */
  public <T> T tx(Function<DSLContext, T> work) {
    return dsl.transactionResult(c -> work.apply(c.dsl()));
  }

  public void txRun(java.util.function.Consumer<DSLContext> work) {
    dsl.transaction(c -> work.accept(c.dsl()));
  }

  public boolean isHealthy() {
    try {
      return dsl.selectOne().fetchOne() != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
