package org.indaba.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the background jobs (theme publishing, mail in and out, indexing) on a timer. Every job is
 * written to be safe with several server processes: it claims its work with row locks, {@code SKIP
 * LOCKED} or advisory locks, never with state kept only in memory. A job can be nudged to run now
 * (after a mail is accepted, say) instead of waiting for its next tick. Each job has a thread of
 * its own, so a job draining a long backlog (the events of a burst of mail, say) never delays
 * another job's nudge.
 */
public final class Background implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Background.class);

  /** A unit of background work; returns true when it did something and may have more to do. */
  @FunctionalInterface
  public interface Job {
    boolean runOnce() throws Exception;
  }

  /**
   * A job, its own thread, the lock that keeps one run of it at a time in this process, and whether
   * it was asked to run while it was running (so that work arriving just after its last look is not
   * left for the next tick).
   */
  private record Entry(
      String name,
      Job job,
      ScheduledExecutorService thread,
      ReentrantLock lock,
      java.util.concurrent.atomic.AtomicBoolean asked,
      java.util.concurrent.atomic.AtomicBoolean queued) {}

  private final Map<String, Entry> jobs = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private final boolean timed;

  /** Jobs run on their timers and when nudged. */
  public Background() {
    this(true);
  }

  /**
   * With {@code timed} false, jobs run only through {@link #runNow}: for maintenance commands
   * (importing an archive) that must send no mail and publish nothing on a timer.
   */
  public Background(boolean timed) {
    this.timed = timed;
  }

  public void every(String name, Duration period, Job job) {
    Entry e =
        new Entry(
            name,
            job,
            timed
                ? Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("background-" + name).daemon(true).factory())
                : null,
            new ReentrantLock(),
            new java.util.concurrent.atomic.AtomicBoolean(),
            new java.util.concurrent.atomic.AtomicBoolean());
    Entry previous = jobs.put(name, e);
    if (previous != null && previous.thread() != null) {
      previous.thread().shutdown();
    }
    if (!timed) {
      return;
    }
    e.thread()
        .scheduleWithFixedDelay(
            () -> {
              // a tick that finds the job already running in this process skips; the running one
              // drains
              drainUnlessRunning(e);
            },
            period.toMillis(),
            period.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /**
   * Runs the job unless this process runs it already; then the running one is asked to look once
   * more when it is done, since what it was nudged for may have come after its last look.
   */
  private void drainUnlessRunning(Entry e) {
    e.asked().set(true);
    drainWhileAsked(e);
  }

  private void drainWhileAsked(Entry e) {
    // a nudge that comes after the runner's last look but before it lets go finds the lock held;
    // the runner then sees the request after letting go, and takes the lock again
    while (e.asked().get() && !closed && e.lock().tryLock()) {
      drain(e);
    }
  }

  /** Runs the job while it reports more work; the caller holds the job's lock, released here. */
  private void drain(Entry e) {
    try {
      e.asked().set(false);
      // keep going while the job reports more work, bounded so one job cannot starve the others
      for (int i = 0; i < 1000 && !closed && e.job().runOnce(); i++) {
        // next batch
      }
    } catch (Throwable t) {
      log.error("Background job {} failed; it will run again on its next tick", e.name(), t);
    } finally {
      e.lock().unlock();
    }
  }

  /**
   * Runs a job soon, on its own background thread. Nudges that come while one is queued share it:
   * the job looks for work once for all of them.
   */
  public void nudge(String name) {
    Entry e = jobs.get(name);
    if (e == null || closed || !timed) {
      return;
    }
    e.asked().set(true);
    if (!e.queued().compareAndSet(false, true)) {
      return;
    }
    try {
      e.thread()
          .execute(
              () -> {
                e.queued().set(false);
                drainWhileAsked(e);
              });
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      // closed meanwhile: nothing runs any more
    }
  }

  /** Runs a job now on the caller's thread until it has nothing left to do (tests and commands). */
  public void runNow(String name) {
    Entry e = jobs.get(name);
    if (e == null) {
      throw new IllegalArgumentException("no background job named " + name);
    }
    e.lock().lock();
    drain(e);
    drainWhileAsked(e);
  }

  @Override
  public void close() {
    closed = true;
    List<ScheduledExecutorService> threads =
        jobs.values().stream().map(Entry::thread).filter(java.util.Objects::nonNull).toList();
    threads.forEach(ScheduledExecutorService::shutdown);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      for (ScheduledExecutorService t : threads) {
        t.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
