package org.indaba.consolidated;

import static org.indaba.db.schema.Tables.WEEK_SUMMARY;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/** Per-week summaries written by moderators, one per week and language. */
public final class WeekSummaryRepository {
  private final DSLContext dsl;

  public WeekSummaryRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  public record Summary(
      long id,
      long discussionId,
      int week,
      String language,
      String body,
      String bodyHtml,
      OffsetDateTime publishedAt) {
    public boolean published() {
      return publishedAt != null;
    }
  }

  private static Summary of(org.indaba.db.schema.tables.records.WeekSummaryRecord r) {
    return new Summary(
        r.getId(),
        r.getDiscussionId(),
        r.getWeek(),
        r.getLanguage(),
        r.getBody(),
        r.getBodyHtml(),
        r.getPublishedAt());
  }

  public List<Summary> ofDiscussion(long discussionId) {
    return dsl.selectFrom(WEEK_SUMMARY)
        .where(WEEK_SUMMARY.DISCUSSION_ID.eq(discussionId))
        .orderBy(WEEK_SUMMARY.WEEK, WEEK_SUMMARY.ID)
        .fetch(WeekSummaryRepository::of);
  }

  public Optional<Summary> one(long discussionId, int week, String language) {
    return dsl.selectFrom(WEEK_SUMMARY)
        .where(
            WEEK_SUMMARY
                .DISCUSSION_ID
                .eq(discussionId)
                .and(WEEK_SUMMARY.WEEK.eq(week))
                .and(WEEK_SUMMARY.LANGUAGE.eq(language)))
        .fetchOptional(WeekSummaryRepository::of);
  }

  /**
   * The published summary of each week in {@code lang} when one was written in it, else the first
   * one written.
   */
  public Map<Integer, Summary> publishedFor(long discussionId, String lang) {
    Map<Integer, Summary> out = new LinkedHashMap<>();
    for (Summary s : ofDiscussion(discussionId)) {
      if (!s.published()) {
        continue;
      }
      Summary had = out.get(s.week());
      if (had == null || (!had.language().equals(lang) && s.language().equals(lang))) {
        out.put(s.week(), s);
      }
    }
    return out;
  }

  /** Creates or replaces the summary of a week in one language; returns its id. */
  public long save(
      DSLContext tx,
      long discussionId,
      int week,
      String language,
      String body,
      String bodyHtml,
      boolean publish,
      long by,
      OffsetDateTime now) {
    return tx.insertInto(WEEK_SUMMARY)
        .set(WEEK_SUMMARY.DISCUSSION_ID, discussionId)
        .set(WEEK_SUMMARY.WEEK, week)
        .set(WEEK_SUMMARY.LANGUAGE, language)
        .set(WEEK_SUMMARY.BODY, body)
        .set(WEEK_SUMMARY.BODY_HTML, bodyHtml)
        .set(WEEK_SUMMARY.PUBLISHED_AT, publish ? now : null)
        .set(WEEK_SUMMARY.WRITTEN_BY, by)
        .set(WEEK_SUMMARY.CREATED_AT, now)
        .set(WEEK_SUMMARY.UPDATED_AT, now)
        .onConflict(WEEK_SUMMARY.DISCUSSION_ID, WEEK_SUMMARY.WEEK, WEEK_SUMMARY.LANGUAGE)
        .doUpdate()
        .set(WEEK_SUMMARY.BODY, body)
        .set(WEEK_SUMMARY.BODY_HTML, bodyHtml)
        .set(
            WEEK_SUMMARY.PUBLISHED_AT,
            publish
                ? org.jooq.impl.DSL.coalesce(WEEK_SUMMARY.PUBLISHED_AT, org.jooq.impl.DSL.val(now))
                : null)
        .set(WEEK_SUMMARY.WRITTEN_BY, by)
        .set(WEEK_SUMMARY.UPDATED_AT, now)
        .returning(WEEK_SUMMARY.ID)
        .fetchSingle()
        .getId();
  }
}
