package org.indaba.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started from the binaries shipped in a Maven artifact, with its data in the
 * data directory so that it survives restarts. Used when no external database is configured.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;

  private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg) {
    this.pg = pg;
  }

  /** Starts (initialising the cluster on first use) in {@code dataDir}. */
  public static EmbeddedPostgres start(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    removeStaleLock(dataDir);
    var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setServerConfig("max_connections", "100")
        .start();
    return new EmbeddedPostgres(pg);
  }

  /** A throw-away server whose data is deleted on close (tests and benchmarks). */
  public static EmbeddedPostgres startTemporary() throws IOException {
    return new EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
        .setServerConfig("max_connections", "200")
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .start());
  }

  /**
   * After a crash PostgreSQL leaves {@code postmaster.pid} behind. If the process it names is gone
   * (or is not a postgres process any more), the file is stale and would stop the next start.
   */
  static void removeStaleLock(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    long pid = -1;
    try {
      pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException ignored) {
      // unreadable: treat as stale
    }
    boolean alive = pid > 0 && ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .flatMap(p -> p.info().command())
        .map(c -> c.contains("postgres"))
        .orElse(false);
    if (!alive) {
      log.warn("Removing stale PostgreSQL lock file {} (process {} is not running)", pidFile, pid);
      Files.delete(pidFile);
    }
  }

  public String jdbcUrl(String database) {
    return pg.getJdbcUrl("postgres", database);
  }

  public int port() {
    return pg.getPort();
  }

  @Override
  public void close() throws IOException {
    pg.close();
  }
}
