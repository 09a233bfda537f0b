package org.indaba.db;

import static org.indaba.db.schema.Tables.RATE_BUCKET;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Fixed-window counters in PostgreSQL, so that every server process counts the same hits (login
 * attempts per address and per IP, messages per sender). One upsert per hit.
 */
public final class RateLimiter {
  private final DSLContext dsl;
  private final Clock clock;

  public RateLimiter(DSLContext dsl, Clock clock) {
    this.dsl = dsl;
    this.clock = clock;
  }

  /** Counts one hit and says whether it is within {@code limit} hits per {@code window}. */
  public boolean tryAcquire(String bucket, int limit, Duration window) {
    return hit(bucket, window) <= limit;
  }

  /**
   * One more hit in a bucket's current window, starting the count again in a new window; rendered
   * once, since every message and every sign-in attempt counts one.
   */
  private static final Rendered HIT =
      Rendered.of(
          DSL.insertInto(
                  RATE_BUCKET, RATE_BUCKET.BUCKET, RATE_BUCKET.WINDOW_START, RATE_BUCKET.HITS)
              .values(
                  DSL.param("bucket", RATE_BUCKET.BUCKET),
                  DSL.param("window_start", RATE_BUCKET.WINDOW_START),
                  DSL.inline(1))
              .onConflict(RATE_BUCKET.BUCKET)
              .doUpdate()
              .set(
                  RATE_BUCKET.HITS,
                  DSL.when(
                          RATE_BUCKET.WINDOW_START.eq(DSL.excluded(RATE_BUCKET.WINDOW_START)),
                          RATE_BUCKET.HITS.plus(DSL.inline(1)))
                      .otherwise(DSL.inline(1)))
              .set(RATE_BUCKET.WINDOW_START, DSL.excluded(RATE_BUCKET.WINDOW_START))
              .returning(RATE_BUCKET.HITS));

  /** Counts one hit and returns the number of hits in the current window, this one included. */
  public int hit(String bucket, Duration window) {
    return HIT.fetchSingle(dsl, RATE_BUCKET.HITS, bucket, windowStart(window));
  }

  /**
   * Locks these buckets (creating those that do not exist yet, with no hit) in the caller's
   * transaction, always in the same order: work that counts hits in several buckets in one
   * transaction (a batch of mail) then never waits in a cycle with another doing the same.
   */
  public void holdAll(java.util.Collection<String> buckets, Duration window) {
    if (buckets.isEmpty()) {
      return;
    }
    java.util.List<String> sorted = buckets.stream().distinct().sorted().toList();
    OffsetDateTime start = windowStart(window);
    var insert =
        dsl.insertInto(RATE_BUCKET, RATE_BUCKET.BUCKET, RATE_BUCKET.WINDOW_START, RATE_BUCKET.HITS);
    for (String b : sorted) {
      insert = insert.values(b, start, 0);
    }
    insert.onConflict(RATE_BUCKET.BUCKET).doNothing().execute();
    dsl.select(RATE_BUCKET.BUCKET)
        .from(RATE_BUCKET)
        .where(RATE_BUCKET.BUCKET.in(sorted))
        .orderBy(RATE_BUCKET.BUCKET)
        .forUpdate()
        .execute();
  }

  /** Hits so far in the current window, without counting one. */
  public int current(String bucket, Duration window) {
    OffsetDateTime start = windowStart(window);
    Integer n =
        dsl.select(RATE_BUCKET.HITS)
            .from(RATE_BUCKET)
            .where(RATE_BUCKET.BUCKET.eq(bucket).and(RATE_BUCKET.WINDOW_START.eq(start)))
            .fetchOne(RATE_BUCKET.HITS);
    return n == null ? 0 : n;
  }

  /** A run of failures and when the last one happened (for growing delays). */
  public record Streak(int failures, Instant last) {
    static final Streak NONE = new Streak(0, null);
  }

  /** The current run of failures in {@code bucket}; none once {@code forget} has passed. */
  public Streak streak(String bucket, Duration forget) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    return dsl.select(RATE_BUCKET.HITS, RATE_BUCKET.WINDOW_START)
        .from(RATE_BUCKET)
        .where(RATE_BUCKET.BUCKET.eq(bucket).and(RATE_BUCKET.WINDOW_START.gt(now.minus(forget))))
        .fetchOptional(r -> new Streak(r.value1(), r.value2().toInstant()))
        .orElse(Streak.NONE);
  }

  /** Counts one more failure in a run, remembering when it happened; returns the run's length. */
  public int failure(String bucket, Duration forget) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    return dsl.insertInto(
            RATE_BUCKET, RATE_BUCKET.BUCKET, RATE_BUCKET.WINDOW_START, RATE_BUCKET.HITS)
        .values(bucket, now, 1)
        .onConflict(RATE_BUCKET.BUCKET)
        .doUpdate()
        .set(
            RATE_BUCKET.HITS,
            DSL.when(RATE_BUCKET.WINDOW_START.gt(now.minus(forget)), RATE_BUCKET.HITS.plus(1))
                .otherwise(1))
        .set(RATE_BUCKET.WINDOW_START, now)
        .returning(RATE_BUCKET.HITS)
        .fetchSingle()
        .getHits();
  }

  public void reset(String bucket) {
    dsl.deleteFrom(RATE_BUCKET).where(RATE_BUCKET.BUCKET.eq(bucket)).execute();
  }

  private OffsetDateTime windowStart(Duration window) {
    long w = window.toMillis();
    long now = clock.millis();
    return Instant.ofEpochMilli(now - now % w).atOffset(ZoneOffset.UTC);
  }
}
