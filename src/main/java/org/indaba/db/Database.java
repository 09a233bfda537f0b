package org.indaba.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.indaba.model.NetworkGuard;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.TransactionContext;
import org.jooq.TransactionListener;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

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
  private volatile BooleanSupplier available = () -> true;

  /** The transaction that work on this thread joins, while {@link #joining} runs. */
  private final ThreadLocal<Joined> joined = new ThreadLocal<>();

  /**
   * {@code direct}: the transactions opened meanwhile run in {@code tx} itself, without a savepoint
   * of their own (see {@link #inEnclosingSavepoint}).
   */
  private record Joined(DSLContext tx, Connection connection, boolean direct) {}

  public Database(String jdbcUrl, String user, String password, int poolSize) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(jdbcUrl);
    hc.setUsername(user);
    hc.setPassword(password);
    hc.setMaximumPoolSize(poolSize);
    hc.setPoolName("indaba");
    hc.setConnectionTimeout(10_000);
    this.dataSource = new HikariDataSource(hc);
    this.dsl =
        DSL.using(
            new DefaultConfiguration()
                .set(new GatedConnections())
                .set(SQLDialect.POSTGRES)
                .set(new Settings().withExecuteLogging(false))
                .set(new OpenTransactions())
                .set(new CountedStatements()));
  }

  private static final java.util.concurrent.atomic.LongAdder STATEMENTS =
      new java.util.concurrent.atomic.LongAdder();
  private static final ThreadLocal<long[]> STATEMENTS_HERE =
      ThreadLocal.withInitial(() -> new long[1]);

  /**
   * Statements sent to the database since start, by every thread (the metric {@code
   * indaba.db.statements}).
   */
  public static long statements() {
    return STATEMENTS.sum();
  }

  /**
   * Statements this thread has sent since it started: the difference around a piece of work is what
   * that work cost in round trips, which is how tests tell a fixed number of queries from one per
   * row.
   */
  public static long statementsOnThisThread() {
    return STATEMENTS_HERE.get()[0];
  }

  /** Counts one statement sent, in total and for this thread. */
  static void counted() {
    STATEMENTS.increment();
    STATEMENTS_HERE.get()[0]++;
  }

  /** Counts every statement jOOQ executes, in total and per thread. */
  private static final class CountedStatements implements ExecuteListener {
    @Override
    public void executeStart(ExecuteContext ctx) {
      counted();
    }
  }

  /** Tells {@link NetworkGuard} which threads are inside a transaction (or a savepoint). */
  private static final class OpenTransactions implements TransactionListener {
    @Override
    public void beginEnd(TransactionContext ctx) {
      NetworkGuard.transactionBegun();
    }

    @Override
    public void commitEnd(TransactionContext ctx) {
      NetworkGuard.transactionEnded();
    }

    @Override
    public void rollbackEnd(TransactionContext ctx) {
      NetworkGuard.transactionEnded();
    }
  }

  /**
   * While {@code available} says false (the embedded server is being restarted), every query fails
   * at once instead of waiting for the pool's timeout, so callers answer "try again later" quickly.
   */
  public void availableWhile(BooleanSupplier available) {
    this.available = available;
  }

  /** Thrown instead of waiting for a connection while the database is known to be down. */
  public static final class Unavailable extends DataAccessException {
    Unavailable() {
      super("the database is restarting");
    }
  }

  /** Connections from the pool, refused at once while the database is known to be down. */
  private final class GatedConnections implements ConnectionProvider {
    @Override
    public Connection acquire() {
      Joined j = joined.get();
      if (j != null) {
        return j.connection();
      }
      if (!available.getAsBoolean()) {
        throw new Unavailable();
      }
      try {
        return dataSource.getConnection();
      } catch (SQLException e) {
        throw new DataAccessException("no connection to the database", e);
      }
    }

    @Override
    public void release(Connection connection) {
      Joined j = joined.get();
      if (j != null && j.connection() == connection) {
        return; // the joined transaction's connection goes back to the pool with that transaction
      }
      try {
        connection.close();
      } catch (SQLException e) {
        throw new DataAccessException("could not return a connection to the pool", e);
      }
    }
  }

  /**
   * Applies the migrations in {@code migrations/} (carried inside the jar) and the few data
   * migrations written in Java ({@code org.indaba.db.migration}) that are not applied yet.
   */
  public void migrate() {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:migrations", "classpath:org/indaba/db/migration")
        .load()
        .migrate();
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
    Joined j = joined.get();
    if (j != null && j.direct()) {
      return work.apply(j.tx());
    }
    if (j != null) {
      // inside a joined transaction: a savepoint, so a failure undoes only this part
      return j.tx().transactionResult(c -> work.apply(c.dsl()));
    }
    return dsl.transactionResult(c -> work.apply(c.dsl()));
  }

  public void txRun(java.util.function.Consumer<DSLContext> work) {
    tx(
        c -> {
          work.accept(c);
          return null;
        });
  }

  /**
   * Runs {@code work} on this thread so that every query and transaction it makes through this
   * database joins {@code tx} (transactions become savepoints): one connection and one commit for
   * the whole of it, as a background job wants for one unit of work.
   */
  public <T> T joining(DSLContext tx, java.util.function.Supplier<T> work) {
    if (joined.get() != null) {
      return work.get();
    }
    return joinedAs(tx, false, work);
  }

  /**
   * Like {@link #joining}, but the transactions {@code work} opens run in {@code tx} directly, with
   * no savepoint each: for a caller that rolls all of {@code tx} back should anything in it fail.
   */
  public <T> T joiningWithoutSavepoints(DSLContext tx, java.util.function.Supplier<T> work) {
    return joinedAs(tx, true, work);
  }

  /** Runs {@code work} joined to {@code tx}, then restores what this thread had joined before. */
  private <T> T joinedAs(DSLContext tx, boolean direct, java.util.function.Supplier<T> work) {
    Joined outer = joined.get();
    Connection c = outer != null ? outer.connection() : tx.connectionResult(conn -> conn);
    joined.set(new Joined(tx, c, direct));
    try {
      return work.get();
    } finally {
      if (outer != null) {
        joined.set(outer);
      } else {
        joined.remove();
      }
    }
  }

  /** Work that may throw a checked exception of its own. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run() throws E;
  }

  /**
   * Runs {@code work} inside the joined transaction of this thread so that the transactions it
   * opens run in it directly, without a savepoint (two round trips) each: for a caller that holds a
   * savepoint for this work alone, and rolls all of it back should anything fail (an exception from
   * the work reaches it). Outside a joined transaction, runs {@code work} as it is.
   */
  public <T, E extends Exception> T inEnclosingSavepoint(Work<T, E> work) throws E {
    Joined j = joined.get();
    if (j == null || j.direct()) {
      return work.run();
    }
    joined.set(new Joined(j.tx(), j.connection(), true));
    try {
      return work.run();
    } finally {
      joined.set(j);
    }
  }

  public boolean isHealthy() {
    if (!available.getAsBoolean()) {
      return false;
    }
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

  /**
   * Lets the current transaction commit without waiting for its WAL to reach the disk: for work
   * that is simply done again when a crash loses it.
   */
  public static void commitWithoutWaitingForDisk(DSLContext tx) {
    NO_WAIT_FOR_DISK.execute(tx);
  }

  /** Rendered once: every RCPT and every batch of mail sends it. */
  private static final Rendered NO_WAIT_FOR_DISK =
      Rendered.of(DSL.query("SET LOCAL synchronous_commit = off"));
}
