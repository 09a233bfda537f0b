package org.indaba.search;

import static org.indaba.db.schema.Tables.CONSOLIDATED_REPLY;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.RESOURCE;
import static org.indaba.db.schema.Tables.RESOURCE_AUTHOR;
import static org.indaba.db.schema.Tables.RESOURCE_COUNTRY;
import static org.indaba.db.schema.Tables.RESOURCE_FILE;
import static org.indaba.db.schema.Tables.RESOURCE_TOPIC;
import static org.indaba.db.schema.Tables.RESOURCE_TOPIC_LINK;
import static org.indaba.db.schema.Tables.SEARCH_OUTBOX;
import static org.indaba.db.schema.Tables.THEME;
import static org.indaba.db.schema.Tables.TRANSLATION;
import static org.indaba.db.schema.Tables.WEEK_SUMMARY;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.indaba.db.schema.tables.Member;
import org.indaba.model.ContentKind;
import org.indaba.model.ContributionStatus;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Select;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * Reads what search shows from the tables the discussion and moderation features write. The
 * visibility rules live here, once, and serve the indexer, the rebuild and the check of each page
 * of hits, so the three can never disagree.
 */
public final class SearchSourceRepository {

  /** One change recorded by {@link SearchOutbox}; {@code txid} is the writing transaction's id. */
  public record OutboxEntry(long id, long txid, String entityType, long entityId) {}

  /**
   * An entity in its current, visible state; {@code markdown} is the body before plain-text
   * conversion.
   */
  public record Source(
      ContentKind type,
      long id,
      String discussionSlug,
      String discussionTitle,
      Integer week,
      String language,
      String title,
      String markdown,
      String authorName,
      String organisation,
      String country,
      Instant date,
      String url,
      String kind,
      List<String> topics) {

    /**
     * A member's country is stored as its ISO code; it is indexed by its English name, as a
     * resource's countries are, so that "country:senegal" finds both.
     */
    public Source {
      if (org.indaba.i18n.Countries.isCode(country)) {
        country = org.indaba.i18n.Countries.name(country, "en");
      }
    }

    /** A source without library facets. */
    public Source(
        ContentKind type,
        long id,
        String discussionSlug,
        String discussionTitle,
        Integer week,
        String language,
        String title,
        String markdown,
        String authorName,
        String organisation,
        String country,
        Instant date,
        String url) {
      this(
          type,
          id,
          discussionSlug,
          discussionTitle,
          week,
          language,
          title,
          markdown,
          authorName,
          organisation,
          country,
          date,
          url,
          null,
          List.of());
    }
  }

  /** A translation of an entity, Markdown body. */
  public record TranslationRow(
      ContentKind type, long entityId, String language, String title, String markdown) {}

  private static final Member AUTHOR = MEMBER.as("author");

  private final DSLContext dsl;

  public SearchSourceRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  // ---- outbox

  /**
   * Every transaction with an id below the returned value has finished (committed or rolled back),
   * so every outbox row it wrote is visible now and no more will appear.
   */
  public long finishedTransactionsBelow() {
    return dsl.fetchValue(
        DSL.field("(pg_snapshot_xmin(pg_current_snapshot())::text)::bigint", Long.class));
  }

  /** Rows of transactions in {@code [fromTxid, belowTxid)}, in transaction then id order. */
  public List<OutboxEntry> outbox(long fromTxid, long belowTxid, int limit) {
    return dsl.select(
            SEARCH_OUTBOX.ID,
            SEARCH_OUTBOX.TXID,
            SEARCH_OUTBOX.ENTITY_TYPE,
            SEARCH_OUTBOX.ENTITY_ID)
        .from(SEARCH_OUTBOX)
        .where(SEARCH_OUTBOX.TXID.ge(fromTxid).and(SEARCH_OUTBOX.TXID.lt(belowTxid)))
        .orderBy(SEARCH_OUTBOX.TXID, SEARCH_OUTBOX.ID)
        .limit(limit)
        .fetch(r -> new OutboxEntry(r.value1(), r.value2(), r.value3(), r.value4()));
  }

  /** All rows of one transaction, for a transaction that wrote more rows than a batch holds. */
  public List<OutboxEntry> outboxOfTransaction(long txid) {
    return dsl.select(
            SEARCH_OUTBOX.ID,
            SEARCH_OUTBOX.TXID,
            SEARCH_OUTBOX.ENTITY_TYPE,
            SEARCH_OUTBOX.ENTITY_ID)
        .from(SEARCH_OUTBOX)
        .where(SEARCH_OUTBOX.TXID.eq(txid))
        .orderBy(SEARCH_OUTBOX.ID)
        .fetch(r -> new OutboxEntry(r.value1(), r.value2(), r.value3(), r.value4()));
  }

  // ---- visibility rules

  private static final Condition DISCUSSION_PUBLIC = DISCUSSION.DRAFT.isFalse();

  private static Condition visible(ContentKind type) {
    return switch (type) {
      case CONTRIBUTION ->
          CONTRIBUTION.STATUS.eq(ContributionStatus.APPROVED).and(DISCUSSION_PUBLIC);
      case THEME -> THEME.PUBLISHED_AT.isNotNull().and(DISCUSSION_PUBLIC);
      case DISCUSSION -> DISCUSSION_PUBLIC;
      case REPLY -> CONSOLIDATED_REPLY.STATUS.eq("published").and(DISCUSSION_PUBLIC);
      case SUMMARY -> WEEK_SUMMARY.PUBLISHED_AT.isNotNull().and(DISCUSSION_PUBLIC);
      // resources belong to no discussion: published ones are public
      case RESOURCE -> RESOURCE.STATUS.eq("published");
    };
  }

  private static TableField<?, Long> idField(ContentKind type) {
    return switch (type) {
      case CONTRIBUTION -> CONTRIBUTION.ID;
      case THEME -> THEME.ID;
      case DISCUSSION -> DISCUSSION.ID;
      case REPLY -> CONSOLIDATED_REPLY.ID;
      case SUMMARY -> WEEK_SUMMARY.ID;
      case RESOURCE -> RESOURCE.ID;
    };
  }

  /** The entity joined with its discussion, ready for a visibility condition. */
  private org.jooq.Table<?> withDiscussion(ContentKind type) {
    return switch (type) {
      case CONTRIBUTION ->
          CONTRIBUTION.join(DISCUSSION).on(DISCUSSION.ID.eq(CONTRIBUTION.DISCUSSION_ID));
      case THEME -> THEME.join(DISCUSSION).on(DISCUSSION.ID.eq(THEME.DISCUSSION_ID));
      case DISCUSSION -> DISCUSSION;
      case REPLY ->
          CONSOLIDATED_REPLY
              .join(DISCUSSION)
              .on(DISCUSSION.ID.eq(CONSOLIDATED_REPLY.DISCUSSION_ID));
      case SUMMARY ->
          WEEK_SUMMARY.join(DISCUSSION).on(DISCUSSION.ID.eq(WEEK_SUMMARY.DISCUSSION_ID));
      case RESOURCE -> RESOURCE;
    };
  }

  /**
   * Which of the given entities are visible now, in ONE statement whatever the mix of types: the
   * check of a page of hits against the database.
   */
  public Set<String> visibleDocumentIds(Map<ContentKind, ? extends Collection<Long>> ids) {
    Select<Record2<String, Long>> union = null;
    for (var e : ids.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      ContentKind type = e.getKey();
      Select<Record2<String, Long>> part =
          dsl.select(DSL.inline(type.code()).as("t"), idField(type).as("i"))
              .from(withDiscussion(type))
              .where(idField(type).in(e.getValue()).and(visible(type)));
      union = union == null ? part : union.unionAll(part);
    }
    Set<String> out = new HashSet<>();
    if (union != null) {
      for (Record2<String, Long> r : dsl.fetch(union)) {
        out.add(r.value1() + ":" + r.value2());
      }
    }
    return out;
  }

  /** How many entities of a type are visible (progress of a rebuild). */
  public int countVisible(ContentKind type) {
    return dsl.fetchCount(dsl.selectOne().from(withDiscussion(type)).where(visible(type)));
  }

  /** Visible ids after {@code afterId}, in id order: keyset paging for a rebuild. */
  public List<Long> visibleIdsAfter(ContentKind type, long afterId, int limit) {
    TableField<?, Long> id = idField(type);
    return dsl.select(id)
        .from(withDiscussion(type))
        .where(visible(type).and(id.gt(afterId)))
        .orderBy(id)
        .limit(limit)
        .fetch(id);
  }

  /**
   * Ids of everything in the given discussions, visible or not: a discussion change touches them
   * all.
   */
  public Map<ContentKind, List<Long>> childrenOf(Collection<Long> discussionIds) {
    Map<ContentKind, List<Long>> out = new EnumMap<>(ContentKind.class);
    if (discussionIds.isEmpty()) {
      return out;
    }
    out.put(
        ContentKind.CONTRIBUTION,
        dsl.select(CONTRIBUTION.ID)
            .from(CONTRIBUTION)
            .where(CONTRIBUTION.DISCUSSION_ID.in(discussionIds))
            .fetch(CONTRIBUTION.ID));
    out.put(
        ContentKind.THEME,
        dsl.select(THEME.ID)
            .from(THEME)
            .where(THEME.DISCUSSION_ID.in(discussionIds))
            .fetch(THEME.ID));
    out.put(
        ContentKind.REPLY,
        dsl.select(CONSOLIDATED_REPLY.ID)
            .from(CONSOLIDATED_REPLY)
            .where(CONSOLIDATED_REPLY.DISCUSSION_ID.in(discussionIds))
            .fetch(CONSOLIDATED_REPLY.ID));
    out.put(
        ContentKind.SUMMARY,
        dsl.select(WEEK_SUMMARY.ID)
            .from(WEEK_SUMMARY)
            .where(WEEK_SUMMARY.DISCUSSION_ID.in(discussionIds))
            .fetch(WEEK_SUMMARY.ID));
    return out;
  }

  // ---- loading (one query per type)

  /** The visible ones among {@code ids}; the others are to be removed from the index. */
  public List<Source> load(ContentKind type, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return switch (type) {
      case CONTRIBUTION -> contributions(ids);
      case THEME -> themes(ids);
      case DISCUSSION -> discussions(ids);
      case REPLY -> replies(ids);
      case SUMMARY -> summaries(ids);
      case RESOURCE -> resources(ids);
    };
  }

  /**
   * Resources with their authors, organisations, countries (English names, so that
   * "country:senegal" finds them as it finds members), topics and the text of their files.
   */
  private List<Source> resources(Collection<Long> ids) {
    Map<Long, List<String>> authors = new java.util.HashMap<>();
    Map<Long, List<String>> organisations = new java.util.HashMap<>();
    dsl.select(RESOURCE_AUTHOR.RESOURCE_ID, RESOURCE_AUTHOR.NAME, RESOURCE_AUTHOR.ORGANISATION)
        .from(RESOURCE_AUTHOR)
        .where(RESOURCE_AUTHOR.RESOURCE_ID.in(ids))
        .orderBy(RESOURCE_AUTHOR.RESOURCE_ID, RESOURCE_AUTHOR.POSITION)
        .forEach(
            r -> {
              authors.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2());
              if (!r.value3().isBlank()) {
                organisations.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value3());
              }
            });
    Map<Long, List<String>> countries = new java.util.HashMap<>();
    dsl.select(RESOURCE_COUNTRY.RESOURCE_ID, RESOURCE_COUNTRY.COUNTRY)
        .from(RESOURCE_COUNTRY)
        .where(RESOURCE_COUNTRY.RESOURCE_ID.in(ids))
        .orderBy(RESOURCE_COUNTRY.COUNTRY)
        .forEach(
            r ->
                countries
                    .computeIfAbsent(r.value1(), k -> new ArrayList<>())
                    .add(org.indaba.i18n.Countries.name(r.value2(), "en")));
    Map<Long, List<String>> topics = new java.util.HashMap<>();
    dsl.select(RESOURCE_TOPIC_LINK.RESOURCE_ID, RESOURCE_TOPIC.CODE)
        .from(RESOURCE_TOPIC_LINK)
        .join(RESOURCE_TOPIC)
        .on(RESOURCE_TOPIC.ID.eq(RESOURCE_TOPIC_LINK.TOPIC_ID))
        .where(RESOURCE_TOPIC_LINK.RESOURCE_ID.in(ids))
        .forEach(r -> topics.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
    Map<Long, StringBuilder> fileText = new java.util.HashMap<>();
    dsl.select(RESOURCE_FILE.RESOURCE_ID, RESOURCE_FILE.EXTRACTED_TEXT)
        .from(RESOURCE_FILE)
        .where(RESOURCE_FILE.RESOURCE_ID.in(ids).and(RESOURCE_FILE.EXTRACTED_TEXT.isNotNull()))
        .orderBy(RESOURCE_FILE.ID)
        .forEach(
            r ->
                fileText
                    .computeIfAbsent(r.value1(), k -> new StringBuilder())
                    .append("\n\n")
                    .append(r.value2()));
    return dsl.select(
            RESOURCE.ID,
            RESOURCE.TITLE,
            RESOURCE.SUMMARY,
            RESOURCE.LANGUAGE,
            RESOURCE.KIND,
            RESOURCE.POSTED_ON)
        .from(RESOURCE)
        .where(RESOURCE.ID.in(ids).and(visible(ContentKind.RESOURCE)))
        .fetch(
            r -> {
              long id = r.value1();
              StringBuilder text = fileText.get(id);
              // file text is plain: escape what Markdown would read as markup
              String body =
                  r.value3()
                      + (text == null
                          ? ""
                          : "\n\n" + text.toString().replaceAll("([\\\\`*_#<>\\[\\]])", "\\\\$1"));
              return new Source(
                  ContentKind.RESOURCE,
                  id,
                  null,
                  null,
                  null,
                  r.value4(),
                  r.value2(),
                  body,
                  joined(authors.get(id)),
                  joined(organisations.get(id)),
                  joined(countries.get(id)),
                  r.value6().atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                  "/resources/" + id,
                  r.value5(),
                  topics.getOrDefault(id, List.of()));
            });
  }

  private static String joined(List<String> values) {
    return values == null || values.isEmpty() ? null : String.join(", ", values);
  }

  private List<Source> contributions(Collection<Long> ids) {
    // body only: the trimmed quotes of a mail are other people's words, found in their own posts
    return dsl.select(
            CONTRIBUTION.ID,
            DISCUSSION.SLUG,
            DISCUSSION.TITLE,
            CONTRIBUTION.WEEK,
            CONTRIBUTION.LANGUAGE,
            CONTRIBUTION.BODY,
            DSL.coalesce(AUTHOR.DISPLAY_NAME, CONTRIBUTION.AUTHOR_NAME),
            AUTHOR.ORGANISATION,
            AUTHOR.COUNTRY,
            CONTRIBUTION.CREATED_AT)
        .from(withDiscussion(ContentKind.CONTRIBUTION))
        .leftJoin(AUTHOR)
        .on(AUTHOR.ID.eq(CONTRIBUTION.AUTHOR_ID))
        .where(CONTRIBUTION.ID.in(ids).and(visible(ContentKind.CONTRIBUTION)))
        .fetch(
            r ->
                new Source(
                    ContentKind.CONTRIBUTION,
                    r.value1(),
                    r.value2(),
                    r.value3(),
                    r.value4(),
                    r.value5(),
                    "",
                    r.value6(),
                    r.value7(),
                    blankToNull(r.value8()),
                    blankToNull(r.value9()),
                    instant(r.value10()),
                    "/c/" + r.value1()));
  }

  private List<Source> themes(Collection<Long> ids) {
    return dsl.select(
            THEME.ID,
            DISCUSSION.SLUG,
            DISCUSSION.TITLE,
            THEME.WEEK,
            THEME.LANGUAGE,
            THEME.TITLE,
            THEME.QUESTION,
            THEME.PUBLISHED_AT)
        .from(withDiscussion(ContentKind.THEME))
        .where(THEME.ID.in(ids).and(visible(ContentKind.THEME)))
        .fetch(
            r ->
                new Source(
                    ContentKind.THEME,
                    r.value1(),
                    r.value2(),
                    r.value3(),
                    r.value4(),
                    r.value5(),
                    r.value6(),
                    r.value7(),
                    null,
                    null,
                    null,
                    instant(r.value8()),
                    "/d/" + r.value2() + "?week=" + r.value4() + "#theme"));
  }

  private List<Source> discussions(Collection<Long> ids) {
    Field<String> text =
        DISCUSSION.SUMMARY.concat(DSL.inline("\n\n")).concat(DISCUSSION.INTRODUCTION);
    return dsl.select(
            DISCUSSION.ID,
            DISCUSSION.SLUG,
            DISCUSSION.TITLE,
            DISCUSSION.LANGUAGE,
            text,
            AUTHOR.DISPLAY_NAME,
            AUTHOR.ORGANISATION,
            AUTHOR.COUNTRY,
            DISCUSSION.CREATED_AT)
        .from(DISCUSSION)
        .leftJoin(AUTHOR)
        .on(AUTHOR.ID.eq(DISCUSSION.CREATED_BY))
        .where(DISCUSSION.ID.in(ids).and(visible(ContentKind.DISCUSSION)))
        .fetch(
            r ->
                new Source(
                    ContentKind.DISCUSSION,
                    r.value1(),
                    r.value2(),
                    r.value3(),
                    null,
                    r.value4(),
                    r.value3(),
                    r.value5(),
                    r.value6(),
                    blankToNull(r.value7()),
                    blankToNull(r.value8()),
                    instant(r.value9()),
                    "/d/" + r.value2()));
  }

  private List<Source> replies(Collection<Long> ids) {
    return dsl.select(
            CONSOLIDATED_REPLY.ID,
            DISCUSSION.SLUG,
            DISCUSSION.TITLE,
            CONSOLIDATED_REPLY.LANGUAGE,
            CONSOLIDATED_REPLY.TITLE,
            CONSOLIDATED_REPLY.BODY,
            AUTHOR.DISPLAY_NAME,
            AUTHOR.ORGANISATION,
            AUTHOR.COUNTRY,
            CONSOLIDATED_REPLY.PUBLISHED_AT,
            CONSOLIDATED_REPLY.UPDATED_AT)
        .from(withDiscussion(ContentKind.REPLY))
        .leftJoin(AUTHOR)
        .on(AUTHOR.ID.eq(CONSOLIDATED_REPLY.CREATED_BY))
        .where(CONSOLIDATED_REPLY.ID.in(ids).and(visible(ContentKind.REPLY)))
        .fetch(
            r ->
                new Source(
                    ContentKind.REPLY,
                    r.value1(),
                    r.value2(),
                    r.value3(),
                    null,
                    r.value4(),
                    r.value5(),
                    r.value6(),
                    r.value7(),
                    blankToNull(r.value8()),
                    blankToNull(r.value9()),
                    instant(r.value10() != null ? r.value10() : r.value11()),
                    "/d/" + r.value2() + "/reply/" + r.value4()));
  }

  /** Week summaries: found by their text, titled by their week's theme, linked to their week. */
  private List<Source> summaries(Collection<Long> ids) {
    return dsl.select(
            WEEK_SUMMARY.ID,
            DISCUSSION.SLUG,
            DISCUSSION.TITLE,
            WEEK_SUMMARY.WEEK,
            WEEK_SUMMARY.LANGUAGE,
            THEME.TITLE,
            WEEK_SUMMARY.BODY,
            AUTHOR.DISPLAY_NAME,
            AUTHOR.ORGANISATION,
            AUTHOR.COUNTRY,
            WEEK_SUMMARY.PUBLISHED_AT)
        .from(withDiscussion(ContentKind.SUMMARY))
        .leftJoin(THEME)
        .on(
            THEME
                .DISCUSSION_ID
                .eq(WEEK_SUMMARY.DISCUSSION_ID)
                .and(THEME.WEEK.eq(WEEK_SUMMARY.WEEK)))
        .leftJoin(AUTHOR)
        .on(AUTHOR.ID.eq(WEEK_SUMMARY.WRITTEN_BY))
        .where(WEEK_SUMMARY.ID.in(ids).and(visible(ContentKind.SUMMARY)))
        .fetch(
            r ->
                new Source(
                    ContentKind.SUMMARY,
                    r.value1(),
                    r.value2(),
                    r.value3(),
                    r.value4(),
                    r.value5(),
                    r.value6() == null ? "" : r.value6(),
                    r.value7(),
                    r.value8(),
                    blankToNull(r.value9()),
                    blankToNull(r.value10()),
                    instant(r.value11()),
                    "/d/" + r.value2() + "?week=" + r.value4() + "#summary-" + r.value4()));
  }

  /** Translations of all the given entities, every type at once. */
  public List<TranslationRow> translations(Map<ContentKind, ? extends Collection<Long>> ids) {
    List<Condition> any = new ArrayList<>();
    ids.forEach(
        (type, list) -> {
          if (!list.isEmpty()) {
            any.add(TRANSLATION.ENTITY_TYPE.eq(type.code()).and(TRANSLATION.ENTITY_ID.in(list)));
          }
        });
    if (any.isEmpty()) {
      return List.of();
    }
    return dsl.select(
            TRANSLATION.ENTITY_TYPE,
            TRANSLATION.ENTITY_ID,
            TRANSLATION.LANGUAGE,
            TRANSLATION.TITLE,
            TRANSLATION.BODY)
        .from(TRANSLATION)
        .where(DSL.or(any))
        .orderBy(TRANSLATION.ID)
        .fetch(
            r ->
                new TranslationRow(
                    ContentKind.fromTyped(r.value1()).orElseThrow(),
                    r.value2(),
                    r.value3(),
                    r.value4(),
                    r.value5()));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? Instant.EPOCH : t.toInstant();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
