package org.indaba.moderation;

import static org.indaba.db.schema.Tables.AUDIT_LOG;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.CONTRIBUTION_ATTACHMENT;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.FLAG;
import static org.indaba.db.schema.Tables.INBOUND_MAIL;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.THEME;
import static org.indaba.db.schema.Tables.TRUSTED_MEMBER;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.indaba.db.schema.tables.Member;
import org.indaba.model.ContributionStatus;
import org.indaba.moderation.ModerationRecords.AuditEntry;
import org.indaba.moderation.ModerationRecords.ContributionRef;
import org.indaba.moderation.ModerationRecords.DiscussionRef;
import org.indaba.moderation.ModerationRecords.FlagItem;
import org.indaba.moderation.ModerationRecords.FlagRef;
import org.indaba.moderation.ModerationRecords.QueueItem;
import org.indaba.moderation.ModerationRecords.TrustedMember;
import org.indaba.moderation.ModerationRecords.UpcomingTheme;
import org.indaba.moderation.ModerationRecords.WeekCount;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Contributions, flags and trust as moderation sees them. Every list is one query with its joins,
 * so a long queue costs the same number of round trips as a short one. Decisions are conditional
 * updates: when two moderators act on the same item, exactly one update matches.
 */
public final class ModerationRepository {
  static final int QUEUE_LIMIT = 200;
  private final DSLContext dsl;

  public ModerationRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** {@code null} scope means every discussion (admins). */
  private static Condition inScope(Field<Long> discussionId, Collection<Long> scope) {
    return scope == null ? DSL.trueCondition() : discussionId.in(scope);
  }

  private static Field<String> authorName(Member author) {
    return DSL.coalesce(
        author.DISPLAY_NAME, CONTRIBUTION.AUTHOR_NAME, CONTRIBUTION.AUTHOR_EMAIL, DSL.inline(""));
  }

  public Optional<DiscussionRef> discussionBySlug(String slug) {
    return dsl.select(DISCUSSION.ID, DISCUSSION.SLUG, DISCUSSION.TITLE, DISCUSSION.DRAFT)
        .from(DISCUSSION)
        .where(DISCUSSION.SLUG.eq(slug))
        .fetchOptional(r -> new DiscussionRef(r.value1(), r.value2(), r.value3(), r.value4()));
  }

  public boolean discussionIsDraft(long discussionId) {
    return dsl.fetchExists(
        DISCUSSION, DISCUSSION.ID.eq(discussionId).and(DISCUSSION.DRAFT.isTrue()));
  }

  public Optional<ContributionRef> contribution(long id) {
    Member author = MEMBER.as("author");
    return dsl.select(
            CONTRIBUTION.ID,
            CONTRIBUTION.DISCUSSION_ID,
            DISCUSSION.SLUG,
            DISCUSSION.TITLE,
            CONTRIBUTION.STATUS,
            CONTRIBUTION.AUTHOR_ID,
            authorName(author),
            DSL.coalesce(author.EMAIL, CONTRIBUTION.AUTHOR_EMAIL),
            author.PREFERRED_LANGUAGE,
            CONTRIBUTION.BODY,
            CONTRIBUTION.BODY_HTML,
            CONTRIBUTION.LANGUAGE)
        .from(CONTRIBUTION)
        .join(DISCUSSION)
        .on(DISCUSSION.ID.eq(CONTRIBUTION.DISCUSSION_ID))
        .leftJoin(author)
        .on(author.ID.eq(CONTRIBUTION.AUTHOR_ID))
        .where(CONTRIBUTION.ID.eq(id))
        .fetchOptional(
            r ->
                new ContributionRef(
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
                    r.value11(),
                    r.value12()));
  }

  // flags

  public boolean insertFlag(
      DSLContext tx, long contributionId, long memberId, String reason, OffsetDateTime now) {
    return tx.insertInto(FLAG)
            .set(FLAG.CONTRIBUTION_ID, contributionId)
            .set(FLAG.MEMBER_ID, memberId)
            .set(FLAG.REASON, reason)
            .set(FLAG.CREATED_AT, now)
            .onConflict(FLAG.CONTRIBUTION_ID, FLAG.MEMBER_ID)
            .doNothing()
            .execute()
        == 1;
  }

  public Optional<FlagRef> flag(long id) {
    return dsl.select(FLAG.ID, FLAG.CONTRIBUTION_ID, CONTRIBUTION.DISCUSSION_ID, FLAG.RESOLVED_AT)
        .from(FLAG)
        .join(CONTRIBUTION)
        .on(CONTRIBUTION.ID.eq(FLAG.CONTRIBUTION_ID))
        .where(FLAG.ID.eq(id))
        .fetchOptional(r -> new FlagRef(r.value1(), r.value2(), r.value3(), r.value4() == null));
  }

  public boolean resolveFlag(
      DSLContext tx, long flagId, String resolution, long by, OffsetDateTime now) {
    return tx.update(FLAG)
            .set(FLAG.RESOLVED_AT, now)
            .set(FLAG.RESOLVED_BY, by)
            .set(FLAG.RESOLUTION, resolution)
            .where(FLAG.ID.eq(flagId).and(FLAG.RESOLVED_AT.isNull()))
            .execute()
        == 1;
  }

  /** Settles every open flag on a contribution; returns the ids settled. */
  public List<Long> resolveFlagsOf(
      DSLContext tx, long contributionId, String resolution, long by, OffsetDateTime now) {
    return tx.update(FLAG)
        .set(FLAG.RESOLVED_AT, now)
        .set(FLAG.RESOLVED_BY, by)
        .set(FLAG.RESOLUTION, resolution)
        .where(FLAG.CONTRIBUTION_ID.eq(contributionId).and(FLAG.RESOLVED_AT.isNull()))
        .returning(FLAG.ID)
        .fetch(FLAG.ID);
  }

  // trust

  public boolean memberExists(long memberId) {
    return dsl.fetchExists(MEMBER, MEMBER.ID.eq(memberId));
  }

  public List<TrustedMember> trusted(long discussionId) {
    return dsl.select(
            MEMBER.ID, MEMBER.DISPLAY_NAME, MEMBER.ORGANISATION, TRUSTED_MEMBER.GRANTED_AT)
        .from(TRUSTED_MEMBER)
        .join(MEMBER)
        .on(MEMBER.ID.eq(TRUSTED_MEMBER.MEMBER_ID))
        .where(TRUSTED_MEMBER.DISCUSSION_ID.eq(discussionId))
        .orderBy(MEMBER.DISPLAY_NAME)
        .fetch(r -> new TrustedMember(r.value1(), r.value2(), r.value3(), r.value4()));
  }

  // the queue and the dashboard

  /** How many contributions wait in the scope (all of them, not the length of a page). */
  public int pendingCount(Collection<Long> scope) {
    return dsl.fetchCount(
        CONTRIBUTION,
        CONTRIBUTION
            .STATUS
            .eq(ContributionStatus.PENDING)
            .and(inScope(CONTRIBUTION.DISCUSSION_ID, scope)));
  }

  /** One page of the waiting contributions, oldest first. */
  public List<QueueItem> pending(Collection<Long> scope, int offset, int limit) {
    Member author = MEMBER.as("author");
    org.indaba.db.schema.tables.Contribution parent = CONTRIBUTION.as("parent");
    Member parentAuthor = MEMBER.as("parent_author");
    List<QueueItem> items =
        dsl.select(
                CONTRIBUTION.ID,
                CONTRIBUTION.DISCUSSION_ID,
                DISCUSSION.SLUG,
                DISCUSSION.TITLE,
                CONTRIBUTION.WEEK,
                CONTRIBUTION.AUTHOR_ID,
                authorName(author),
                CONTRIBUTION.HOLD_REASON,
                CONTRIBUTION.BODY_HTML,
                CONTRIBUTION.LANGUAGE,
                CONTRIBUTION.CREATED_AT,
                author.ORGANISATION,
                author.COUNTRY,
                parent.ID,
                DSL.coalesce(parentAuthor.DISPLAY_NAME, parent.AUTHOR_NAME, DSL.inline("")),
                DSL.substring(parent.BODY, DSL.inline(1), DSL.inline(300)),
                DSL.field(
                    DSL.select(INBOUND_MAIL.SENDER_VERIFIED_BY)
                        .from(INBOUND_MAIL)
                        .where(INBOUND_MAIL.CONTRIBUTION_ID.eq(CONTRIBUTION.ID))
                        .orderBy(INBOUND_MAIL.ID)
                        .limit(1)))
            .from(CONTRIBUTION)
            .join(DISCUSSION)
            .on(DISCUSSION.ID.eq(CONTRIBUTION.DISCUSSION_ID))
            .leftJoin(author)
            .on(author.ID.eq(CONTRIBUTION.AUTHOR_ID))
            .leftJoin(parent)
            .on(parent.ID.eq(CONTRIBUTION.REPLY_TO_ID))
            .leftJoin(parentAuthor)
            .on(parentAuthor.ID.eq(parent.AUTHOR_ID))
            .where(
                CONTRIBUTION
                    .STATUS
                    .eq(ContributionStatus.PENDING)
                    .and(inScope(CONTRIBUTION.DISCUSSION_ID, scope)))
            .orderBy(CONTRIBUTION.CREATED_AT, CONTRIBUTION.ID)
            .limit(limit)
            .offset(offset)
            .fetch(
                r ->
                    new QueueItem(
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
                        r.value11(),
                        r.value12(),
                        r.value13(),
                        r.value14(),
                        r.value15(),
                        r.value16(),
                        List.of(),
                        r.value17()));
    if (items.isEmpty()) {
      return items;
    }
    java.util.Map<Long, List<ModerationRecords.AttachmentRef>> files =
        dsl
            .select(
                CONTRIBUTION_ATTACHMENT.ID,
                CONTRIBUTION_ATTACHMENT.CONTRIBUTION_ID,
                CONTRIBUTION_ATTACHMENT.FILENAME,
                CONTRIBUTION_ATTACHMENT.CONTENT_TYPE,
                CONTRIBUTION_ATTACHMENT.SIZE_BYTES)
            .from(CONTRIBUTION_ATTACHMENT)
            .where(
                CONTRIBUTION_ATTACHMENT.CONTRIBUTION_ID.in(
                    items.stream().map(QueueItem::id).toList()))
            .orderBy(CONTRIBUTION_ATTACHMENT.ID)
            .fetch(
                a ->
                    new ModerationRecords.AttachmentRef(
                        a.value1(), a.value2(), a.value3(), a.value4(), a.value5()))
            .stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    ModerationRecords.AttachmentRef::contributionId));
    return items.stream()
        .map(i -> i.withAttachments(files.getOrDefault(i.id(), List.of())))
        .toList();
  }

  public List<FlagItem> openFlags(Collection<Long> scope) {
    Member author = MEMBER.as("author");
    Member flagger = MEMBER.as("flagger");
    return dsl.select(
            FLAG.ID,
            FLAG.CONTRIBUTION_ID,
            DISCUSSION.SLUG,
            DISCUSSION.TITLE,
            flagger.DISPLAY_NAME,
            FLAG.REASON,
            FLAG.CREATED_AT,
            authorName(author),
            CONTRIBUTION.BODY_HTML,
            CONTRIBUTION.LANGUAGE)
        .from(FLAG)
        .join(CONTRIBUTION)
        .on(CONTRIBUTION.ID.eq(FLAG.CONTRIBUTION_ID))
        .join(DISCUSSION)
        .on(DISCUSSION.ID.eq(CONTRIBUTION.DISCUSSION_ID))
        .join(flagger)
        .on(flagger.ID.eq(FLAG.MEMBER_ID))
        .leftJoin(author)
        .on(author.ID.eq(CONTRIBUTION.AUTHOR_ID))
        .where(FLAG.RESOLVED_AT.isNull().and(inScope(CONTRIBUTION.DISCUSSION_ID, scope)))
        .orderBy(FLAG.CREATED_AT, FLAG.ID)
        .limit(QUEUE_LIMIT)
        .fetch(
            r ->
                new FlagItem(
                    r.value1(),
                    r.value2(),
                    r.value3(),
                    r.value4(),
                    r.value5(),
                    r.value6(),
                    r.value7(),
                    r.value8(),
                    r.value9(),
                    r.value10()));
  }

  public List<UpcomingTheme> upcomingThemes(Collection<Long> scope) {
    return dsl.select(
            THEME.ID, DISCUSSION.SLUG, DISCUSSION.TITLE, THEME.WEEK, THEME.TITLE, THEME.PUBLISH_AT)
        .from(THEME)
        .join(DISCUSSION)
        .on(DISCUSSION.ID.eq(THEME.DISCUSSION_ID))
        .where(THEME.PUBLISHED_AT.isNull().and(inScope(THEME.DISCUSSION_ID, scope)))
        .orderBy(THEME.PUBLISH_AT, THEME.ID)
        .limit(QUEUE_LIMIT)
        .fetch(
            r ->
                new UpcomingTheme(
                    r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
  }

  /** Approved and pending contributions per discussion week, one grouped query. */
  public List<WeekCount> weeklyCounts(Collection<Long> scope) {
    Field<Integer> approved =
        DSL.count().filterWhere(CONTRIBUTION.STATUS.eq(ContributionStatus.APPROVED)).as("approved");
    Field<Integer> pending =
        DSL.count().filterWhere(CONTRIBUTION.STATUS.eq(ContributionStatus.PENDING)).as("pending");
    return dsl.select(DISCUSSION.SLUG, DISCUSSION.TITLE, CONTRIBUTION.WEEK, approved, pending)
        .from(CONTRIBUTION)
        .join(DISCUSSION)
        .on(DISCUSSION.ID.eq(CONTRIBUTION.DISCUSSION_ID))
        .where(
            CONTRIBUTION
                .STATUS
                .in(ContributionStatus.APPROVED, ContributionStatus.PENDING)
                .and(inScope(CONTRIBUTION.DISCUSSION_ID, scope)))
        .groupBy(DISCUSSION.SLUG, DISCUSSION.TITLE, CONTRIBUTION.WEEK)
        .orderBy(DISCUSSION.TITLE, DISCUSSION.SLUG, CONTRIBUTION.WEEK)
        .fetch(r -> new WeekCount(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
  }

  /** Author names of the given contributions that are approved in this discussion. */
  public java.util.Map<Long, String> approvedAuthorNames(long discussionId, Collection<Long> ids) {
    Member author = MEMBER.as("author");
    return dsl.select(CONTRIBUTION.ID, authorName(author))
        .from(CONTRIBUTION)
        .leftJoin(author)
        .on(author.ID.eq(CONTRIBUTION.AUTHOR_ID))
        .where(
            CONTRIBUTION
                .ID
                .in(ids)
                .and(CONTRIBUTION.DISCUSSION_ID.eq(discussionId))
                .and(CONTRIBUTION.STATUS.eq(ContributionStatus.APPROVED)))
        .fetchMap(r -> r.value1(), r -> r.value2());
  }

  /** The latest entries of one discussion, newest first, with the actor's name. */
  public List<AuditEntry> auditEntries(long discussionId, int limit) {
    return dsl.select(
            AUDIT_LOG.ID,
            MEMBER.DISPLAY_NAME,
            AUDIT_LOG.ACTION,
            AUDIT_LOG.TARGET_TYPE,
            AUDIT_LOG.TARGET_ID,
            AUDIT_LOG.REASON,
            AUDIT_LOG.CREATED_AT)
        .from(AUDIT_LOG)
        .leftJoin(MEMBER)
        .on(MEMBER.ID.eq(AUDIT_LOG.ACTOR_ID))
        .where(AUDIT_LOG.DISCUSSION_ID.eq(discussionId))
        .orderBy(AUDIT_LOG.CREATED_AT.desc(), AUDIT_LOG.ID.desc())
        .limit(limit)
        .fetch(
            r ->
                new AuditEntry(
                    r.value1(),
                    r.value2(),
                    r.value3(),
                    r.value4(),
                    r.value5(),
                    r.value6(),
                    r.value7()));
  }

  /** The latest audited action on one target: who, what and when. */
  public record LatestAction(Long actorId, String action, OffsetDateTime at) {}

  public Optional<LatestAction> latestAction(String targetType, long targetId) {
    return dsl.select(
            org.indaba.db.schema.Tables.AUDIT_LOG.ACTOR_ID,
            org.indaba.db.schema.Tables.AUDIT_LOG.ACTION,
            org.indaba.db.schema.Tables.AUDIT_LOG.CREATED_AT)
        .from(org.indaba.db.schema.Tables.AUDIT_LOG)
        .where(
            org.indaba.db.schema.Tables.AUDIT_LOG
                .TARGET_TYPE
                .eq(targetType)
                .and(org.indaba.db.schema.Tables.AUDIT_LOG.TARGET_ID.eq(targetId)))
        .orderBy(
            org.indaba.db.schema.Tables.AUDIT_LOG.CREATED_AT.desc(),
            org.indaba.db.schema.Tables.AUDIT_LOG.ID.desc())
        .limit(1)
        .fetchOptional(r -> new LatestAction(r.value1(), r.value2(), r.value3()));
  }
}
