package org.indaba.translation;

import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.TRANSLATION;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.model.ContentKind;
import org.jooq.DSLContext;
import org.jooq.Record;

/** The translation table: one row per entity and language. */
public final class TranslationRepository {
  private final DSLContext dsl;

  public TranslationRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  private static Translation toTranslation(Record r) {
    OffsetDateTime updated = r.get(TRANSLATION.UPDATED_AT);
    return new Translation(
        r.get(TRANSLATION.ID),
        r.get(TRANSLATION.ENTITY_TYPE),
        r.get(TRANSLATION.ENTITY_ID),
        r.get(TRANSLATION.LANGUAGE),
        r.get(TRANSLATION.TITLE),
        r.get(TRANSLATION.BODY),
        r.get(TRANSLATION.BODY_HTML),
        r.get(TRANSLATION.MACHINE),
        r.get(TRANSLATION.REVIEWED),
        r.get(TRANSLATION.TRANSLATOR_ID),
        r.get(MEMBER.DISPLAY_NAME),
        updated == null ? null : updated.toInstant(),
        Boolean.TRUE.equals(r.get(TRANSLATION.OUTDATED)),
        r.get(TRANSLATION.SUMMARY));
  }

  /** Sets the summary of a discussion's translation into a language; false when there is none. */
  public static boolean setSummary(
      DSLContext tx, long discussionId, String language, String summary) {
    return tx.update(TRANSLATION)
            .set(TRANSLATION.SUMMARY, summary)
            .where(
                TRANSLATION
                    .ENTITY_TYPE
                    .eq(org.indaba.model.ContentKind.DISCUSSION.code())
                    .and(TRANSLATION.ENTITY_ID.eq(discussionId))
                    .and(TRANSLATION.LANGUAGE.eq(language)))
            .execute()
        > 0;
  }

  /**
   * Marks every translation of an entity as made from an earlier version of it (its original
   * changed); saving a translation again clears the mark.
   */
  public static void markOutdated(DSLContext tx, String type, long id) {
    tx.update(TRANSLATION)
        .set(TRANSLATION.OUTDATED, true)
        .where(TRANSLATION.ENTITY_TYPE.eq(type).and(TRANSLATION.ENTITY_ID.eq(id)))
        .execute();
  }

  /** A reviewed human translation as another feature's form gives it (the library's resources). */
  public record Reviewed(String language, String title, String body, String bodyHtml) {}

  /** Replaces every translation of an item by the given reviewed ones, all by one translator. */
  public static void replaceReviewed(
      DSLContext tx,
      ContentKind kind,
      long id,
      List<Reviewed> rows,
      long translatorId,
      Instant now) {
    OffsetDateTime at = now.atOffset(java.time.ZoneOffset.UTC);
    tx.deleteFrom(TRANSLATION)
        .where(TRANSLATION.ENTITY_TYPE.eq(kind.code()).and(TRANSLATION.ENTITY_ID.eq(id)))
        .execute();
    for (Reviewed t : rows) {
      tx.insertInto(TRANSLATION)
          .set(TRANSLATION.ENTITY_TYPE, kind.code())
          .set(TRANSLATION.ENTITY_ID, id)
          .set(TRANSLATION.LANGUAGE, t.language())
          .set(TRANSLATION.TITLE, t.title())
          .set(TRANSLATION.BODY, t.body())
          .set(TRANSLATION.BODY_HTML, t.bodyHtml())
          .set(TRANSLATION.MACHINE, false)
          .set(TRANSLATION.REVIEWED, true)
          .set(TRANSLATION.TRANSLATOR_ID, translatorId)
          .set(TRANSLATION.CREATED_AT, at)
          .set(TRANSLATION.UPDATED_AT, at)
          .execute();
    }
  }

  private org.jooq.SelectOnConditionStep<Record> rows() {
    return dsl.select(TRANSLATION.fields())
        .select(MEMBER.DISPLAY_NAME)
        .from(TRANSLATION)
        .leftJoin(MEMBER)
        .on(MEMBER.ID.eq(TRANSLATION.TRANSLATOR_ID));
  }

  public Optional<Translation> find(String type, long id, String language) {
    return rows()
        .where(
            TRANSLATION
                .ENTITY_TYPE
                .eq(type)
                .and(TRANSLATION.ENTITY_ID.eq(id))
                .and(TRANSLATION.LANGUAGE.eq(language)))
        .fetchOptional(TranslationRepository::toTranslation);
  }

  public List<Translation> all(String type, long id) {
    return rows()
        .where(TRANSLATION.ENTITY_TYPE.eq(type).and(TRANSLATION.ENTITY_ID.eq(id)))
        .orderBy(TRANSLATION.LANGUAGE)
        .fetch(TranslationRepository::toTranslation);
  }

  /** The translations of many entities of one type into one language, by entity id (one query). */
  public Map<Long, Translation> into(String type, Collection<Long> ids, String language) {
    Map<Long, Translation> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    rows()
        .where(
            TRANSLATION
                .ENTITY_TYPE
                .eq(type)
                .and(TRANSLATION.ENTITY_ID.in(ids))
                .and(TRANSLATION.LANGUAGE.eq(language)))
        .forEach(r -> out.put(r.get(TRANSLATION.ENTITY_ID), toTranslation(r)));
    return out;
  }

  /**
   * The non-blank translated titles of many entities of one type in several languages, by entity id
   * then language (one query).
   */
  public Map<Long, Map<String, String>> titles(
      String type, Collection<Long> ids, Collection<String> languages) {
    Map<Long, Map<String, String>> out = new HashMap<>();
    if (ids.isEmpty() || languages.isEmpty()) {
      return out;
    }
    dsl.select(TRANSLATION.ENTITY_ID, TRANSLATION.LANGUAGE, TRANSLATION.TITLE)
        .from(TRANSLATION)
        .where(
            TRANSLATION
                .ENTITY_TYPE
                .eq(type)
                .and(TRANSLATION.ENTITY_ID.in(ids))
                .and(TRANSLATION.LANGUAGE.in(languages))
                .and(TRANSLATION.TITLE.isNotNull())
                .and(TRANSLATION.TITLE.ne("")))
        .forEach(
            r ->
                out.computeIfAbsent(r.value1(), k -> new HashMap<>())
                    .put(r.value2(), r.value3().strip()));
    return out;
  }

  /** Creates or replaces the translation of an entity into a language. */
  public void save(
      DSLContext tx,
      String type,
      long id,
      String language,
      String title,
      String body,
      String bodyHtml,
      boolean machine,
      boolean reviewed,
      long translatorId,
      Instant now) {
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    tx.insertInto(TRANSLATION)
        .set(TRANSLATION.ENTITY_TYPE, type)
        .set(TRANSLATION.ENTITY_ID, id)
        .set(TRANSLATION.LANGUAGE, language)
        .set(TRANSLATION.TITLE, title)
        .set(TRANSLATION.BODY, body)
        .set(TRANSLATION.BODY_HTML, bodyHtml)
        .set(TRANSLATION.MACHINE, machine)
        .set(TRANSLATION.REVIEWED, reviewed)
        .set(TRANSLATION.TRANSLATOR_ID, translatorId)
        .set(TRANSLATION.CREATED_AT, at)
        .set(TRANSLATION.UPDATED_AT, at)
        .onConflict(TRANSLATION.ENTITY_TYPE, TRANSLATION.ENTITY_ID, TRANSLATION.LANGUAGE)
        .doUpdate()
        .set(TRANSLATION.TITLE, title)
        .set(TRANSLATION.BODY, body)
        .set(TRANSLATION.BODY_HTML, bodyHtml)
        .set(TRANSLATION.MACHINE, machine)
        .set(TRANSLATION.REVIEWED, reviewed)
        .set(TRANSLATION.TRANSLATOR_ID, translatorId)
        .set(TRANSLATION.UPDATED_AT, at)
        .set(TRANSLATION.OUTDATED, false)
        .execute();
  }

  /** Marks a translation as checked by a person; false when there is none. */
  public boolean markReviewed(DSLContext tx, String type, long id, String language, Instant now) {
    return tx.update(TRANSLATION)
            .set(TRANSLATION.REVIEWED, true)
            .set(TRANSLATION.UPDATED_AT, now.atOffset(ZoneOffset.UTC))
            .where(
                TRANSLATION
                    .ENTITY_TYPE
                    .eq(type)
                    .and(TRANSLATION.ENTITY_ID.eq(id))
                    .and(TRANSLATION.LANGUAGE.eq(language)))
            .execute()
        == 1;
  }

  /** A discussion's title as written and, when there is one, its translated title. */
  public record DiscussionTitleRow(
      String slug, String title, String language, String translatedTitle, String translation) {}

  /**
   * The titles of the discussions with these slugs, each with its translation into {@code language}
   * when that translation has a title (one query).
   */
  public List<DiscussionTitleRow> discussionTitles(Collection<String> slugs, String language) {
    if (slugs.isEmpty()) {
      return List.of();
    }
    return dsl.select(
            DISCUSSION.SLUG,
            DISCUSSION.TITLE,
            DISCUSSION.LANGUAGE,
            TRANSLATION.TITLE,
            TRANSLATION.LANGUAGE)
        .from(DISCUSSION)
        .leftJoin(TRANSLATION)
        .on(
            TRANSLATION
                .ENTITY_TYPE
                .eq(ContentKind.DISCUSSION.code())
                .and(TRANSLATION.ENTITY_ID.eq(DISCUSSION.ID))
                .and(TRANSLATION.LANGUAGE.eq(language == null ? "" : language))
                .and(TRANSLATION.TITLE.ne("")))
        .where(DISCUSSION.SLUG.in(slugs))
        .fetch(
            r ->
                new DiscussionTitleRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
  }
}
