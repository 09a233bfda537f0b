package org.indaba.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Background jobs do not wait for each other: a job draining a long backlog (the events of a burst
 * of mail, the indexing of thousands of posts) leaves the others free to run when nudged, so a mail
 * accepted meanwhile is processed at once.
 */
class BackgroundJobsTest {
  private static final Duration RARELY = Duration.ofHours(1);

  @Test
  void aNudgedJobRunsWhileOtherJobsAreStillBusy() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(3);
    CountDownLatch ran = new CountDownLatch(1);
    try (Background background = new Background()) {
      // three jobs, each held in the middle of a run: more than any fixed pool of two or three
      for (String name : new String[] {"events", "indexer", "digest"}) {
        background.every(
            name,
            RARELY,
            () -> {
              busy.countDown();
              release.await(30, TimeUnit.SECONDS);
              return false;
            });
      }
      background.every(
          "mail-in",
          RARELY,
          () -> {
            ran.countDown();
            return false;
          });
      background.nudge("events");
      background.nudge("indexer");
      background.nudge("digest");
      assertThat(busy.await(10, TimeUnit.SECONDS)).as("the three jobs are running").isTrue();

      background.nudge("mail-in");

      assertThat(ran.await(10, TimeUnit.SECONDS))
          .as("the nudged job ran while the others were busy")
          .isTrue();
      release.countDown();
    }
  }

  @Test
  void nudgesThatComeWhileAJobRunsAreServedByOneMoreRunNotOneEach() throws Exception {
    CountDownLatch firstRunStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch markerSeen = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean marker =
        new java.util.concurrent.atomic.AtomicBoolean();
    try (Background background = new Background()) {
      background.every(
          "mail-in",
          RARELY,
          () -> {
            if (runs.incrementAndGet() == 1) {
              firstRunStarted.countDown();
              release.await(30, TimeUnit.SECONDS);
            }
            if (marker.get()) {
              markerSeen.countDown();
            }
            return false;
          });
      background.nudge("mail-in");
      assertThat(firstRunStarted.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 100; i++) {
        background.nudge("mail-in");
      }
      release.countDown();
      // what came after the first run's last look is looked for once more
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (runs.get() < 2 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(runs.get()).as("a run after the nudges").isGreaterThanOrEqualTo(2);
      // the job's thread takes its work in order: once a nudge given now has run, nothing queued
      // before it is left
      marker.set(true);
      background.nudge("mail-in");
      assertThat(markerSeen.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(runs.get())
          .as("100 nudges during one run cost at most two more runs, plus the last nudge's")
          .isLessThanOrEqualTo(4);
    }
  }
}
