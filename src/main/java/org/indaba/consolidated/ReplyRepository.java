package org.indaba.consolidated;

import static org.indaba.db.schema.Tables.CONSOLIDATED_REPLY;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.MEMBER;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.indaba.consolidated.ReplyRecords.Reply;
import org.indaba.consolidated.ReplyRecords.Version;
import org.indaba.db.schema.tables.records.ConsolidatedReplyRecord;
import org.indaba.model.ContributionStatus;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** Consolidated replies (one per discussion and language) and the contributors they acknowledge. */
public final class ReplyRepository {
  private final DSLContext dsl;

  public ReplyRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  private static Reply toReply(ConsolidatedReplyRecord r) {
    return new Reply(
        r.getId(),
        r.getDiscussionId(),
        r.getLanguage(),
        r.getTitle(),
        r.getBody(),
        r.getBodyHtml(),
        r.getStatus(),
        r.getPublishedAt(),
        r.getUpdatedAt());
  }

  public Optional<Reply> find(long discussionId, String language) {
    return dsl.selectFrom(CONSOLIDATED_REPLY)
        .where(
            CONSOLIDATED_REPLY
                .DISCUSSION_ID
                .eq(discussionId)
                .and(CONSOLIDATED_REPLY.LANGUAGE.eq(language)))
        .fetchOptional()
        .map(ReplyRepository::toReply);
  }

  public List<Reply> published(long discussionId) {
    return dsl.selectFrom(CONSOLIDATED_REPLY)
        .where(
            CONSOLIDATED_REPLY
                .DISCUSSION_ID
                .eq(discussionId)
                .and(CONSOLIDATED_REPLY.STATUS.eq("published")))
        .orderBy(CONSOLIDATED_REPLY.LANGUAGE)
        .fetch(ReplyRepository::toReply);
  }

  public List<Version> versions(long discussionId) {
    return dsl.select(
            CONSOLIDATED_REPLY.LANGUAGE, CONSOLIDATED_REPLY.TITLE, CONSOLIDATED_REPLY.STATUS)
        .from(CONSOLIDATED_REPLY)
        .where(CONSOLIDATED_REPLY.DISCUSSION_ID.eq(discussionId))
        .orderBy(CONSOLIDATED_REPLY.LANGUAGE)
        .fetch(r -> new Version(r.value1(), r.value2(), "published".equals(r.value3())));
  }

  /** Creates the draft or updates the text of an existing reply, keeping its status. */
  public long save(
      DSLContext tx,
      long discussionId,
      String language,
      String title,
      String body,
      String bodyHtml,
      long by,
      OffsetDateTime now) {
    return tx.insertInto(CONSOLIDATED_REPLY)
        .set(CONSOLIDATED_REPLY.DISCUSSION_ID, discussionId)
        .set(CONSOLIDATED_REPLY.LANGUAGE, language)
        .set(CONSOLIDATED_REPLY.TITLE, title)
        .set(CONSOLIDATED_REPLY.BODY, body)
        .set(CONSOLIDATED_REPLY.BODY_HTML, bodyHtml)
        .set(CONSOLIDATED_REPLY.STATUS, "draft")
        .set(CONSOLIDATED_REPLY.CREATED_BY, by)
        .set(CONSOLIDATED_REPLY.CREATED_AT, now)
        .set(CONSOLIDATED_REPLY.UPDATED_AT, now)
        .onConflict(CONSOLIDATED_REPLY.DISCUSSION_ID, CONSOLIDATED_REPLY.LANGUAGE)
        .doUpdate()
        .set(CONSOLIDATED_REPLY.TITLE, title)
        .set(CONSOLIDATED_REPLY.BODY, body)
        .set(CONSOLIDATED_REPLY.BODY_HTML, bodyHtml)
        .set(CONSOLIDATED_REPLY.UPDATED_AT, now)
        .returning(CONSOLIDATED_REPLY.ID)
        .fetchSingle()
        .getId();
  }

  /** Publishes a draft once; false when it was already published (by this or another moderator). */
  public boolean publish(DSLContext tx, long id, String bodyHtml, OffsetDateTime now) {
    return tx.update(CONSOLIDATED_REPLY)
            .set(CONSOLIDATED_REPLY.STATUS, "published")
            .set(CONSOLIDATED_REPLY.PUBLISHED_AT, now)
            .set(CONSOLIDATED_REPLY.BODY_HTML, bodyHtml)
            .set(CONSOLIDATED_REPLY.UPDATED_AT, now)
            .where(CONSOLIDATED_REPLY.ID.eq(id).and(CONSOLIDATED_REPLY.STATUS.eq("draft")))
            .execute()
        == 1;
  }

  public record ContributorRow(int week, String name, String organisation, String country) {}

  /** Each author of approved contributions once per week, in week then name order. */
  public List<ContributorRow> contributors(long discussionId) {
    Field<String> name =
        DSL.coalesce(MEMBER.DISPLAY_NAME, CONTRIBUTION.AUTHOR_NAME, DSL.inline(""));
    Field<String> organisation = DSL.coalesce(MEMBER.ORGANISATION, DSL.inline(""));
    Field<String> country = DSL.coalesce(MEMBER.COUNTRY, DSL.inline(""));
    return dsl.selectDistinct(CONTRIBUTION.WEEK, name, organisation, country)
        .from(CONTRIBUTION)
        .leftJoin(MEMBER)
        .on(MEMBER.ID.eq(CONTRIBUTION.AUTHOR_ID))
        .where(
            CONTRIBUTION
                .DISCUSSION_ID
                .eq(discussionId)
                .and(CONTRIBUTION.STATUS.eq(ContributionStatus.APPROVED)))
        .orderBy(CONTRIBUTION.WEEK, name, organisation, country)
        .fetch(r -> new ContributorRow(r.value1(), r.value2(), r.value3(), r.value4()));
  }

  public record CitableRow(long id, int week, String authorName, String body) {}

  /** Approved contributions of a discussion, week by week and oldest first, with their authors. */
  public List<CitableRow> citable(long discussionId) {
    return dsl.select(
            CONTRIBUTION.ID,
            CONTRIBUTION.WEEK,
            DSL.coalesce(MEMBER.DISPLAY_NAME, CONTRIBUTION.AUTHOR_NAME, DSL.inline("")),
            DSL.substring(CONTRIBUTION.BODY, DSL.inline(1), DSL.inline(300)))
        .from(CONTRIBUTION)
        .leftJoin(MEMBER)
        .on(MEMBER.ID.eq(CONTRIBUTION.AUTHOR_ID))
        .where(
            CONTRIBUTION
                .DISCUSSION_ID
                .eq(discussionId)
                .and(CONTRIBUTION.STATUS.eq(ContributionStatus.APPROVED)))
        .orderBy(CONTRIBUTION.WEEK, CONTRIBUTION.CREATED_AT, CONTRIBUTION.ID)
        .fetch(r -> new CitableRow(r.value1(), r.value2(), r.value3(), r.value4()));
  }
}
