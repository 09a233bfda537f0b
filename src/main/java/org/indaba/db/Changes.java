package org.indaba.db;

import static org.indaba.db.schema.Tables.AUDIT_LOG;
import static org.indaba.db.schema.Tables.DOMAIN_EVENT;
import static org.indaba.db.schema.Tables.SEARCH_OUTBOX;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.indaba.model.ContentKind;
import org.indaba.model.Shortened;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What the rest of the system must do about a change, written in the caller's transaction: the
 * search outbox row (the indexer re-reads the item), the domain event (mail reacts to it) and the
 * audit row (who did what, when and why). Each method is named after what happened, so a feature
 * says "a contribution was approved" once and the three records can never drift apart. The
 * consumers read these tables: search ({@code search_outbox}), mail ({@code domain_event}) and
 * moderation ({@code audit_log}); nothing else writes them.
 *
 * <p>{@code by} is the member who acted; {@code discussionId} may be null for the library.
 */
public final class Changes {
  /** What an audit row is about, besides content ({@link ContentKind}). */
  public static final String MEMBER_TARGET = "member";

  public static final String FLAG_TARGET = "flag";
  public static final String TOPIC_TARGET = "resource_topic";
  public static final String COMMENT_TARGET = "resource_comment";
  public static final String ORGANISATION_TARGET = "organisation";

  /** {@code audit_log.reason} holds 2,000 characters. */
  static final int MAX_REASON = 2000;

  private final Clock clock;

  public Changes(Clock clock) {
    this.clock = clock;
  }

  // contributions

  /**
   * A posted contribution's search outbox row and its event, in one statement (one round trip for a
   * post, which mail makes by the hundred), rendered once.
   */
  private static final Rendered POSTED =
      Rendered.of(
          DSL.with(
                  DSL.name("outbox")
                      .as(
                          DSL.insertInto(SEARCH_OUTBOX)
                              .set(
                                  SEARCH_OUTBOX.ENTITY_TYPE,
                                  DSL.inline(ContentKind.CONTRIBUTION.code()))
                              .set(
                                  SEARCH_OUTBOX.ENTITY_ID,
                                  DSL.param("outbox_entity_id", SEARCH_OUTBOX.ENTITY_ID))
                              .set(
                                  SEARCH_OUTBOX.CREATED_AT,
                                  DSL.param("outbox_created_at", SEARCH_OUTBOX.CREATED_AT))
                              .returning(SEARCH_OUTBOX.ENTITY_ID)))
              .insertInto(DOMAIN_EVENT)
              .set(DOMAIN_EVENT.KIND, DSL.inline(EventKind.CONTRIBUTION_APPROVED.code()))
              .set(
                  DOMAIN_EVENT.DISCUSSION_ID,
                  DSL.param("discussion_id", DOMAIN_EVENT.DISCUSSION_ID))
              .set(DOMAIN_EVENT.ENTITY_ID, DSL.param("entity_id", DOMAIN_EVENT.ENTITY_ID))
              .set(DOMAIN_EVENT.CREATED_AT, DSL.param("created_at", DOMAIN_EVENT.CREATED_AT)));

  /** A contribution was posted and is published at once (not held); nobody's decision. */
  public void contributionPosted(DSLContext tx, long discussionId, long contributionId) {
    OffsetDateTime now = OffsetDateTime.now(clock);
    POSTED.execute(tx, contributionId, now, discussionId, contributionId, now);
  }

  /**
   * A message of an archive was imported and published: searchable, and announced to nobody (no
   * event, so no mail).
   */
  public void contributionImported(DSLContext tx, long contributionId) {
    searchable(tx, ContentKind.CONTRIBUTION, contributionId);
  }

  /** A contribution was posted and waits for a moderator. */
  public void contributionHeld(DSLContext tx, long discussionId, long contributionId) {
    event(tx, EventKind.CONTRIBUTION_HELD, discussionId, contributionId);
  }

  public void contributionApproved(DSLContext tx, long by, long discussionId, long contributionId) {
    searchable(tx, ContentKind.CONTRIBUTION, contributionId);
    event(tx, EventKind.CONTRIBUTION_APPROVED, discussionId, contributionId);
    audit(
        tx, by, discussionId, AuditAction.APPROVE, ContentKind.CONTRIBUTION, contributionId, null);
  }

  /** A moderator corrected a waiting contribution and approved it in one step. */
  public void contributionEditedAndApproved(
      DSLContext tx, long by, long discussionId, long contributionId) {
    searchable(tx, ContentKind.CONTRIBUTION, contributionId);
    event(tx, EventKind.CONTRIBUTION_APPROVED, discussionId, contributionId);
    audit(tx, by, discussionId, AuditAction.EDIT, ContentKind.CONTRIBUTION, contributionId, null);
    audit(
        tx, by, discussionId, AuditAction.APPROVE, ContentKind.CONTRIBUTION, contributionId, null);
  }

  public void contributionRejected(
      DSLContext tx, long by, long discussionId, long contributionId, String why) {
    searchable(tx, ContentKind.CONTRIBUTION, contributionId);
    event(tx, EventKind.CONTRIBUTION_REJECTED, discussionId, contributionId);
    audit(tx, by, discussionId, AuditAction.REJECT, ContentKind.CONTRIBUTION, contributionId, why);
  }

  public void contributionDeleted(
      DSLContext tx, long by, long discussionId, long contributionId, String why) {
    searchable(tx, ContentKind.CONTRIBUTION, contributionId);
    audit(tx, by, discussionId, AuditAction.DELETE, ContentKind.CONTRIBUTION, contributionId, why);
  }

  /** A moderator undid their last decision ({@code undone}: its audit action) on a contribution. */
  public void contributionDecisionUndone(
      DSLContext tx, long by, long discussionId, long contributionId, String undone) {
    searchable(tx, ContentKind.CONTRIBUTION, contributionId);
    audit(tx, by, discussionId, AuditAction.UNDO, ContentKind.CONTRIBUTION, contributionId, undone);
  }

  /** The text of a published contribution changed (an edit applied): search sees the new text. */
  public void publishedContributionTextChanged(DSLContext tx, long contributionId) {
    searchable(tx, ContentKind.CONTRIBUTION, contributionId);
  }

  /** Its author (or a moderator) edited a contribution; the edit is applied. */
  public void contributionEdited(DSLContext tx, long by, long discussionId, long contributionId) {
    audit(tx, by, discussionId, AuditAction.EDIT, ContentKind.CONTRIBUTION, contributionId, null);
  }

  /** Its author edited a published contribution of a pre-moderated discussion: the edit waits. */
  public void contributionEditWaiting(
      DSLContext tx, long by, long discussionId, long contributionId) {
    audit(
        tx,
        by,
        discussionId,
        AuditAction.EDIT_WAITING,
        ContentKind.CONTRIBUTION,
        contributionId,
        null);
  }

  public void contributionEditDecided(
      DSLContext tx, long by, long discussionId, long contributionId, boolean approved) {
    audit(
        tx,
        by,
        discussionId,
        approved ? AuditAction.APPROVE_EDIT : AuditAction.REJECT_EDIT,
        ContentKind.CONTRIBUTION,
        contributionId,
        null);
  }

  /** A reader flagged a published contribution for the first time. */
  public void contributionFlagged(DSLContext tx, long discussionId, long contributionId) {
    event(tx, EventKind.CONTRIBUTION_FLAGGED, discussionId, contributionId);
  }

  public void flagDismissed(DSLContext tx, long by, long discussionId, long flagId) {
    audit(tx, by, discussionId, AuditAction.DISMISS_FLAG, FLAG_TARGET, flagId, null);
  }

  public void memberTrusted(DSLContext tx, long by, long discussionId, long memberId) {
    audit(tx, by, discussionId, AuditAction.TRUST, MEMBER_TARGET, memberId, null);
  }

  public void memberUntrusted(DSLContext tx, long by, long discussionId, long memberId) {
    audit(tx, by, discussionId, AuditAction.UNTRUST, MEMBER_TARGET, memberId, null);
  }

  // discussions and themes

  public void discussionCreated(DSLContext tx, long discussionId) {
    searchable(tx, ContentKind.DISCUSSION, discussionId);
  }

  public void discussionEdited(DSLContext tx, long by, long discussionId) {
    searchable(tx, ContentKind.DISCUSSION, discussionId);
    audit(
        tx,
        by,
        discussionId,
        AuditAction.DISCUSSION_EDIT,
        ContentKind.DISCUSSION,
        discussionId,
        null);
  }

  /** A moderator chose what becomes of mail from non-members ({@code mode}). */
  public void discussionNonMemberMailSet(DSLContext tx, long by, long discussionId, String mode) {
    audit(
        tx,
        by,
        discussionId,
        AuditAction.DISCUSSION_NON_MEMBER_MAIL,
        ContentKind.DISCUSSION,
        discussionId,
        mode);
  }

  public void discussionClosed(DSLContext tx, long by, long discussionId) {
    searchable(tx, ContentKind.DISCUSSION, discussionId);
    audit(
        tx,
        by,
        discussionId,
        AuditAction.DISCUSSION_CLOSE,
        ContentKind.DISCUSSION,
        discussionId,
        null);
  }

  /**
   * Moderators closed the discussion and asked for the closing message ({@code closingId}): the
   * mail job sends it to the participants, once.
   */
  public void closingMailRequested(DSLContext tx, long discussionId, long closingId) {
    event(tx, EventKind.DISCUSSION_CLOSED, discussionId, closingId);
  }

  /** An early closing undone: contributions are accepted again. */
  public void discussionReopened(DSLContext tx, long by, long discussionId) {
    event(tx, EventKind.DISCUSSION_REOPENED, discussionId, discussionId);
    searchable(tx, ContentKind.DISCUSSION, discussionId);
    audit(
        tx,
        by,
        discussionId,
        AuditAction.DISCUSSION_REOPEN,
        ContentKind.DISCUSSION,
        discussionId,
        null);
  }

  public void discussionArchived(DSLContext tx, long by, long discussionId) {
    searchable(tx, ContentKind.DISCUSSION, discussionId);
    audit(
        tx,
        by,
        discussionId,
        AuditAction.DISCUSSION_ARCHIVE,
        ContentKind.DISCUSSION,
        discussionId,
        null);
  }

  /** A moderator edited a theme; search sees it only once it is published. */
  public void themeEdited(
      DSLContext tx, long by, long discussionId, long themeId, boolean published) {
    if (published) {
      searchable(tx, ContentKind.THEME, themeId);
    }
    audit(tx, by, discussionId, AuditAction.THEME_EDIT, ContentKind.THEME, themeId, null);
  }

  /** A theme's week began (at its time, or earlier by a moderator): it is announced by mail. */
  public void themePublished(DSLContext tx, long discussionId, long themeId) {
    event(tx, EventKind.THEME_PUBLISHED, discussionId, themeId);
    searchable(tx, ContentKind.THEME, themeId);
  }

  /** A moderator published a theme before its time (after {@link #themePublished}). */
  public void themePublishedEarly(DSLContext tx, long by, long discussionId, long themeId) {
    audit(tx, by, discussionId, AuditAction.THEME_PUBLISH, ContentKind.THEME, themeId, null);
  }

  /** A theme of an imported or demo archive was published as of its past date: no announcement. */
  public void pastThemePublished(DSLContext tx, long themeId) {
    searchable(tx, ContentKind.THEME, themeId);
  }

  // consolidated replies

  public void replySaved(
      DSLContext tx, long by, long discussionId, long replyId, boolean published) {
    if (published) {
      searchable(tx, ContentKind.REPLY, replyId);
    }
    audit(tx, by, discussionId, AuditAction.SAVE_REPLY, ContentKind.REPLY, replyId, null);
  }

  public void replyPublished(DSLContext tx, long by, long discussionId, long replyId) {
    searchable(tx, ContentKind.REPLY, replyId);
    event(tx, EventKind.REPLY_PUBLISHED, discussionId, replyId);
    audit(tx, by, discussionId, AuditAction.PUBLISH_REPLY, ContentKind.REPLY, replyId, null);
  }

  // week summaries

  /** A week's summary was written or corrected ({@code language}); search sees it if published. */
  public void weekSummarySaved(
      DSLContext tx, long by, long discussionId, long summaryId, String language) {
    searchable(tx, ContentKind.SUMMARY, summaryId);
    audit(
        tx,
        by,
        discussionId,
        AuditAction.WEEK_SUMMARY_SAVE,
        ContentKind.SUMMARY,
        summaryId,
        language);
  }

  /** A week's summary was published: shown, searchable, and mailed to the subscribers. */
  public void weekSummaryPublished(
      DSLContext tx, long by, long discussionId, long summaryId, String language) {
    searchable(tx, ContentKind.SUMMARY, summaryId);
    event(tx, EventKind.WEEK_SUMMARY_PUBLISHED, discussionId, summaryId);
    audit(
        tx,
        by,
        discussionId,
        AuditAction.WEEK_SUMMARY_PUBLISH,
        ContentKind.SUMMARY,
        summaryId,
        language);
  }

  /** A published week summary was taken back to a draft. */
  public void weekSummaryWithdrawn(
      DSLContext tx, long by, long discussionId, long summaryId, String language) {
    searchable(tx, ContentKind.SUMMARY, summaryId);
    audit(
        tx,
        by,
        discussionId,
        AuditAction.WEEK_SUMMARY_WITHDRAW,
        ContentKind.SUMMARY,
        summaryId,
        language);
  }

  // translations

  /** A translation was saved or a content's language corrected: its search document changes. */
  public void translationChanged(DSLContext tx, ContentKind kind, long id) {
    searchable(tx, kind, id);
  }

  // analytics

  public void analyticsVisibilitySet(DSLContext tx, long by, long discussionId, boolean open) {
    audit(
        tx,
        by,
        discussionId,
        open ? AuditAction.ANALYTICS_PUBLIC : AuditAction.ANALYTICS_PRIVATE,
        ContentKind.DISCUSSION,
        discussionId,
        null);
  }

  // library

  /** A moderator added a resource: it is published at once. */
  public void resourceAdded(DSLContext tx, long by, long resourceId) {
    audit(tx, by, null, AuditAction.RESOURCE_ADD, ContentKind.RESOURCE, resourceId, null);
    searchable(tx, ContentKind.RESOURCE, resourceId);
    event(tx, EventKind.RESOURCE_PUBLISHED, null, resourceId);
  }

  /** A moderator uploaded a document as a discussion's resource (not announced). */
  public void resourceAddedToDiscussion(
      DSLContext tx, long by, long discussionId, long resourceId, String fileName) {
    audit(
        tx, by, discussionId, AuditAction.RESOURCE_ADD, ContentKind.RESOURCE, resourceId, fileName);
    searchable(tx, ContentKind.RESOURCE, resourceId);
  }

  public void resourceEdited(DSLContext tx, long by, long resourceId) {
    audit(tx, by, null, AuditAction.RESOURCE_EDIT, ContentKind.RESOURCE, resourceId, null);
    searchable(tx, ContentKind.RESOURCE, resourceId);
  }

  /** A moderator decided on a suggested resource. */
  public void resourceDecided(DSLContext tx, long by, long resourceId, boolean published) {
    audit(
        tx,
        by,
        null,
        published ? AuditAction.RESOURCE_PUBLISH : AuditAction.RESOURCE_REJECT,
        ContentKind.RESOURCE,
        resourceId,
        null);
    if (published) {
      searchable(tx, ContentKind.RESOURCE, resourceId);
      event(tx, EventKind.RESOURCE_PUBLISHED, null, resourceId);
    }
  }

  public void topicAdded(DSLContext tx, long by, long topicId, String name) {
    audit(tx, by, null, AuditAction.TOPIC_ADD, TOPIC_TARGET, topicId, name);
  }

  public void resourceFileAdded(DSLContext tx, long by, long resourceId, String fileName) {
    audit(tx, by, null, AuditAction.RESOURCE_FILE_ADD, ContentKind.RESOURCE, resourceId, fileName);
    searchable(tx, ContentKind.RESOURCE, resourceId);
  }

  public void resourceFileDeleted(DSLContext tx, long by, long resourceId) {
    audit(tx, by, null, AuditAction.RESOURCE_FILE_DELETE, ContentKind.RESOURCE, resourceId, null);
    searchable(tx, ContentKind.RESOURCE, resourceId);
  }

  public void resourceAttached(DSLContext tx, long by, long discussionId, long resourceId) {
    audit(
        tx, by, discussionId, AuditAction.RESOURCE_ATTACH, ContentKind.RESOURCE, resourceId, null);
  }

  public void resourceDetached(DSLContext tx, long by, long discussionId, long resourceId) {
    audit(
        tx, by, discussionId, AuditAction.RESOURCE_DETACH, ContentKind.RESOURCE, resourceId, null);
  }

  public void resourceCommentDecided(
      DSLContext tx, long by, long commentId, boolean approved, String why) {
    audit(
        tx,
        by,
        null,
        approved ? AuditAction.APPROVE : AuditAction.REJECT,
        COMMENT_TARGET,
        commentId,
        why);
  }

  /**
   * An admin merged names into an organisation; {@code what} says which (the organisation's name,
   * then the names merged into it).
   */
  public void organisationMerged(DSLContext tx, long by, long organisationId, String what) {
    audit(tx, by, null, AuditAction.ORGANISATION_MERGE, ORGANISATION_TARGET, organisationId, what);
  }

  /** An admin undid a merge; {@code what} names the organisation and the names it held. */
  public void organisationUnmerged(DSLContext tx, long by, long organisationId, String what) {
    audit(
        tx, by, null, AuditAction.ORGANISATION_UNMERGE, ORGANISATION_TARGET, organisationId, what);
  }

  // the three records

  /** The indexer re-reads the item's current state: one row covers create, edit and delete. */
  private void searchable(DSLContext tx, ContentKind kind, long id) {
    tx.insertInto(SEARCH_OUTBOX)
        .set(SEARCH_OUTBOX.ENTITY_TYPE, kind.code())
        .set(SEARCH_OUTBOX.ENTITY_ID, id)
        .set(SEARCH_OUTBOX.CREATED_AT, OffsetDateTime.now(clock))
        .execute();
  }

  private void event(DSLContext tx, EventKind kind, Long discussionId, Long entityId) {
    tx.insertInto(DOMAIN_EVENT)
        .set(DOMAIN_EVENT.KIND, kind.code())
        .set(DOMAIN_EVENT.DISCUSSION_ID, discussionId)
        .set(DOMAIN_EVENT.ENTITY_ID, entityId)
        .set(DOMAIN_EVENT.CREATED_AT, OffsetDateTime.now(clock))
        .execute();
  }

  private void audit(
      DSLContext tx,
      long by,
      Long discussionId,
      AuditAction action,
      ContentKind target,
      long targetId,
      String reason) {
    audit(tx, by, discussionId, action, target.code(), targetId, reason);
  }

  private void audit(
      DSLContext tx,
      long by,
      Long discussionId,
      AuditAction action,
      String target,
      long targetId,
      String reason) {
    tx.insertInto(AUDIT_LOG)
        .set(AUDIT_LOG.ACTOR_ID, by)
        .set(AUDIT_LOG.DISCUSSION_ID, discussionId)
        .set(AUDIT_LOG.ACTION, action.code())
        .set(AUDIT_LOG.TARGET_TYPE, target)
        .set(AUDIT_LOG.TARGET_ID, targetId)
        .set(AUDIT_LOG.REASON, Shortened.to(reason, MAX_REASON))
        .set(AUDIT_LOG.CREATED_AT, OffsetDateTime.now(clock))
        .execute();
  }
}
