package org.indaba.search;

import static org.indaba.db.schema.Tables.CONSOLIDATED_REPLY;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.SEARCH_OUTBOX;
import static org.indaba.db.schema.Tables.THEME;
import static org.indaba.db.schema.Tables.TRANSLATION;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.indaba.db.Database;
import org.indaba.model.ContentKind;
import org.indaba.model.ContributionStatus;
import org.jooq.DSLContext;

/**
 * Writes discussion rows the way the discussion and moderation services do: each change and its
 * {@code search_outbox} row in one transaction, as {@code db.Changes} writes it.
 */
final class SearchFixtures {
  private final Database db;
  private final Clock clock;

  SearchFixtures(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  private void changed(DSLContext tx, String entityType, long entityId) {
    tx.insertInto(SEARCH_OUTBOX)
        .set(SEARCH_OUTBOX.ENTITY_TYPE, entityType)
        .set(SEARCH_OUTBOX.ENTITY_ID, entityId)
        .set(SEARCH_OUTBOX.CREATED_AT, now())
        .execute();
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }

  long discussion(String slug, String title, String language, String introduction, boolean draft) {
    return db.tx(
        tx -> {
          long id =
              tx.insertInto(DISCUSSION)
                  .set(DISCUSSION.SLUG, slug)
                  .set(DISCUSSION.TITLE, title)
                  .set(DISCUSSION.SUMMARY, "")
                  .set(DISCUSSION.INTRODUCTION, introduction)
                  .set(DISCUSSION.INTRODUCTION_HTML, "")
                  .set(DISCUSSION.LANGUAGE, language)
                  .set(DISCUSSION.STARTS_ON, LocalDate.of(2026, 3, 2))
                  .set(DISCUSSION.TIME_ZONE, "UTC")
                  .set(DISCUSSION.WEEKS, 4)
                  .set(DISCUSSION.DRAFT, draft)
                  .set(DISCUSSION.CREATED_AT, now())
                  .set(DISCUSSION.UPDATED_AT, now())
                  .returning(DISCUSSION.ID)
                  .fetchSingle()
                  .getId();
          changed(tx, ContentKind.DISCUSSION.code(), id);
          return id;
        });
  }

  void setDraft(long discussionId, boolean draft) {
    db.txRun(
        tx -> {
          tx.update(DISCUSSION)
              .set(DISCUSSION.DRAFT, draft)
              .set(DISCUSSION.UPDATED_AT, now())
              .where(DISCUSSION.ID.eq(discussionId))
              .execute();
          changed(tx, ContentKind.DISCUSSION.code(), discussionId);
        });
  }

  long theme(
      long discussionId,
      int week,
      String title,
      String question,
      String language,
      boolean published) {
    return db.tx(
        tx -> {
          long id =
              tx.insertInto(THEME)
                  .set(THEME.DISCUSSION_ID, discussionId)
                  .set(THEME.WEEK, week)
                  .set(THEME.TITLE, title)
                  .set(THEME.QUESTION, question)
                  .set(THEME.QUESTION_HTML, "")
                  .set(THEME.LANGUAGE, language)
                  .set(THEME.PUBLISH_AT, now())
                  .set(THEME.PUBLISHED_AT, published ? now() : null)
                  .set(THEME.CREATED_AT, now())
                  .set(THEME.UPDATED_AT, now())
                  .returning(THEME.ID)
                  .fetchSingle()
                  .getId();
          changed(tx, ContentKind.THEME.code(), id);
          return id;
        });
  }

  long contribution(
      long discussionId,
      int week,
      Long authorId,
      String body,
      String trimmed,
      String language,
      String status) {
    return db.tx(
        tx -> contribution(tx, discussionId, week, authorId, body, trimmed, language, status));
  }

  long contribution(
      DSLContext tx,
      long discussionId,
      int week,
      Long authorId,
      String body,
      String trimmed,
      String language,
      String status) {
    long id =
        tx.insertInto(CONTRIBUTION)
            .set(CONTRIBUTION.DISCUSSION_ID, discussionId)
            .set(CONTRIBUTION.WEEK, week)
            .set(CONTRIBUTION.AUTHOR_ID, authorId)
            .set(CONTRIBUTION.AUTHOR_NAME, authorId == null ? "Guest Writer" : null)
            .set(CONTRIBUTION.BODY, body)
            .set(CONTRIBUTION.BODY_HTML, "")
            .set(CONTRIBUTION.TRIMMED, trimmed)
            .set(CONTRIBUTION.LANGUAGE, language)
            .set(CONTRIBUTION.STATUS, ContributionStatus.fromCode(status))
            .set(CONTRIBUTION.SOURCE, "web")
            .set(CONTRIBUTION.CREATED_AT, now())
            .set(CONTRIBUTION.UPDATED_AT, now())
            .returning(CONTRIBUTION.ID)
            .fetchSingle()
            .getId();
    changed(tx, ContentKind.CONTRIBUTION.code(), id);
    return id;
  }

  /** Approve, reject or delete, as moderation does. */
  void setStatus(long contributionId, String status) {
    db.txRun(
        tx -> {
          tx.update(CONTRIBUTION)
              .set(CONTRIBUTION.STATUS, ContributionStatus.fromCode(status))
              .set(CONTRIBUTION.UPDATED_AT, now())
              .where(CONTRIBUTION.ID.eq(contributionId))
              .execute();
          changed(tx, ContentKind.CONTRIBUTION.code(), contributionId);
        });
  }

  void editBody(long contributionId, String body) {
    db.txRun(
        tx -> {
          tx.update(CONTRIBUTION)
              .set(CONTRIBUTION.BODY, body)
              .set(CONTRIBUTION.UPDATED_AT, now())
              .where(CONTRIBUTION.ID.eq(contributionId))
              .execute();
          changed(tx, ContentKind.CONTRIBUTION.code(), contributionId);
        });
  }

  long reply(long discussionId, String language, String title, String body, boolean published) {
    return db.tx(
        tx -> {
          long id =
              tx.insertInto(CONSOLIDATED_REPLY)
                  .set(CONSOLIDATED_REPLY.DISCUSSION_ID, discussionId)
                  .set(CONSOLIDATED_REPLY.LANGUAGE, language)
                  .set(CONSOLIDATED_REPLY.TITLE, title)
                  .set(CONSOLIDATED_REPLY.BODY, body)
                  .set(CONSOLIDATED_REPLY.BODY_HTML, "")
                  .set(CONSOLIDATED_REPLY.STATUS, published ? "published" : "draft")
                  .set(CONSOLIDATED_REPLY.PUBLISHED_AT, published ? now() : null)
                  .set(CONSOLIDATED_REPLY.CREATED_AT, now())
                  .set(CONSOLIDATED_REPLY.UPDATED_AT, now())
                  .returning(CONSOLIDATED_REPLY.ID)
                  .fetchSingle()
                  .getId();
          changed(tx, ContentKind.REPLY.code(), id);
          return id;
        });
  }

  void translation(String entityType, long entityId, String language, String title, String body) {
    db.txRun(
        tx -> {
          tx.insertInto(TRANSLATION)
              .set(TRANSLATION.ENTITY_TYPE, entityType)
              .set(TRANSLATION.ENTITY_ID, entityId)
              .set(TRANSLATION.LANGUAGE, language)
              .set(TRANSLATION.TITLE, title)
              .set(TRANSLATION.BODY, body)
              .set(TRANSLATION.BODY_HTML, "")
              .set(TRANSLATION.CREATED_AT, now())
              .set(TRANSLATION.UPDATED_AT, now())
              .execute();
          changed(tx, entityType, entityId);
        });
  }
}
