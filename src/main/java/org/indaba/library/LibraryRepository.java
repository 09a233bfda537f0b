package org.indaba.library;

import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.DISCUSSION_RESOURCE;
import static org.indaba.db.schema.Tables.LIBRARY_SUBSCRIPTION;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.RESOURCE;
import static org.indaba.db.schema.Tables.RESOURCE_AUTHOR;
import static org.indaba.db.schema.Tables.RESOURCE_COMMENT;
import static org.indaba.db.schema.Tables.RESOURCE_COUNTRY;
import static org.indaba.db.schema.Tables.RESOURCE_FILE;
import static org.indaba.db.schema.Tables.RESOURCE_LINK;
import static org.indaba.db.schema.Tables.RESOURCE_SAVE;
import static org.indaba.db.schema.Tables.RESOURCE_TOPIC;
import static org.indaba.db.schema.Tables.RESOURCE_TOPIC_LINK;
import static org.indaba.db.schema.Tables.TRANSLATION;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.db.schema.tables.records.ResourceRecord;
import org.indaba.library.LibraryRecords.Author;
import org.indaba.library.LibraryRecords.Card;
import org.indaba.library.LibraryRecords.Comment;
import org.indaba.library.LibraryRecords.FileItem;
import org.indaba.library.LibraryRecords.Filter;
import org.indaba.library.LibraryRecords.Link;
import org.indaba.library.LibraryRecords.Person;
import org.indaba.library.LibraryRecords.Resource;
import org.indaba.library.LibraryRecords.Topic;
import org.indaba.library.LibraryRecords.UsedIn;
import org.indaba.model.ContributionStatus;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/** Every query of the library: resources, their parts, saves, comments and discussion links. */
public final class LibraryRepository {
  private final DSLContext dsl;

  public LibraryRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** The stored fields of a resource, as validated by the service. */
  public record Fields(
      String title,
      String summary,
      String summaryHtml,
      String kind,
      String language,
      LocalDate publishedOn,
      LocalDate postedOn,
      Long contactId) {}

  // ---- resources

  public long insert(
      DSLContext tx, Fields f, String status, long createdBy, Long suggestedBy, Instant now) {
    return tx.insertInto(RESOURCE)
        .set(RESOURCE.TITLE, f.title())
        .set(RESOURCE.SUMMARY, f.summary())
        .set(RESOURCE.SUMMARY_HTML, f.summaryHtml())
        .set(RESOURCE.KIND, f.kind())
        .set(RESOURCE.LANGUAGE, f.language())
        .set(RESOURCE.PUBLISHED_ON, f.publishedOn())
        .set(RESOURCE.POSTED_ON, f.postedOn())
        .set(RESOURCE.CONTACT_ID, f.contactId())
        .set(RESOURCE.STATUS, status)
        .set(RESOURCE.SUGGESTED_BY, suggestedBy)
        .set(RESOURCE.CREATED_BY, createdBy)
        .set(RESOURCE.CREATED_AT, odt(now))
        .set(RESOURCE.UPDATED_AT, odt(now))
        .set(RESOURCE.PUBLISHED_AT, LibraryRecords.PUBLISHED.equals(status) ? odt(now) : null)
        .set(RESOURCE.PUBLISHED_BY, LibraryRecords.PUBLISHED.equals(status) ? createdBy : null)
        .returning(RESOURCE.ID)
        .fetchSingle()
        .getId();
  }

  public void update(DSLContext tx, long id, Fields f, Instant now) {
    tx.update(RESOURCE)
        .set(RESOURCE.TITLE, f.title())
        .set(RESOURCE.SUMMARY, f.summary())
        .set(RESOURCE.SUMMARY_HTML, f.summaryHtml())
        .set(RESOURCE.KIND, f.kind())
        .set(RESOURCE.LANGUAGE, f.language())
        .set(RESOURCE.PUBLISHED_ON, f.publishedOn())
        .set(RESOURCE.CONTACT_ID, f.contactId())
        .set(RESOURCE.UPDATED_AT, odt(now))
        .where(RESOURCE.ID.eq(id))
        .execute();
  }

  /** Moves a suggestion to published or rejected; false when it was no longer a suggestion. */
  public boolean decideSuggestion(DSLContext tx, long id, String status, long by, Instant now) {
    var u = tx.update(RESOURCE).set(RESOURCE.STATUS, status).set(RESOURCE.UPDATED_AT, odt(now));
    if (LibraryRecords.PUBLISHED.equals(status)) {
      u =
          u.set(RESOURCE.PUBLISHED_AT, odt(now))
              .set(RESOURCE.PUBLISHED_BY, by)
              .set(RESOURCE.POSTED_ON, now.atOffset(ZoneOffset.UTC).toLocalDate());
    }
    return u.where(RESOURCE.ID.eq(id).and(RESOURCE.STATUS.eq(LibraryRecords.SUGGESTED))).execute()
        == 1;
  }

  public Optional<Resource> byId(long id) {
    return dsl.selectFrom(RESOURCE).where(RESOURCE.ID.eq(id)).fetchOptional(LibraryRepository::map);
  }

  public List<Resource> suggestions() {
    return dsl.selectFrom(RESOURCE)
        .where(RESOURCE.STATUS.eq(LibraryRecords.SUGGESTED))
        .orderBy(RESOURCE.CREATED_AT)
        .fetch(LibraryRepository::map);
  }

  private static Resource map(ResourceRecord r) {
    return new Resource(
        r.getId(),
        r.getTitle(),
        r.getSummary(),
        r.getSummaryHtml(),
        r.getKind(),
        r.getLanguage(),
        r.getPublishedOn(),
        r.getPostedOn(),
        r.getContactId(),
        r.getStatus(),
        r.getSuggestedBy(),
        r.getCreatedAt().toInstant(),
        r.getUpdatedAt().toInstant());
  }

  /** One page of published resources matching the filter, with their cards. */
  public LibraryRecords.Page page(Filter f) {
    Condition c = matching(f);
    int total = dsl.fetchCount(RESOURCE, c);
    Field<Integer> saves =
        DSL.field(
            DSL.selectCount().from(RESOURCE_SAVE).where(RESOURCE_SAVE.RESOURCE_ID.eq(RESOURCE.ID)));
    List<SortField<?>> order = new ArrayList<>();
    if (f.bySaves()) {
      order.add(saves.desc());
    }
    order.add(DSL.coalesce(RESOURCE.PUBLISHED_ON, RESOURCE.POSTED_ON).desc());
    order.add(RESOURCE.ID.desc());
    int page = Math.max(1, f.page());
    List<Resource> rows =
        dsl.selectFrom(RESOURCE)
            .where(c)
            .orderBy(order)
            .limit(Filter.PAGE_SIZE)
            .offset((page - 1) * Filter.PAGE_SIZE)
            .fetch(LibraryRepository::map);
    int pages = Math.max(1, (total + Filter.PAGE_SIZE - 1) / Filter.PAGE_SIZE);
    return new LibraryRecords.Page(total, cards(rows), page, pages);
  }

  private static Condition matching(Filter f) {
    Condition c = RESOURCE.STATUS.eq(LibraryRecords.PUBLISHED);
    if (f.kind() != null) {
      c = c.and(RESOURCE.KIND.eq(f.kind()));
    }
    if (f.language() != null) {
      c = c.and(RESOURCE.LANGUAGE.eq(f.language()));
    }
    if (f.year() != null) {
      c =
          c.and(
              RESOURCE.PUBLISHED_ON.between(
                  LocalDate.of(f.year(), 1, 1), LocalDate.of(f.year(), 12, 31)));
    }
    if (f.country() != null) {
      c =
          c.and(
              DSL.exists(
                  DSL.selectOne()
                      .from(RESOURCE_COUNTRY)
                      .where(
                          RESOURCE_COUNTRY
                              .RESOURCE_ID
                              .eq(RESOURCE.ID)
                              .and(RESOURCE_COUNTRY.COUNTRY.eq(f.country())))));
    }
    if (f.topic() != null) {
      c =
          c.and(
              DSL.exists(
                  DSL.selectOne()
                      .from(RESOURCE_TOPIC_LINK)
                      .join(RESOURCE_TOPIC)
                      .on(RESOURCE_TOPIC.ID.eq(RESOURCE_TOPIC_LINK.TOPIC_ID))
                      .where(
                          RESOURCE_TOPIC_LINK
                              .RESOURCE_ID
                              .eq(RESOURCE.ID)
                              .and(RESOURCE_TOPIC.CODE.eq(f.topic())))));
    }
    if (f.q() != null && !f.q().isBlank()) {
      String like = "%" + escapeLike(f.q().strip()) + "%";
      c =
          c.and(
              RESOURCE
                  .TITLE
                  .likeIgnoreCase(like, '\\')
                  .or(RESOURCE.SUMMARY.likeIgnoreCase(like, '\\'))
                  .or(
                      DSL.exists(
                          DSL.selectOne()
                              .from(RESOURCE_AUTHOR)
                              .where(
                                  RESOURCE_AUTHOR
                                      .RESOURCE_ID
                                      .eq(RESOURCE.ID)
                                      .and(
                                          RESOURCE_AUTHOR
                                              .NAME
                                              .likeIgnoreCase(like, '\\')
                                              .or(
                                                  RESOURCE_AUTHOR.ORGANISATION.likeIgnoreCase(
                                                      like, '\\'))))))
                  .or(
                      DSL.exists(
                          DSL.selectOne()
                              .from(RESOURCE_FILE)
                              .where(
                                  RESOURCE_FILE
                                      .RESOURCE_ID
                                      .eq(RESOURCE.ID)
                                      .and(
                                          RESOURCE_FILE.EXTRACTED_TEXT.likeIgnoreCase(
                                              like, '\\'))))));
    }
    return c;
  }

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** Cards for the given resources, in their order: five queries whatever their number. */
  public List<Card> cards(List<Resource> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<Long> ids = rows.stream().map(Resource::id).toList();
    Map<Long, List<Author>> authors = authorsOf(ids);
    Map<Long, List<String>> countries = new HashMap<>();
    dsl.selectFrom(RESOURCE_COUNTRY)
        .where(RESOURCE_COUNTRY.RESOURCE_ID.in(ids))
        .orderBy(RESOURCE_COUNTRY.COUNTRY)
        .forEach(
            r ->
                countries
                    .computeIfAbsent(r.getResourceId(), k -> new ArrayList<>())
                    .add(r.getCountry()));
    Map<Long, List<Topic>> topics = topicsOf(ids);
    Map<Long, Long> saves =
        counts(RESOURCE_SAVE.RESOURCE_ID, RESOURCE_SAVE.RESOURCE_ID.in(ids), RESOURCE_SAVE);
    Map<Long, Long> comments =
        counts(
            RESOURCE_COMMENT.RESOURCE_ID,
            RESOURCE_COMMENT
                .RESOURCE_ID
                .in(ids)
                .and(RESOURCE_COMMENT.STATUS.eq(ContributionStatus.APPROVED)),
            RESOURCE_COMMENT);
    List<Card> out = new ArrayList<>();
    for (Resource r : rows) {
      out.add(
          new Card(
              r,
              authors.getOrDefault(r.id(), List.of()),
              countries.getOrDefault(r.id(), List.of()),
              topics.getOrDefault(r.id(), List.of()),
              saves.getOrDefault(r.id(), 0L),
              comments.getOrDefault(r.id(), 0L)));
    }
    return out;
  }

  private Map<Long, Long> counts(Field<Long> key, Condition where, org.jooq.Table<?> table) {
    Map<Long, Long> out = new HashMap<>();
    dsl.select(key, DSL.count())
        .from(table)
        .where(where)
        .groupBy(key)
        .forEach(r -> out.put(r.value1(), r.value2().longValue()));
    return out;
  }

  private Map<Long, List<Author>> authorsOf(Collection<Long> ids) {
    Map<Long, List<Author>> out = new HashMap<>();
    dsl.selectFrom(RESOURCE_AUTHOR)
        .where(RESOURCE_AUTHOR.RESOURCE_ID.in(ids))
        .orderBy(RESOURCE_AUTHOR.RESOURCE_ID, RESOURCE_AUTHOR.POSITION)
        .forEach(
            r ->
                out.computeIfAbsent(r.getResourceId(), k -> new ArrayList<>())
                    .add(
                        new Author(r.getName(), r.getOrganisation(), r.getBio(), r.getMemberId())));
    return out;
  }

  private Map<Long, List<Topic>> topicsOf(Collection<Long> ids) {
    Map<Long, List<Topic>> out = new HashMap<>();
    dsl.select(
            RESOURCE_TOPIC_LINK.RESOURCE_ID,
            RESOURCE_TOPIC.ID,
            RESOURCE_TOPIC.CODE,
            RESOURCE_TOPIC.NAME)
        .from(RESOURCE_TOPIC_LINK)
        .join(RESOURCE_TOPIC)
        .on(RESOURCE_TOPIC.ID.eq(RESOURCE_TOPIC_LINK.TOPIC_ID))
        .where(RESOURCE_TOPIC_LINK.RESOURCE_ID.in(ids))
        .orderBy(RESOURCE_TOPIC.NAME)
        .forEach(
            r ->
                out.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                    .add(new Topic(r.value2(), r.value3(), r.value4())));
    return out;
  }

  public void replaceAuthors(DSLContext tx, long id, List<Author> authors) {
    tx.deleteFrom(RESOURCE_AUTHOR).where(RESOURCE_AUTHOR.RESOURCE_ID.eq(id)).execute();
    int position = 0;
    for (Author a : authors) {
      tx.insertInto(RESOURCE_AUTHOR)
          .set(RESOURCE_AUTHOR.RESOURCE_ID, id)
          .set(RESOURCE_AUTHOR.POSITION, ++position)
          .set(RESOURCE_AUTHOR.NAME, a.name())
          .set(RESOURCE_AUTHOR.ORGANISATION, a.organisation())
          .set(RESOURCE_AUTHOR.BIO, a.bio())
          .set(RESOURCE_AUTHOR.MEMBER_ID, a.memberId())
          .execute();
    }
  }

  public void replaceCountries(DSLContext tx, long id, Collection<String> codes) {
    tx.deleteFrom(RESOURCE_COUNTRY).where(RESOURCE_COUNTRY.RESOURCE_ID.eq(id)).execute();
    for (String code : codes) {
      tx.insertInto(RESOURCE_COUNTRY)
          .set(RESOURCE_COUNTRY.RESOURCE_ID, id)
          .set(RESOURCE_COUNTRY.COUNTRY, code)
          .onConflictDoNothing()
          .execute();
    }
  }

  public void replaceTopics(DSLContext tx, long id, Collection<Long> topicIds) {
    tx.deleteFrom(RESOURCE_TOPIC_LINK).where(RESOURCE_TOPIC_LINK.RESOURCE_ID.eq(id)).execute();
    for (Long t : topicIds) {
      tx.insertInto(RESOURCE_TOPIC_LINK)
          .set(RESOURCE_TOPIC_LINK.RESOURCE_ID, id)
          .set(RESOURCE_TOPIC_LINK.TOPIC_ID, t)
          .onConflictDoNothing()
          .execute();
    }
  }

  public void replaceLinks(DSLContext tx, long id, List<Link> links) {
    tx.deleteFrom(RESOURCE_LINK).where(RESOURCE_LINK.RESOURCE_ID.eq(id)).execute();
    int position = 0;
    for (Link l : links) {
      tx.insertInto(RESOURCE_LINK)
          .set(RESOURCE_LINK.RESOURCE_ID, id)
          .set(RESOURCE_LINK.POSITION, ++position)
          .set(RESOURCE_LINK.URL, l.url())
          .set(RESOURCE_LINK.LABEL, l.label())
          .execute();
    }
  }

  public List<Author> authors(long id) {
    return authorsOf(List.of(id)).getOrDefault(id, List.of());
  }

  public List<String> countries(long id) {
    return dsl.select(RESOURCE_COUNTRY.COUNTRY)
        .from(RESOURCE_COUNTRY)
        .where(RESOURCE_COUNTRY.RESOURCE_ID.eq(id))
        .orderBy(RESOURCE_COUNTRY.COUNTRY)
        .fetch(RESOURCE_COUNTRY.COUNTRY);
  }

  public List<Topic> topicsOf(long id) {
    return topicsOf(List.of(id)).getOrDefault(id, List.of());
  }

  public List<Link> links(long id) {
    return dsl.selectFrom(RESOURCE_LINK)
        .where(RESOURCE_LINK.RESOURCE_ID.eq(id))
        .orderBy(RESOURCE_LINK.POSITION)
        .fetch(r -> new Link(r.getUrl(), r.getLabel()));
  }

  // ---- topics

  public List<Topic> topics() {
    return dsl.selectFrom(RESOURCE_TOPIC)
        .orderBy(RESOURCE_TOPIC.NAME)
        .fetch(r -> new Topic(r.getId(), r.getCode(), r.getName()));
  }

  public long insertTopic(DSLContext tx, String code, String name, Instant now) {
    return tx.insertInto(RESOURCE_TOPIC)
        .set(RESOURCE_TOPIC.CODE, code)
        .set(RESOURCE_TOPIC.NAME, name)
        .set(RESOURCE_TOPIC.CREATED_AT, odt(now))
        .onConflict(RESOURCE_TOPIC.CODE)
        .doUpdate()
        .set(RESOURCE_TOPIC.NAME, name)
        .returning(RESOURCE_TOPIC.ID)
        .fetchSingle()
        .getId();
  }

  // ---- files

  public long insertFile(
      DSLContext tx,
      long resourceId,
      String sha,
      String filename,
      String type,
      long size,
      String text,
      Instant now) {
    return tx.insertInto(RESOURCE_FILE)
        .set(RESOURCE_FILE.RESOURCE_ID, resourceId)
        .set(RESOURCE_FILE.BLOB_SHA256, sha)
        .set(RESOURCE_FILE.FILENAME, filename)
        .set(RESOURCE_FILE.CONTENT_TYPE, type)
        .set(RESOURCE_FILE.SIZE_BYTES, size)
        .set(RESOURCE_FILE.EXTRACTED_TEXT, text)
        .set(RESOURCE_FILE.CREATED_AT, odt(now))
        .returning(RESOURCE_FILE.ID)
        .fetchSingle()
        .getId();
  }

  public void deleteFile(DSLContext tx, long resourceId, long fileId) {
    tx.deleteFrom(RESOURCE_FILE)
        .where(RESOURCE_FILE.ID.eq(fileId).and(RESOURCE_FILE.RESOURCE_ID.eq(resourceId)))
        .execute();
  }

  public List<FileItem> files(long resourceId) {
    return dsl.select(
            RESOURCE_FILE.ID,
            RESOURCE_FILE.RESOURCE_ID,
            RESOURCE_FILE.BLOB_SHA256,
            RESOURCE_FILE.FILENAME,
            RESOURCE_FILE.CONTENT_TYPE,
            RESOURCE_FILE.SIZE_BYTES,
            RESOURCE_FILE.DOWNLOADS)
        .from(RESOURCE_FILE)
        .where(RESOURCE_FILE.RESOURCE_ID.eq(resourceId))
        .orderBy(RESOURCE_FILE.ID)
        .fetch(
            r ->
                new FileItem(
                    r.value1(),
                    r.value2(),
                    r.value3(),
                    r.value4(),
                    r.value5(),
                    r.value6(),
                    r.value7()));
  }

  /** Counts one download (a conditional increment: concurrent downloads all count). */
  public void countDownload(long fileId) {
    dsl.update(RESOURCE_FILE)
        .set(RESOURCE_FILE.DOWNLOADS, RESOURCE_FILE.DOWNLOADS.plus(1))
        .where(RESOURCE_FILE.ID.eq(fileId))
        .execute();
  }

  // ---- saves

  public void save(long resourceId, long memberId, Instant now) {
    dsl.insertInto(RESOURCE_SAVE)
        .set(RESOURCE_SAVE.RESOURCE_ID, resourceId)
        .set(RESOURCE_SAVE.MEMBER_ID, memberId)
        .set(RESOURCE_SAVE.CREATED_AT, odt(now))
        .onConflictDoNothing()
        .execute();
  }

  public void unsave(long resourceId, long memberId) {
    dsl.deleteFrom(RESOURCE_SAVE)
        .where(RESOURCE_SAVE.RESOURCE_ID.eq(resourceId).and(RESOURCE_SAVE.MEMBER_ID.eq(memberId)))
        .execute();
  }

  public boolean isSaved(long resourceId, long memberId) {
    return dsl.fetchExists(
        RESOURCE_SAVE,
        RESOURCE_SAVE.RESOURCE_ID.eq(resourceId).and(RESOURCE_SAVE.MEMBER_ID.eq(memberId)));
  }

  /** The published resources a member saved, most recently saved first. */
  public List<Card> savedBy(long memberId) {
    List<Resource> rows =
        dsl.select(RESOURCE.fields())
            .from(RESOURCE)
            .join(RESOURCE_SAVE)
            .on(RESOURCE_SAVE.RESOURCE_ID.eq(RESOURCE.ID))
            .where(
                RESOURCE_SAVE
                    .MEMBER_ID
                    .eq(memberId)
                    .and(RESOURCE.STATUS.eq(LibraryRecords.PUBLISHED)))
            .orderBy(RESOURCE_SAVE.CREATED_AT.desc(), RESOURCE.ID.desc())
            .fetch(r -> map(r.into(RESOURCE)));
    return cards(rows);
  }

  // ---- comments

  public long insertComment(
      DSLContext tx,
      long resourceId,
      long authorId,
      String body,
      String html,
      String language,
      ContributionStatus status,
      String source,
      String messageId,
      Instant now) {
    return tx.insertInto(RESOURCE_COMMENT)
        .set(RESOURCE_COMMENT.RESOURCE_ID, resourceId)
        .set(RESOURCE_COMMENT.AUTHOR_ID, authorId)
        .set(RESOURCE_COMMENT.BODY, body)
        .set(RESOURCE_COMMENT.BODY_HTML, html)
        .set(RESOURCE_COMMENT.LANGUAGE, language)
        .set(RESOURCE_COMMENT.STATUS, status)
        .set(RESOURCE_COMMENT.SOURCE, source)
        .set(RESOURCE_COMMENT.MESSAGE_ID, messageId)
        .set(RESOURCE_COMMENT.CREATED_AT, odt(now))
        .set(RESOURCE_COMMENT.UPDATED_AT, odt(now))
        .set(RESOURCE_COMMENT.DECIDED_AT, status == ContributionStatus.APPROVED ? odt(now) : null)
        .returning(RESOURCE_COMMENT.ID)
        .fetchSingle()
        .getId();
  }

  public boolean commentWithMessageId(String messageId) {
    return dsl.fetchExists(RESOURCE_COMMENT, RESOURCE_COMMENT.MESSAGE_ID.eq(messageId));
  }

  /** A pending comment becomes approved or rejected; false when someone decided first. */
  public boolean decideComment(
      DSLContext tx,
      long commentId,
      ContributionStatus status,
      String reason,
      long by,
      Instant now) {
    return tx.update(RESOURCE_COMMENT)
            .set(RESOURCE_COMMENT.STATUS, status)
            .set(RESOURCE_COMMENT.REJECT_REASON, reason)
            .set(RESOURCE_COMMENT.DECIDED_AT, odt(now))
            .set(RESOURCE_COMMENT.DECIDED_BY, by)
            .set(RESOURCE_COMMENT.UPDATED_AT, odt(now))
            .where(
                RESOURCE_COMMENT
                    .ID
                    .eq(commentId)
                    .and(RESOURCE_COMMENT.STATUS.eq(ContributionStatus.PENDING)))
            .execute()
        == 1;
  }

  /**
   * The comments a reader may see: the approved ones, their own pending ones, and every pending one
   * for a moderator.
   */
  public List<Comment> comments(long resourceId, Long viewerId, boolean moderator) {
    Condition shown = RESOURCE_COMMENT.STATUS.eq(ContributionStatus.APPROVED);
    if (moderator) {
      shown = shown.or(RESOURCE_COMMENT.STATUS.eq(ContributionStatus.PENDING));
    } else if (viewerId != null) {
      shown =
          shown.or(
              RESOURCE_COMMENT
                  .STATUS
                  .eq(ContributionStatus.PENDING)
                  .and(RESOURCE_COMMENT.AUTHOR_ID.eq(viewerId)));
    }
    return commentQuery(RESOURCE_COMMENT.RESOURCE_ID.eq(resourceId).and(shown));
  }

  public List<Comment> pendingComments() {
    return commentQuery(RESOURCE_COMMENT.STATUS.eq(ContributionStatus.PENDING));
  }

  public Optional<Comment> comment(long id) {
    return commentQuery(RESOURCE_COMMENT.ID.eq(id)).stream().findFirst();
  }

  private List<Comment> commentQuery(Condition where) {
    return dsl.select(
            RESOURCE_COMMENT.ID,
            RESOURCE_COMMENT.RESOURCE_ID,
            RESOURCE_COMMENT.AUTHOR_ID,
            MEMBER.DISPLAY_NAME,
            MEMBER.ORGANISATION,
            RESOURCE_COMMENT.BODY,
            RESOURCE_COMMENT.BODY_HTML,
            RESOURCE_COMMENT.LANGUAGE,
            RESOURCE_COMMENT.STATUS,
            RESOURCE_COMMENT.SOURCE,
            RESOURCE_COMMENT.CREATED_AT)
        .from(RESOURCE_COMMENT)
        .join(MEMBER)
        .on(MEMBER.ID.eq(RESOURCE_COMMENT.AUTHOR_ID))
        .where(where)
        .orderBy(RESOURCE_COMMENT.CREATED_AT, RESOURCE_COMMENT.ID)
        .fetch(
            r ->
                new Comment(
                    r.value1(),
                    r.value2(),
                    r.value3(),
                    r.value4(),
                    r.value5(),
                    r.value6(),
                    r.value7(),
                    r.value8(),
                    r.value9(),
                    r.value10(),
                    r.value11().toInstant()));
  }

  // ---- subscriptions to new resources

  public void subscribe(long memberId, boolean on, Instant now) {
    if (on) {
      dsl.insertInto(LIBRARY_SUBSCRIPTION)
          .set(LIBRARY_SUBSCRIPTION.MEMBER_ID, memberId)
          .set(LIBRARY_SUBSCRIPTION.CREATED_AT, odt(now))
          .onConflictDoNothing()
          .execute();
    } else {
      dsl.deleteFrom(LIBRARY_SUBSCRIPTION)
          .where(LIBRARY_SUBSCRIPTION.MEMBER_ID.eq(memberId))
          .execute();
    }
  }

  public boolean subscribed(long memberId) {
    return dsl.fetchExists(LIBRARY_SUBSCRIPTION, LIBRARY_SUBSCRIPTION.MEMBER_ID.eq(memberId));
  }

  /** Verified members who asked for a mail about each new resource. */
  public List<Long> subscribers(DSLContext tx) {
    return tx.select(LIBRARY_SUBSCRIPTION.MEMBER_ID)
        .from(LIBRARY_SUBSCRIPTION)
        .join(MEMBER)
        .on(MEMBER.ID.eq(LIBRARY_SUBSCRIPTION.MEMBER_ID))
        .where(MEMBER.EMAIL_VERIFIED_AT.isNotNull())
        .orderBy(LIBRARY_SUBSCRIPTION.MEMBER_ID)
        .fetch(LIBRARY_SUBSCRIPTION.MEMBER_ID);
  }

  // ---- discussions

  public List<UsedIn> usedIn(long resourceId) {
    return dsl.select(DISCUSSION.ID, DISCUSSION.SLUG, DISCUSSION.TITLE, DISCUSSION.DRAFT)
        .from(DISCUSSION_RESOURCE)
        .join(DISCUSSION)
        .on(DISCUSSION.ID.eq(DISCUSSION_RESOURCE.DISCUSSION_ID))
        .where(DISCUSSION_RESOURCE.RESOURCE_ID.eq(resourceId))
        .orderBy(DISCUSSION.STARTS_ON.desc(), DISCUSSION.ID)
        .fetch(r -> new UsedIn(r.value1(), r.value2(), r.value3(), r.value4()));
  }

  /** The published resources attached to a discussion, in their order. */
  public List<Resource> attachedTo(long discussionId) {
    return dsl.select(RESOURCE.fields())
        .from(DISCUSSION_RESOURCE)
        .join(RESOURCE)
        .on(RESOURCE.ID.eq(DISCUSSION_RESOURCE.RESOURCE_ID))
        .where(
            DISCUSSION_RESOURCE
                .DISCUSSION_ID
                .eq(discussionId)
                .and(RESOURCE.STATUS.eq(LibraryRecords.PUBLISHED)))
        .orderBy(DISCUSSION_RESOURCE.POSITION)
        .fetch(r -> map(r.into(RESOURCE)));
  }

  public void attach(DSLContext tx, long discussionId, long resourceId, Instant now) {
    Integer last =
        tx.select(DSL.max(DISCUSSION_RESOURCE.POSITION))
            .from(DISCUSSION_RESOURCE)
            .where(DISCUSSION_RESOURCE.DISCUSSION_ID.eq(discussionId))
            .fetchOne(0, Integer.class);
    tx.insertInto(DISCUSSION_RESOURCE)
        .set(DISCUSSION_RESOURCE.DISCUSSION_ID, discussionId)
        .set(DISCUSSION_RESOURCE.RESOURCE_ID, resourceId)
        .set(DISCUSSION_RESOURCE.POSITION, last == null ? 1 : last + 1)
        .set(DISCUSSION_RESOURCE.CREATED_AT, odt(now))
        .onConflictDoNothing()
        .execute();
  }

  public void detach(DSLContext tx, long discussionId, long resourceId) {
    tx.deleteFrom(DISCUSSION_RESOURCE)
        .where(
            DISCUSSION_RESOURCE
                .DISCUSSION_ID
                .eq(discussionId)
                .and(DISCUSSION_RESOURCE.RESOURCE_ID.eq(resourceId)))
        .execute();
  }

  // ---- members

  public Optional<Person> personByEmail(String email) {
    return dsl.select(MEMBER.ID, MEMBER.DISPLAY_NAME, MEMBER.ORGANISATION)
        .from(MEMBER)
        .where(MEMBER.EMAIL.eq(email.strip().toLowerCase(java.util.Locale.ROOT)))
        .fetchOptional(r -> new Person(r.value1(), r.value2(), r.value3()));
  }

  public Optional<Person> person(long id) {
    return dsl.select(MEMBER.ID, MEMBER.DISPLAY_NAME, MEMBER.ORGANISATION)
        .from(MEMBER)
        .where(MEMBER.ID.eq(id))
        .fetchOptional(r -> new Person(r.value1(), r.value2(), r.value3()));
  }

  public Optional<String> emailOf(long memberId) {
    return dsl.select(MEMBER.EMAIL)
        .from(MEMBER)
        .where(MEMBER.ID.eq(memberId))
        .fetchOptional(MEMBER.EMAIL);
  }

  /** Published resources, newest first, for the feed. */
  public List<Resource> latest(int limit) {
    return dsl.selectFrom(RESOURCE)
        .where(RESOURCE.STATUS.eq(LibraryRecords.PUBLISHED))
        .orderBy(RESOURCE.PUBLISHED_AT.desc().nullsLast(), RESOURCE.ID.desc())
        .limit(limit)
        .fetch(LibraryRepository::map);
  }

  /** Years in which published resources appeared, newest first (the year filter). */
  public List<Integer> years() {
    Field<Integer> year = DSL.year(RESOURCE.PUBLISHED_ON);
    return dsl.selectDistinct(year)
        .from(RESOURCE)
        .where(RESOURCE.STATUS.eq(LibraryRecords.PUBLISHED).and(RESOURCE.PUBLISHED_ON.isNotNull()))
        .orderBy(year.desc())
        .fetch(year);
  }

  // ---- translations (title and summary per language, in the shared translation table)

  /** A resource's title and summary in another language. */
  public record TranslationRow(String language, String title, String summary, String summaryHtml) {}

  public List<TranslationRow> translations(long resourceId) {
    return dsl.select(
            TRANSLATION.LANGUAGE, TRANSLATION.TITLE, TRANSLATION.BODY, TRANSLATION.BODY_HTML)
        .from(TRANSLATION)
        .where(TRANSLATION.ENTITY_TYPE.eq(ENTITY).and(TRANSLATION.ENTITY_ID.eq(resourceId)))
        .orderBy(TRANSLATION.LANGUAGE)
        .fetch(r -> new TranslationRow(r.value1(), r.value2(), r.value3(), r.value4()));
  }

  /** The entity type of resources in the shared translation and search tables. */
  public static final String ENTITY = "resource";

  static OffsetDateTime odt(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }
}
