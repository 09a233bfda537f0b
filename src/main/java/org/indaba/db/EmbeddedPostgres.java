package org.indaba.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started from the binaries shipped in a Maven artifact, with its data in the
 * data directory so that it survives restarts. Used when no external database is configured.
 *
 * <p>The server keeps PostgreSQL's durable defaults ({@link #DURABLE}): the library that ships the
 * binaries turns {@code fsync} and {@code synchronous_commit} off for throw-away test databases,
 * and a commit acknowledged to a mail sender must survive a power cut. Only {@link
 * #startTemporary()} relaxes them. It is supervised: when the postmaster dies, it is started again
 * on the same port and data directory, and {@link #isRunning()} is false meanwhile. It stops only
 * when {@link #close()} is called, never from a shutdown hook of its own, so that the application
 * can stop what uses the database first.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

  /** The settings that make a commit survive a crash of the machine (PostgreSQL's defaults). */
  public static final Map<String, String> DURABLE =
      Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");

  /** How often the supervisor looks at the postmaster. */
  private static final Duration WATCH_EVERY = Duration.ofMillis(200);

  private final Path dataDir;
  private final Map<String, String> serverConfig;
  private final FileChannel lockChannel;
  private volatile io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;
  private final int port;
  private volatile boolean running = true;
  private volatile boolean closing;
  private volatile Thread supervisor;
  private final AtomicInteger restarts = new AtomicInteger();

  private EmbeddedPostgres(
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg,
      Path dataDir,
      Map<String, String> serverConfig,
      FileChannel lockChannel) {
    this.pg = pg;
    this.port = pg.getPort();
    this.dataDir = dataDir;
    this.serverConfig = serverConfig;
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
   * Starts (initialising the cluster on first use) in {@code dataDir}, durable and supervised. A
   * file lock held for the life of this process proves no other Indaba process owns the directory;
   * so a postgres still running there is an orphan of a server that crashed, and is stopped before
   * starting afresh.
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
      Map<String, String> settings = new LinkedHashMap<>(DURABLE);
      settings.put("max_connections", "100");
      var pg = launch(dataDir, settings, 0);
      EmbeddedPostgres server = new EmbeddedPostgres(pg, dataDir, settings, lock);
      server.supervise();
      return server;
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres launch(
      Path dataDir, Map<String, String> settings, int port) throws IOException {
    // the library's own lock file: a failed start leaves its lock held inside this process, so a
    // fresh file is used for each start (the directory lock above is what keeps others out)
    Files.deleteIfExists(dataDir.resolve("epg-lock"));
    var builder =
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setPort(port);
    // given after the library's "-F" (fsync off) and its synchronous_commit=off: the last wins
    settings.forEach(builder::setServerConfig);
    return builder.start();
  }

  /** True while the server answers; false while it is being restarted or after close. */
  public boolean isRunning() {
    return running && !closing;
  }

  /** How many times the supervisor started the server again after it died. */
  public int restarts() {
    return restarts.get();
  }

  /** The process id of the postmaster now running, if known. */
  public Optional<Long> postmasterPid() {
    try {
      return postgresOwning(dataDir).map(ProcessHandle::pid);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void supervise() {
    supervisor =
        Thread.ofPlatform()
            .name("postgres-supervisor")
            .daemon(true)
            .start(
                () -> {
                  Optional<ProcessHandle> postmaster = postmaster();
                  if (postmaster.isEmpty()) {
                    log.warn("Cannot see the embedded PostgreSQL's process; it is not supervised");
                    return;
                  }
                  while (!closing) {
                    try {
                      Thread.sleep(WATCH_EVERY);
                    } catch (InterruptedException e) {
                      return;
                    }
                    if (postmaster.isPresent() && postmaster.get().isAlive() || closing) {
                      continue;
                    }
                    running = false;
                    log.warn(
                        "The embedded PostgreSQL in {} stopped unexpectedly; starting it again",
                        dataDir);
                    postmaster = restart();
                  }
                });
  }

  private Optional<ProcessHandle> postmaster() {
    try {
      return postgresOwning(dataDir);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Starts the server again, retrying with a growing pause until it runs or close is called. */
  private Optional<ProcessHandle> restart() {
    // the dead server's handle is dropped, not closed: closing runs "pg_ctl stop", which would
    // stop the new server in the same directory
    long pause = 200;
    while (!closing) {
      try {
        removeStaleLock(dataDir);
        pg = launch(dataDir, serverConfig, port);
        restarts.incrementAndGet();
        running = true;
        log.warn("The embedded PostgreSQL in {} runs again on port {}", dataDir, port);
        return postmaster();
      } catch (IOException | RuntimeException e) {
        // the old server's processes may still hold its shared memory for a moment
        log.warn("The embedded PostgreSQL did not start again yet ({}); retrying", e.getMessage());
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        return Optional.empty();
      }
      pause = Math.min(5_000, pause * 2);
    }
    return Optional.empty();
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
    // durability is pointless for data deleted on close, and costs time
    Map<String, String> settings =
        Map.of(
            "max_connections", "200",
            "fsync", "off",
            "synchronous_commit", "off",
            "full_page_writes", "off");
    var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder();
    settings.forEach(builder::setServerConfig);
    return new EmbeddedPostgres(builder.start(), null, settings, null);
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
    return port;
  }

  @Override
  public void close() throws IOException {
    closing = true;
    Thread watching = supervisor;
    if (watching != null) {
      watching.interrupt();
      try {
        watching.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      pg.close();
    } finally {
      if (lockChannel != null) {
        lockChannel.close();
      }
    }
  }
}
