package org.indaba.discussion;

import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.CONTRIBUTION_ATTACHMENT;
import static org.indaba.db.schema.Tables.CONTRIBUTION_PENDING_EDIT;
import static org.indaba.db.schema.Tables.CONTRIBUTION_REVISION;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.discussion.DiscussionRepository.instant;
import static org.indaba.discussion.DiscussionRepository.odt;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.db.Rendered;
import org.indaba.db.schema.tables.records.ContributionRecord;
import org.indaba.model.ContributionStatus;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;

/** Contributions with their authors, attachments and earlier versions. */
public final class ContributionRepository {
  private static final org.indaba.db.schema.tables.Contribution PARENT = CONTRIBUTION.as("parent");
  private static final org.indaba.db.schema.tables.Member PARENT_AUTHOR =
      MEMBER.as("parent_author");

  private final DSLContext dsl;

  public ContributionRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  static Contribution toContribution(ContributionRecord r) {
    return new Contribution(
        r.getId(),
        r.getDiscussionId(),
        r.getWeek(),
        r.getAuthorId(),
        r.getAuthorEmail(),
        r.getAuthorName(),
        r.getReplyToId(),
        r.getBody(),
        r.getBodyHtml(),
        r.getTrimmed(),
        r.getLanguage(),
        r.getStatus(),
        r.getHoldReason(),
        r.getSource(),
        r.getMessageId(),
        instant(r.getCreatedAt()),
        instant(r.getUpdatedAt()),
        instant(r.getEditedAt()),
        r.getDroppedAttachments() == null || r.getDroppedAttachments().isEmpty()
            ? java.util.List.of()
            : java.util.List.of(r.getDroppedAttachments().split("\n")));
  }

  /** Records the names of a mailed contribution's attachments that were left out. */
  public void setDroppedAttachments(long id, java.util.List<String> names) {
    dsl.update(CONTRIBUTION)
        .set(CONTRIBUTION.DROPPED_ATTACHMENTS, String.join("\n", names))
        .where(CONTRIBUTION.ID.eq(id))
        .execute();
  }

  public record NewRow(
      long discussionId,
      int week,
      Long authorId,
      String authorEmail,
      String authorName,
      Long replyToId,
      String body,
      String bodyHtml,
      String trimmed,
      String language,
      ContributionStatus status,
      String holdReason,
      String source,
      String messageId,
      Instant createdAt) {}

  public long insert(DSLContext tx, NewRow n) {
    return inserted(tx, n).getId();
  }

  /** Inserts the row and returns it as stored (one round trip: no read back). */
  public Contribution insertReturning(DSLContext tx, NewRow n) {
    return toContribution(inserted(tx, n));
  }

  /** The insert of a contribution, rendered once: mail posts them by the hundred a minute. */
  private static final Rendered INSERT =
      Rendered.of(
          Rendered.insertOf(
                  CONTRIBUTION,
                  CONTRIBUTION.DISCUSSION_ID,
                  CONTRIBUTION.WEEK,
                  CONTRIBUTION.AUTHOR_ID,
                  CONTRIBUTION.AUTHOR_EMAIL,
                  CONTRIBUTION.AUTHOR_NAME,
                  CONTRIBUTION.REPLY_TO_ID,
                  CONTRIBUTION.BODY,
                  CONTRIBUTION.BODY_HTML,
                  CONTRIBUTION.TRIMMED,
                  CONTRIBUTION.LANGUAGE,
                  CONTRIBUTION.STATUS,
                  CONTRIBUTION.HOLD_REASON,
                  CONTRIBUTION.SOURCE,
                  CONTRIBUTION.MESSAGE_ID,
                  CONTRIBUTION.CREATED_AT,
                  CONTRIBUTION.UPDATED_AT,
                  CONTRIBUTION.APPROVED_AT)
              .returning());

  private static ContributionRecord inserted(DSLContext tx, NewRow n) {
    boolean approved = n.status() == ContributionStatus.APPROVED;
    OffsetDateTime created = odt(n.createdAt());
    return INSERT.fetchSingle(
        tx,
        CONTRIBUTION,
        n.discussionId(),
        n.week(),
        n.authorId(),
        n.authorEmail(),
        n.authorName(),
        n.replyToId(),
        n.body(),
        n.bodyHtml(),
        n.trimmed(),
        n.language(),
        n.status(),
        n.holdReason(),
        n.source(),
        n.messageId(),
        created,
        created,
        approved ? created : null);
  }

  public void insertAttachment(
      DSLContext tx,
      long contributionId,
      String sha,
      String filename,
      String type,
      long size,
      String contentId,
      boolean inline) {
    tx.insertInto(CONTRIBUTION_ATTACHMENT)
        .set(CONTRIBUTION_ATTACHMENT.CONTRIBUTION_ID, contributionId)
        .set(CONTRIBUTION_ATTACHMENT.BLOB_SHA256, sha)
        .set(CONTRIBUTION_ATTACHMENT.FILENAME, filename)
        .set(CONTRIBUTION_ATTACHMENT.CONTENT_TYPE, type)
        .set(CONTRIBUTION_ATTACHMENT.SIZE_BYTES, size)
        .set(CONTRIBUTION_ATTACHMENT.CONTENT_ID, contentId)
        .set(CONTRIBUTION_ATTACHMENT.INLINE_IMAGE, inline)
        .execute();
  }

  public boolean messageIdExists(String messageId) {
    return dsl.fetchExists(CONTRIBUTION, CONTRIBUTION.MESSAGE_ID.eq(messageId));
  }

  public Optional<Contribution> byId(long id) {
    return dsl.selectFrom(CONTRIBUTION)
        .where(CONTRIBUTION.ID.eq(id))
        .fetchOptional(ContributionRepository::toContribution);
  }

  /** Locks the row for an edit, so two edits in flight cannot both pass the checks. */
  public Optional<Contribution> byIdForUpdate(DSLContext tx, long id) {
    return tx.selectFrom(CONTRIBUTION)
        .where(CONTRIBUTION.ID.eq(id))
        .forUpdate()
        .fetchOptional(ContributionRepository::toContribution);
  }

  /**
   * Replaces the body, keeping the previous one as a revision; {@code published} also sets the
   * "edited" time readers see.
   */
  public void updateBody(
      DSLContext tx,
      long id,
      String previousBody,
      String body,
      String html,
      long editedBy,
      Instant now,
      boolean published) {
    addRevision(tx, id, previousBody, editedBy, odt(now));
    var update =
        tx.update(CONTRIBUTION)
            .set(CONTRIBUTION.BODY, body)
            .set(CONTRIBUTION.BODY_HTML, html)
            .set(CONTRIBUTION.UPDATED_AT, odt(now));
    if (published) {
      update = update.set(CONTRIBUTION.EDITED_AT, odt(now));
    }
    update.where(CONTRIBUTION.ID.eq(id)).execute();
  }

  /** An author's edit of a published contribution that waits for a moderator. */
  public record PendingEdit(
      long contributionId, String body, String bodyHtml, long editedBy, Instant editedAt) {}

  /** Keeps (or replaces) the edit waiting for a moderator; the published text is unchanged. */
  public void savePendingEdit(
      DSLContext tx, long id, String body, String html, long editedBy, Instant now) {
    tx.insertInto(CONTRIBUTION_PENDING_EDIT)
        .set(CONTRIBUTION_PENDING_EDIT.CONTRIBUTION_ID, id)
        .set(CONTRIBUTION_PENDING_EDIT.BODY, body)
        .set(CONTRIBUTION_PENDING_EDIT.BODY_HTML, html)
        .set(CONTRIBUTION_PENDING_EDIT.EDITED_BY, editedBy)
        .set(CONTRIBUTION_PENDING_EDIT.EDITED_AT, odt(now))
        .onConflict(CONTRIBUTION_PENDING_EDIT.CONTRIBUTION_ID)
        .doUpdate()
        .set(CONTRIBUTION_PENDING_EDIT.BODY, body)
        .set(CONTRIBUTION_PENDING_EDIT.BODY_HTML, html)
        .set(CONTRIBUTION_PENDING_EDIT.EDITED_BY, editedBy)
        .set(CONTRIBUTION_PENDING_EDIT.EDITED_AT, odt(now))
        .execute();
  }

  public Optional<PendingEdit> pendingEdit(long id) {
    return dsl.selectFrom(CONTRIBUTION_PENDING_EDIT)
        .where(CONTRIBUTION_PENDING_EDIT.CONTRIBUTION_ID.eq(id))
        .fetchOptional(
            r ->
                new PendingEdit(
                    r.getContributionId(),
                    r.getBody(),
                    r.getBodyHtml(),
                    r.getEditedBy(),
                    instant(r.getEditedAt())));
  }

  /** Removes the waiting edit and returns it; empty when another moderator decided first. */
  public Optional<PendingEdit> takePendingEdit(DSLContext tx, long id) {
    return tx.deleteFrom(CONTRIBUTION_PENDING_EDIT)
        .where(CONTRIBUTION_PENDING_EDIT.CONTRIBUTION_ID.eq(id))
        .returning()
        .fetchOptional()
        .map(
            r ->
                new PendingEdit(
                    r.getContributionId(),
                    r.getBody(),
                    r.getBodyHtml(),
                    r.getEditedBy(),
                    instant(r.getEditedAt())));
  }

  // Moderators' decisions: the status changes of a contribution, each only from the status it
  // must have (a second moderator acting at the same time changes nothing).

  /** Corrects the language label of a contribution (translators and moderators may). */
  public static boolean setLanguage(DSLContext tx, long id, String language, Instant now) {
    return tx.update(CONTRIBUTION)
            .set(CONTRIBUTION.LANGUAGE, language)
            .set(CONTRIBUTION.UPDATED_AT, odt(now))
            .where(CONTRIBUTION.ID.eq(id))
            .execute()
        == 1;
  }

  public static boolean approve(DSLContext tx, long id, long by, OffsetDateTime now) {
    return tx.update(CONTRIBUTION)
            .set(CONTRIBUTION.STATUS, ContributionStatus.APPROVED)
            .set(CONTRIBUTION.APPROVED_AT, now)
            .set(CONTRIBUTION.APPROVED_BY, by)
            .set(CONTRIBUTION.UPDATED_AT, now)
            .where(CONTRIBUTION.ID.eq(id).and(CONTRIBUTION.STATUS.eq(ContributionStatus.PENDING)))
            .execute()
        == 1;
  }

  public static boolean editAndApprove(
      DSLContext tx, long id, String body, String bodyHtml, long by, OffsetDateTime now) {
    return tx.update(CONTRIBUTION)
            .set(CONTRIBUTION.BODY, body)
            .set(CONTRIBUTION.BODY_HTML, bodyHtml)
            .set(CONTRIBUTION.STATUS, ContributionStatus.APPROVED)
            .set(CONTRIBUTION.APPROVED_AT, now)
            .set(CONTRIBUTION.APPROVED_BY, by)
            .set(CONTRIBUTION.UPDATED_AT, now)
            .where(CONTRIBUTION.ID.eq(id).and(CONTRIBUTION.STATUS.eq(ContributionStatus.PENDING)))
            .execute()
        == 1;
  }

  public static boolean reject(DSLContext tx, long id, String reason, OffsetDateTime now) {
    return tx.update(CONTRIBUTION)
            .set(CONTRIBUTION.STATUS, ContributionStatus.REJECTED)
            .set(CONTRIBUTION.REJECT_REASON, reason)
            .set(CONTRIBUTION.UPDATED_AT, now)
            .where(CONTRIBUTION.ID.eq(id).and(CONTRIBUTION.STATUS.eq(ContributionStatus.PENDING)))
            .execute()
        == 1;
  }

  public static boolean delete(DSLContext tx, long id, String reason, long by, OffsetDateTime now) {
    return tx.update(CONTRIBUTION)
            .set(CONTRIBUTION.STATUS, ContributionStatus.DELETED)
            .set(CONTRIBUTION.DELETED_REASON, reason)
            .set(CONTRIBUTION.DELETED_AT, now)
            .set(CONTRIBUTION.DELETED_BY, by)
            .set(CONTRIBUTION.UPDATED_AT, now)
            .where(CONTRIBUTION.ID.eq(id).and(CONTRIBUTION.STATUS.eq(ContributionStatus.APPROVED)))
            .execute()
        == 1;
  }

  /** Puts a decided contribution back as it was before the decision; false when it moved on. */
  public static boolean undoDecision(DSLContext tx, long id, String action, OffsetDateTime now) {
    return switch (action) {
      case "approve" ->
          tx.update(CONTRIBUTION)
                  .set(CONTRIBUTION.STATUS, ContributionStatus.PENDING)
                  .setNull(CONTRIBUTION.APPROVED_AT)
                  .setNull(CONTRIBUTION.APPROVED_BY)
                  .set(CONTRIBUTION.UPDATED_AT, now)
                  .where(
                      CONTRIBUTION
                          .ID
                          .eq(id)
                          .and(CONTRIBUTION.STATUS.eq(ContributionStatus.APPROVED)))
                  .execute()
              == 1;
      case "reject" ->
          tx.update(CONTRIBUTION)
                  .set(CONTRIBUTION.STATUS, ContributionStatus.PENDING)
                  .setNull(CONTRIBUTION.REJECT_REASON)
                  .set(CONTRIBUTION.UPDATED_AT, now)
                  .where(
                      CONTRIBUTION
                          .ID
                          .eq(id)
                          .and(CONTRIBUTION.STATUS.eq(ContributionStatus.REJECTED)))
                  .execute()
              == 1;
      case "delete" ->
          tx.update(CONTRIBUTION)
                  .set(CONTRIBUTION.STATUS, ContributionStatus.APPROVED)
                  .setNull(CONTRIBUTION.DELETED_REASON)
                  .setNull(CONTRIBUTION.DELETED_AT)
                  .setNull(CONTRIBUTION.DELETED_BY)
                  .set(CONTRIBUTION.UPDATED_AT, now)
                  .where(
                      CONTRIBUTION
                          .ID
                          .eq(id)
                          .and(CONTRIBUTION.STATUS.eq(ContributionStatus.DELETED)))
                  .execute()
              == 1;
      default -> false;
    };
  }

  /**
   * Keeps the body a contribution had before an edit, by its author or by a moderator: the one
   * place that writes contribution history.
   */
  public static void addRevision(
      DSLContext tx, long contributionId, String previousBody, long editedBy, OffsetDateTime at) {
    tx.insertInto(CONTRIBUTION_REVISION)
        .set(CONTRIBUTION_REVISION.CONTRIBUTION_ID, contributionId)
        .set(CONTRIBUTION_REVISION.BODY, previousBody)
        .set(CONTRIBUTION_REVISION.EDITED_BY, editedBy)
        .set(CONTRIBUTION_REVISION.EDITED_AT, at)
        .execute();
  }

  public record Revision(long id, String body, Instant editedAt) {}

  public List<Revision> revisions(long contributionId) {
    return dsl.selectFrom(CONTRIBUTION_REVISION)
        .where(CONTRIBUTION_REVISION.CONTRIBUTION_ID.eq(contributionId))
        .orderBy(CONTRIBUTION_REVISION.ID.desc())
        .fetch(r -> new Revision(r.getId(), r.getBody(), instant(r.getEditedAt())));
  }

  /** A contribution with who wrote it and what it answers, read in one query. */
  public record Row(
      Contribution contribution,
      Signature author,
      Long replyToId,
      String replyToAuthor,
      ContributionStatus replyToStatus,
      Long replyToAuthorId) {
    public Row(Contribution contribution, Signature author, Long replyToId, String replyToAuthor) {
      this(contribution, author, replyToId, replyToAuthor, null, null);
    }
  }

  /** What a viewer may see: approved ones; their own pending ones; all live ones for moderators. */
  static Condition visibleTo(Long viewerId, boolean moderator) {
    if (moderator) {
      return CONTRIBUTION.STATUS.in(ContributionStatus.APPROVED, ContributionStatus.PENDING);
    }
    Condition c = CONTRIBUTION.STATUS.eq(ContributionStatus.APPROVED);
    if (viewerId != null) {
      c =
          c.or(
              CONTRIBUTION
                  .STATUS
                  .eq(ContributionStatus.PENDING)
                  .and(CONTRIBUTION.AUTHOR_ID.eq(viewerId)));
    }
    return c;
  }

  private org.jooq.SelectOnConditionStep<Record> rows() {
    return dsl.select(CONTRIBUTION.fields())
        .select(
            MEMBER.DISPLAY_NAME,
            MEMBER.ORGANISATION,
            MEMBER.CITY,
            MEMBER.COUNTRY,
            PARENT.ID,
            PARENT.AUTHOR_NAME,
            PARENT.STATUS,
            PARENT.AUTHOR_ID,
            PARENT_AUTHOR.DISPLAY_NAME)
        .from(CONTRIBUTION)
        .leftJoin(MEMBER)
        .on(MEMBER.ID.eq(CONTRIBUTION.AUTHOR_ID))
        .leftJoin(PARENT)
        .on(PARENT.ID.eq(CONTRIBUTION.REPLY_TO_ID))
        .leftJoin(PARENT_AUTHOR)
        .on(PARENT_AUTHOR.ID.eq(PARENT.AUTHOR_ID));
  }

  private static Row toRow(Record r) {
    Contribution c = toContribution(r.into(CONTRIBUTION));
    String name = r.get(MEMBER.DISPLAY_NAME) != null ? r.get(MEMBER.DISPLAY_NAME) : c.authorName();
    Signature s =
        new Signature(
            c.authorId(),
            name,
            r.get(MEMBER.ORGANISATION),
            r.get(MEMBER.CITY),
            r.get(MEMBER.COUNTRY));
    String parentName =
        r.get(PARENT_AUTHOR.DISPLAY_NAME) != null
            ? r.get(PARENT_AUTHOR.DISPLAY_NAME)
            : r.get(PARENT.AUTHOR_NAME);
    return new Row(
        c, s, r.get(PARENT.ID), parentName, r.get(PARENT.STATUS), r.get(PARENT.AUTHOR_ID));
  }

  /**
   * The visible contributions of a discussion (of one week, or all when week is null), oldest
   * first.
   */
  public List<Row> list(long discussionId, Integer week, Long viewerId, boolean moderator) {
    Condition where =
        CONTRIBUTION.DISCUSSION_ID.eq(discussionId).and(visibleTo(viewerId, moderator));
    if (week != null) {
      where = where.and(CONTRIBUTION.WEEK.eq(week));
    }
    return rows()
        .where(where)
        .orderBy(CONTRIBUTION.CREATED_AT, CONTRIBUTION.ID)
        .fetch(ContributionRepository::toRow);
  }

  /**
   * The direct replies to one contribution in its week that the viewer may see, oldest first: what
   * its permalink page lists, without reading the rest of a busy week.
   */
  public List<Row> repliesTo(
      long discussionId, int week, long parentId, Long viewerId, boolean moderator) {
    return rows()
        .where(
            CONTRIBUTION
                .DISCUSSION_ID
                .eq(discussionId)
                .and(CONTRIBUTION.WEEK.eq(week))
                .and(CONTRIBUTION.REPLY_TO_ID.eq(parentId))
                .and(visibleTo(viewerId, moderator)))
        .orderBy(CONTRIBUTION.CREATED_AT, CONTRIBUTION.ID)
        .fetch(ContributionRepository::toRow);
  }

  /**
   * Whether the member wrote anything in the discussion (in any state): their pages show their own
   * pending posts, edit links and trimmed text, so they are never the pages other readers get.
   */
  public boolean hasAnyBy(long discussionId, long memberId) {
    return dsl.fetchExists(
        CONTRIBUTION,
        CONTRIBUTION.DISCUSSION_ID.eq(discussionId).and(CONTRIBUTION.AUTHOR_ID.eq(memberId)));
  }

  /** Newest approved contributions, for the feed. */
  public List<Row> latestApproved(long discussionId, int limit) {
    return rows()
        .where(
            CONTRIBUTION
                .DISCUSSION_ID
                .eq(discussionId)
                .and(CONTRIBUTION.STATUS.eq(ContributionStatus.APPROVED)))
        .orderBy(CONTRIBUTION.CREATED_AT.desc(), CONTRIBUTION.ID.desc())
        .limit(limit)
        .fetch(ContributionRepository::toRow);
  }

  public Optional<Row> row(long id) {
    return rows().where(CONTRIBUTION.ID.eq(id)).fetchOptional(ContributionRepository::toRow);
  }

  /** Attachments of many contributions in one query, grouped by contribution. */
  public Map<Long, List<Attachment>> attachments(Collection<Long> contributionIds) {
    Map<Long, List<Attachment>> out = new LinkedHashMap<>();
    if (contributionIds.isEmpty()) {
      return out;
    }
    dsl.selectFrom(CONTRIBUTION_ATTACHMENT)
        .where(CONTRIBUTION_ATTACHMENT.CONTRIBUTION_ID.in(contributionIds))
        .orderBy(CONTRIBUTION_ATTACHMENT.ID)
        .forEach(
            r ->
                out.computeIfAbsent(r.getContributionId(), k -> new java.util.ArrayList<>())
                    .add(
                        new Attachment(
                            r.getId(),
                            r.getContributionId(),
                            r.getBlobSha256(),
                            r.getFilename(),
                            r.getContentType(),
                            r.getSizeBytes(),
                            r.getContentId(),
                            r.getInlineImage())));
    return out;
  }

  public Optional<Attachment> attachment(long contributionId, long attachmentId) {
    return attachments(List.of(contributionId)).getOrDefault(contributionId, List.of()).stream()
        .filter(a -> a.id() == attachmentId)
        .findFirst();
  }

  /** A member's approved contributions across discussions, newest first, for their profile. */
  public record ProfileItem(
      long id,
      String discussionSlug,
      String discussionTitle,
      int week,
      String language,
      String excerpt,
      Instant createdAt) {
    public String url() {
      return "/c/" + id;
    }
  }

  public List<ProfileItem> approvedBy(long memberId, int limit) {
    return dsl.select(
            CONTRIBUTION.ID,
            DISCUSSION.SLUG,
            DISCUSSION.TITLE,
            CONTRIBUTION.WEEK,
            CONTRIBUTION.LANGUAGE,
            CONTRIBUTION.BODY,
            CONTRIBUTION.CREATED_AT)
        .from(CONTRIBUTION)
        .join(DISCUSSION)
        .on(DISCUSSION.ID.eq(CONTRIBUTION.DISCUSSION_ID))
        .where(
            CONTRIBUTION
                .AUTHOR_ID
                .eq(memberId)
                .and(CONTRIBUTION.STATUS.eq(ContributionStatus.APPROVED))
                .and(DISCUSSION.DRAFT.isFalse()))
        .orderBy(CONTRIBUTION.CREATED_AT.desc())
        .limit(limit)
        .fetch(
            r ->
                new ProfileItem(
                    r.value1(),
                    r.value2(),
                    r.value3(),
                    r.value4(),
                    r.value5(),
                    excerpt(r.value6()),
                    instant(r.value7())));
  }

  static String excerpt(String markdown) {
    String plain =
        org.indaba.content.MarkdownRenderer.toPlainText(markdown).replaceAll("\\s+", " ").trim();
    return plain.length() <= 240 ? plain : plain.substring(0, 240) + "…";
  }
}
