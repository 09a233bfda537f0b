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
      OffsetDateTime publishedAt,
      boolean machine) {
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
        r.getPublishedAt(),
        Boolean.TRUE.equals(r.getMachine()));
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

  public Optional<Summary> byId(long id) {
    return dsl.selectFrom(WEEK_SUMMARY)
        .where(WEEK_SUMMARY.ID.eq(id))
        .fetchOptional(WeekSummaryRepository::of);
  }

  /**
   * Creates or corrects the text of a week's summary in one language; a published summary stays
   * published (corrected in place). Returns its id.
   */
  public long saveText(
      DSLContext tx,
      long discussionId,
      int week,
      String language,
      String body,
      String bodyHtml,
      long by,
      OffsetDateTime now) {
    return upsert(tx, discussionId, week, language, body, bodyHtml, false, by, now)
        // a machine draft saved unchanged is still the machine's text
        .set(
            WEEK_SUMMARY.MACHINE,
            org.jooq
                .impl
                .DSL
                .when(WEEK_SUMMARY.BODY.eq(body), WEEK_SUMMARY.MACHINE)
                .otherwise(false))
        .set(WEEK_SUMMARY.BODY, body)
        .set(WEEK_SUMMARY.BODY_HTML, bodyHtml)
        .set(WEEK_SUMMARY.WRITTEN_BY, by)
        .set(WEEK_SUMMARY.UPDATED_AT, now)
        .returning(WEEK_SUMMARY.ID)
        .fetchSingle()
        .getId();
  }

  /**
   * Stores a machine draft of a week's summary in a language, replacing an earlier draft there but
   * never a published text; empty when that language's version is published.
   */
  public java.util.Optional<Long> saveMachineDraft(
      DSLContext tx,
      long discussionId,
      int week,
      String language,
      String body,
      String bodyHtml,
      long by,
      OffsetDateTime now) {
    return upsert(tx, discussionId, week, language, body, bodyHtml, true, by, now)
        .set(WEEK_SUMMARY.BODY, body)
        .set(WEEK_SUMMARY.BODY_HTML, bodyHtml)
        .set(WEEK_SUMMARY.MACHINE, true)
        .set(WEEK_SUMMARY.WRITTEN_BY, by)
        .set(WEEK_SUMMARY.UPDATED_AT, now)
        .where(WEEK_SUMMARY.PUBLISHED_AT.isNull())
        .returning(WEEK_SUMMARY.ID)
        .fetchOptional()
        .map(r -> r.getId());
  }

  /**
   * A new version of a week's summary in a language; on one that exists, what the caller sets next
   * is updated instead.
   */
  private static org.jooq.InsertOnDuplicateSetStep<
          org.indaba.db.schema.tables.records.WeekSummaryRecord>
      upsert(
          DSLContext tx,
          long discussionId,
          int week,
          String language,
          String body,
          String bodyHtml,
          boolean machine,
          long by,
          OffsetDateTime now) {
    return tx.insertInto(WEEK_SUMMARY)
        .set(WEEK_SUMMARY.DISCUSSION_ID, discussionId)
        .set(WEEK_SUMMARY.WEEK, week)
        .set(WEEK_SUMMARY.LANGUAGE, language)
        .set(WEEK_SUMMARY.BODY, body)
        .set(WEEK_SUMMARY.BODY_HTML, bodyHtml)
        .set(WEEK_SUMMARY.MACHINE, machine)
        .set(WEEK_SUMMARY.WRITTEN_BY, by)
        .set(WEEK_SUMMARY.CREATED_AT, now)
        .set(WEEK_SUMMARY.UPDATED_AT, now)
        .onConflict(WEEK_SUMMARY.DISCUSSION_ID, WEEK_SUMMARY.WEEK, WEEK_SUMMARY.LANGUAGE)
        .doUpdate();
  }

  /** Publishes a draft; false when it was already published (of two clicks, one counts). */
  public boolean publish(DSLContext tx, long id, OffsetDateTime now) {
    return tx.update(WEEK_SUMMARY)
            .set(WEEK_SUMMARY.PUBLISHED_AT, now)
            .set(WEEK_SUMMARY.UPDATED_AT, now)
            .where(WEEK_SUMMARY.ID.eq(id).and(WEEK_SUMMARY.PUBLISHED_AT.isNull()))
            .execute()
        == 1;
  }

  /** Takes a published summary back to a draft; false when it was not published. */
  public boolean withdraw(DSLContext tx, long id, OffsetDateTime now) {
    return tx.update(WEEK_SUMMARY)
            .setNull(WEEK_SUMMARY.PUBLISHED_AT)
            .set(WEEK_SUMMARY.UPDATED_AT, now)
            .where(WEEK_SUMMARY.ID.eq(id).and(WEEK_SUMMARY.PUBLISHED_AT.isNotNull()))
            .execute()
        == 1;
  }

  /** Each week's theme title and the discussion's number of weeks, for headings and checks. */
  public Map<Integer, String> themeTitles(long discussionId) {
    Map<Integer, String> out = new LinkedHashMap<>();
    dsl.select(org.indaba.db.schema.Tables.THEME.WEEK, org.indaba.db.schema.Tables.THEME.TITLE)
        .from(org.indaba.db.schema.Tables.THEME)
        .where(org.indaba.db.schema.Tables.THEME.DISCUSSION_ID.eq(discussionId))
        .orderBy(org.indaba.db.schema.Tables.THEME.WEEK)
        .forEach(r -> out.put(r.value1(), r.value2()));
    return out;
  }

  /** The welcomed languages of a discussion, as stored ("en,fr"). */
  public List<String> welcomedLanguages(long discussionId) {
    String s =
        dsl.select(org.indaba.db.schema.Tables.DISCUSSION.WELCOMED_LANGUAGES)
            .from(org.indaba.db.schema.Tables.DISCUSSION)
            .where(org.indaba.db.schema.Tables.DISCUSSION.ID.eq(discussionId))
            .fetchOne(org.indaba.db.schema.Tables.DISCUSSION.WELCOMED_LANGUAGES);
    return s == null || s.isBlank()
        ? List.of()
        : java.util.Arrays.stream(s.split(","))
            .map(String::strip)
            .filter(x -> !x.isEmpty())
            .toList();
  }
}
