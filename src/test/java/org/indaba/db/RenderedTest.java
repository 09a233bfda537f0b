package org.indaba.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.indaba.db.schema.Tables.RATE_BUCKET;

import java.time.Duration;
import java.time.Instant;
import org.indaba.testing.MutableClock;
import org.indaba.testing.TestDatabase;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statements rendered once take new values at every run, and refuse what would bind the wrong
 * values: a placeholder used twice, or too few values. The rate counter is one of them.
 */
class RenderedTest {
  static Database db;

  @BeforeAll
  static void start() {
    db = new Database(TestDatabase.freshDatabaseUrl(), "postgres", "", 2);
    db.migrate();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void aRateCounterCountsUpWithinAWindowAndStartsAgainInTheNext() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:10Z"));
    RateLimiter limiter = new RateLimiter(db.dsl(), clock);
    Duration minute = Duration.ofMinutes(1);
    assertThat(limiter.hit("sender:a@example.org", minute)).isEqualTo(1);
    assertThat(limiter.hit("sender:a@example.org", minute)).isEqualTo(2);
    assertThat(limiter.hit("sender:b@example.org", minute)).isEqualTo(1);
    assertThat(limiter.hit("sender:a@example.org", minute)).isEqualTo(3);
    clock.advance(minute);
    assertThat(limiter.hit("sender:a@example.org", minute)).isEqualTo(1);
    assertThat(limiter.current("sender:a@example.org", minute)).isEqualTo(1);
    assertThat(limiter.current("sender:b@example.org", minute)).isZero();
  }

  @Test
  void aStatementRunsWithTheValuesOfEachCallAndItsFieldsTypes() {
    Rendered count =
        Rendered.of(
            DSL.select(DSL.count())
                .from(RATE_BUCKET)
                .where(
                    RATE_BUCKET
                        .BUCKET
                        .eq(DSL.param("bucket", RATE_BUCKET.BUCKET))
                        .and(RATE_BUCKET.HITS.ge(DSL.param("hits", RATE_BUCKET.HITS)))));
    db.dsl()
        .insertInto(RATE_BUCKET, RATE_BUCKET.BUCKET, RATE_BUCKET.WINDOW_START, RATE_BUCKET.HITS)
        .values("login:x", java.time.OffsetDateTime.parse("2026-03-02T08:00:00Z"), 5)
        .execute();
    assertThat(count.fetchSingle(db.dsl(), DSL.count(), "login:x", 5)).isEqualTo(1);
    assertThat(count.fetchSingle(db.dsl(), DSL.count(), "login:x", 6)).isZero();
    assertThat(count.fetchSingle(db.dsl(), DSL.count(), "login:y", 0)).isZero();
    assertThat(count.sql()).contains("?").doesNotContain("login:x");
  }

  @Test
  void aStatementWithoutValuesRunsInTheCallersTransaction() {
    String inside =
        db.tx(
            tx -> {
              tx.execute("SET LOCAL synchronous_commit = on");
              Database.commitWithoutWaitingForDisk(tx);
              return tx.fetchValue("SHOW synchronous_commit").toString();
            });
    assertThat(inside).isEqualTo("off");
  }

  @Test
  void aPlaceholderUsedTwiceIsRefusedWhenTheStatementIsRendered() {
    var bucket = DSL.param("bucket", RATE_BUCKET.BUCKET);
    assertThatThrownBy(
            () ->
                Rendered.of(
                    DSL.selectOne()
                        .from(RATE_BUCKET)
                        .where(RATE_BUCKET.BUCKET.eq(bucket).or(RATE_BUCKET.BUCKET.gt(bucket)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than once");
  }

  @Test
  void tooFewValuesAreRefusedBeforeAnythingIsSent() {
    Rendered delete =
        Rendered.of(
            DSL.deleteFrom(RATE_BUCKET)
                .where(RATE_BUCKET.BUCKET.eq(DSL.param("bucket", RATE_BUCKET.BUCKET))));
    long before = Database.statementsOnThisThread();
    assertThatThrownBy(() -> delete.execute(db.dsl()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 values expected, 0 given");
    assertThat(Database.statementsOnThisThread()).isEqualTo(before);
  }
}
