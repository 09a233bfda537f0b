package org.indaba.discussion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.DOMAIN_EVENT;
import static org.indaba.db.schema.Tables.SEARCH_OUTBOX;
import static org.indaba.db.schema.Tables.THEME;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.indaba.db.EventKind;
import org.indaba.model.Viewer;
import org.indaba.testing.MutableClock;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.Test;

class ThemePublisherConcurrencyTest {

  @Test
  void twoServerProcessesPublishEachDueThemeExactlyOnce() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    TestApp one =
        TestApp.start(org.indaba.testing.TestDatabase.freshDatabaseUrl(), Map.of(), clock);
    TestApp two = TestApp.start(one.databaseUrl, Map.of(), clock);
    try {
      long modId = one.member("mod@race.test", "Race Moderator", "moderator");
      Viewer mod = one.app.accounts.byId(modId).orElseThrow().toViewer();
      int discussions = 30;
      for (int i = 0; i < discussions; i++) {
        one.app.discussions.create(
            Optional.of(mod),
            new DiscussionService.Form(
                "race-" + i,
                "Race " + i,
                "",
                "",
                "en",
                "",
                "2026-03-02",
                "UTC",
                "2",
                false,
                false));
      }
      // every week-1 theme is due at 09:00; week 2 is not
      clock.set(Instant.parse("2026-03-02T09:00:01Z"));
      CyclicBarrier start = new CyclicBarrier(2);
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        CompletableFuture<Void> a =
            CompletableFuture.runAsync(
                () -> {
                  await(start);
                  one.app.background.runNow("theme-publisher");
                },
                threads);
        CompletableFuture<Void> b =
            CompletableFuture.runAsync(
                () -> {
                  await(start);
                  two.app.background.runNow("theme-publisher");
                },
                threads);
        CompletableFuture.allOf(a, b).get(60, TimeUnit.SECONDS);
      } finally {
        threads.shutdown();
      }

      var dsl = one.app.db.dsl();
      assertThat(dsl.fetchCount(THEME, THEME.WEEK.eq(1).and(THEME.PUBLISHED_AT.isNotNull())))
          .isEqualTo(discussions);
      assertThat(dsl.fetchCount(THEME, THEME.WEEK.eq(2).and(THEME.PUBLISHED_AT.isNotNull())))
          .isZero();
      assertThat(
              dsl.fetchCount(DOMAIN_EVENT, DOMAIN_EVENT.KIND.eq(EventKind.THEME_PUBLISHED.code())))
          .isEqualTo(discussions);
      assertThat(
              dsl.selectCount()
                  .from(DOMAIN_EVENT)
                  .where(DOMAIN_EVENT.KIND.eq(EventKind.THEME_PUBLISHED.code()))
                  .groupBy(DOMAIN_EVENT.ENTITY_ID)
                  .fetch(0, Integer.class))
          .containsOnly(1);
      assertThat(dsl.fetchCount(SEARCH_OUTBOX, SEARCH_OUTBOX.ENTITY_TYPE.eq("theme")))
          .isEqualTo(discussions);
      assertThat(
              dsl.selectDistinct(THEME.PUBLISHED_AT)
                  .from(THEME)
                  .where(THEME.WEEK.eq(1))
                  .fetch(THEME.PUBLISHED_AT))
          .hasSize(1);

      // a moderator publishing early while the scheduler runs: still one event
      one.app.discussions.publishThemeNow(Optional.of(mod), "race-0", 2);
      one.app.discussions.publishThemeNow(Optional.of(mod), "race-0", 2);
      clock.set(Instant.parse("2026-03-09T09:00:01Z"));
      two.app.background.runNow("theme-publisher");
      assertThat(
              dsl.fetchCount(DOMAIN_EVENT, DOMAIN_EVENT.KIND.eq(EventKind.THEME_PUBLISHED.code())))
          .isEqualTo(discussions * 2);
    } finally {
      two.close();
      one.close();
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
