package org.indaba.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started from the binaries shipped in a Maven artifact, with its data in the
 * data directory so that it survives restarts. Used when no external database is configured.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;
  private final FileChannel lockChannel;

  private EmbeddedPostgres(
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg, FileChannel lockChannel) {
    this.pg = pg;
    this.lockChannel = lockChannel;
  }

  /** Thrown when another Indaba process already runs the embedded database of this directory. */
  public static final class InUse extends IOException {
    InUse(Path dir) {
      super(
          "Another Indaba server is using the embedded database in "
              + dir
              + "; stop it, or give this one its own INDABA_DATA_DIR (or a shared INDABA_DATABASE_URL).");
    }
  }

  /**
   * Starts (initialising the cluster on first use) in {@code dataDir}. A file lock held for the
   * life of this process proves no other Indaba process owns the directory; so a postgres still
   * running there is an orphan of a server that crashed, and is stopped before starting afresh.
   */
  public static EmbeddedPostgres start(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    FileChannel lock =
        FileChannel.open(
            dataDir.resolveSibling(dataDir.getFileName() + ".lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
    java.nio.channels.FileLock held;
    try {
      held = lock.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      held = null; // this very process holds it already
    }
    if (held == null) {
      lock.close();
      throw new InUse(dataDir);
    }
    try {
      stopOrphan(dataDir);
      removeStaleLock(dataDir);
      var pg =
          io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setServerConfig("max_connections", "100")
              .start();
      return new EmbeddedPostgres(pg, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** A postgres left running by a crashed server: ask it to shut down (SIGTERM) and wait. */
  static void stopOrphan(Path dataDir) throws IOException {
    Optional<ProcessHandle> orphan = postgresOwning(dataDir);
    if (orphan.isEmpty()) {
      return;
    }
    log.warn(
        "Stopping PostgreSQL process {} left running in {} by a previous server",
        orphan.get().pid(),
        dataDir);
    orphan.get().destroy();
    try {
      orphan.get().onExit().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the old PostgreSQL", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(
          "the PostgreSQL process "
              + orphan.get().pid()
              + " in "
              + dataDir
              + " did not stop; stop it by hand and start again",
          e);
    }
  }

  private static Optional<ProcessHandle> postgresOwning(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    try {
      long pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A throw-away server whose data is deleted on close (tests and benchmarks). */
  public static EmbeddedPostgres startTemporary() throws IOException {
    return new EmbeddedPostgres(
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
            .setServerConfig("max_connections", "200")
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .start(),
        null);
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
    boolean alive =
        pid > 0
            && ProcessHandle.of(pid)
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
    try {
      pg.close();
    } finally {
      if (lockChannel != null) {
        lockChannel.close();
      }
    }
  }
}
