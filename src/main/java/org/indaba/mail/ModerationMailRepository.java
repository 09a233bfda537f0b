package org.indaba.mail;

import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.CONTRIBUTION_ATTACHMENT;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.DISCUSSION_MODERATOR;
import static org.indaba.db.schema.Tables.FLAG;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.MODERATION_ALERT;
import static org.indaba.db.schema.Tables.NOTICE_PREFERENCE;
import static org.indaba.db.schema.Tables.THEME;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.db.schema.tables.Contribution;
import org.indaba.db.schema.tables.Member;
import org.indaba.model.ContributionStatus;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * What moderation alerts and author notices read and write: who moderates a discussion and how they
 * want to hear of it, the details of a held or flagged contribution, and the rows waiting for a
 * moderator's next digest.
 */
public final class ModerationMailRepository {
  public static final String EACH = "each";
  public static final String DIGEST = "digest";
  public static final String NONE = "none";
  public static final List<String> MODES = List.of(EACH, DIGEST, NONE);
  public static final int DEFAULT_DIGEST_HOURS = 6;

  private final DSLContext dsl;

  public ModerationMailRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** A member's notice settings; members who never chose get the defaults. */
  public record Preferences(String moderationMode, int digestHours, boolean authorNotices) {
    public static final Preferences DEFAULT = new Preferences(EACH, DEFAULT_DIGEST_HOURS, true);
  }

  public record Moderator(
      long id, String email, String displayName, String language, Preferences prefs) {}

  public record Attachment(long id, String filename, String contentType, long sizeBytes) {}

  public record Parent(long id, String authorName, String body) {}

  public record Flag(String flaggedBy, String reason) {}

  /** A contribution as a moderator needs to judge it from their mailbox. */
  public record Detail(
      long id,
      long discussionId,
      String discussionSlug,
      String discussionTitle,
      int week,
      String themeTitle,
      ContributionStatus status,
      String holdReason,
      String source,
      Long authorId,
      String authorName,
      String authorEmail,
      String authorLanguage,
      boolean authorNotices,
      String organisation,
      String country,
      String language,
      String body,
      String bodyHtml,
      OffsetDateTime createdAt,
      Parent parent,
      List<Attachment> attachments) {}

  public Preferences preferences(long memberId) {
    return dsl.select(
            NOTICE_PREFERENCE.MODERATION_MODE,
            NOTICE_PREFERENCE.DIGEST_HOURS,
            NOTICE_PREFERENCE.AUTHOR_NOTICES)
        .from(NOTICE_PREFERENCE)
        .where(NOTICE_PREFERENCE.MEMBER_ID.eq(memberId))
        .fetchOptional(r -> new Preferences(r.value1(), r.value2(), r.value3()))
        .orElse(Preferences.DEFAULT);
  }

  public void savePreferences(DSLContext tx, long memberId, Preferences p, OffsetDateTime now) {
    tx.insertInto(NOTICE_PREFERENCE)
        .set(NOTICE_PREFERENCE.MEMBER_ID, memberId)
        .set(NOTICE_PREFERENCE.MODERATION_MODE, p.moderationMode())
        .set(NOTICE_PREFERENCE.DIGEST_HOURS, p.digestHours())
        .set(NOTICE_PREFERENCE.AUTHOR_NOTICES, p.authorNotices())
        .set(NOTICE_PREFERENCE.UPDATED_AT, now)
        .onConflict(NOTICE_PREFERENCE.MEMBER_ID)
        .doUpdate()
        .set(NOTICE_PREFERENCE.MODERATION_MODE, p.moderationMode())
        .set(NOTICE_PREFERENCE.DIGEST_HOURS, p.digestHours())
        .set(NOTICE_PREFERENCE.AUTHOR_NOTICES, p.authorNotices())
        .set(NOTICE_PREFERENCE.UPDATED_AT, now)
        .execute();
  }

  private static Preferences prefsOf(Record r) {
    String mode = r.get(NOTICE_PREFERENCE.MODERATION_MODE);
    if (mode == null) {
      return Preferences.DEFAULT;
    }
    return new Preferences(
        mode, r.get(NOTICE_PREFERENCE.DIGEST_HOURS), r.get(NOTICE_PREFERENCE.AUTHOR_NOTICES));
  }

  /**
   * The discussion's listed moderators with a verified address; when it has none, the site's
   * admins, so that a held post always reaches someone who can decide.
   */
  public List<Moderator> moderatorsOf(DSLContext tx, long discussionId) {
    List<Moderator> listed =
        tx.select(
                MEMBER.ID,
                MEMBER.EMAIL,
                MEMBER.DISPLAY_NAME,
                MEMBER.PREFERRED_LANGUAGE,
                NOTICE_PREFERENCE.MODERATION_MODE,
                NOTICE_PREFERENCE.DIGEST_HOURS,
                NOTICE_PREFERENCE.AUTHOR_NOTICES)
            .from(DISCUSSION_MODERATOR)
            .join(MEMBER)
            .on(MEMBER.ID.eq(DISCUSSION_MODERATOR.MEMBER_ID))
            .leftJoin(NOTICE_PREFERENCE)
            .on(NOTICE_PREFERENCE.MEMBER_ID.eq(MEMBER.ID))
            .where(
                DISCUSSION_MODERATOR
                    .DISCUSSION_ID
                    .eq(discussionId)
                    .and(MEMBER.EMAIL_VERIFIED_AT.isNotNull()))
            .orderBy(MEMBER.ID)
            .fetch(this::moderatorOf);
    if (!listed.isEmpty()) {
      return listed;
    }
    return tx.select(
            MEMBER.ID,
            MEMBER.EMAIL,
            MEMBER.DISPLAY_NAME,
            MEMBER.PREFERRED_LANGUAGE,
            NOTICE_PREFERENCE.MODERATION_MODE,
            NOTICE_PREFERENCE.DIGEST_HOURS,
            NOTICE_PREFERENCE.AUTHOR_NOTICES)
        .from(MEMBER)
        .leftJoin(NOTICE_PREFERENCE)
        .on(NOTICE_PREFERENCE.MEMBER_ID.eq(MEMBER.ID))
        .where(MEMBER.ROLE.eq("admin").and(MEMBER.EMAIL_VERIFIED_AT.isNotNull()))
        .orderBy(MEMBER.ID)
        .fetch(this::moderatorOf);
  }

  private Moderator moderatorOf(Record r) {
    return new Moderator(
        r.get(MEMBER.ID),
        r.get(MEMBER.EMAIL),
        r.get(MEMBER.DISPLAY_NAME),
        r.get(MEMBER.PREFERRED_LANGUAGE),
        prefsOf(r));
  }

  public Optional<Moderator> moderator(long memberId) {
    return dsl.select(
            MEMBER.ID,
            MEMBER.EMAIL,
            MEMBER.DISPLAY_NAME,
            MEMBER.PREFERRED_LANGUAGE,
            NOTICE_PREFERENCE.MODERATION_MODE,
            NOTICE_PREFERENCE.DIGEST_HOURS,
            NOTICE_PREFERENCE.AUTHOR_NOTICES)
        .from(MEMBER)
        .leftJoin(NOTICE_PREFERENCE)
        .on(NOTICE_PREFERENCE.MEMBER_ID.eq(MEMBER.ID))
        .where(MEMBER.ID.eq(memberId))
        .fetchOptional(this::moderatorOf);
  }

  /** The contribution with its author, week, parent and attachments. */
  public Optional<Detail> detail(long contributionId) {
    return Optional.ofNullable(details(List.of(contributionId)).get(contributionId));
  }

  /**
   * Several contributions with their authors, weeks, parents and attachments, in two queries
   * whatever their number (a moderator's digest names dozens); contributions that no longer exist
   * are missing from the map.
   */
  public Map<Long, Detail> details(Collection<Long> contributionIds) {
    if (contributionIds.isEmpty()) {
      return Map.of();
    }
    Member author = MEMBER.as("author");
    Contribution parent = CONTRIBUTION.as("parent");
    Member parentAuthor = MEMBER.as("parent_author");
    List<Record> rows =
        dsl.select(
                CONTRIBUTION.ID,
                CONTRIBUTION.DISCUSSION_ID,
                DISCUSSION.SLUG,
                DISCUSSION.TITLE,
                CONTRIBUTION.WEEK,
                THEME.TITLE,
                CONTRIBUTION.STATUS,
                CONTRIBUTION.HOLD_REASON,
                CONTRIBUTION.SOURCE,
                CONTRIBUTION.AUTHOR_ID,
                DSL.coalesce(author.DISPLAY_NAME, CONTRIBUTION.AUTHOR_NAME, DSL.inline(""))
                    .as("author_name"),
                DSL.coalesce(author.EMAIL, CONTRIBUTION.AUTHOR_EMAIL).as("author_email"),
                author.PREFERRED_LANGUAGE,
                NOTICE_PREFERENCE.AUTHOR_NOTICES,
                author.ORGANISATION,
                author.COUNTRY,
                CONTRIBUTION.LANGUAGE,
                CONTRIBUTION.BODY,
                CONTRIBUTION.BODY_HTML,
                CONTRIBUTION.CREATED_AT,
                parent.ID,
                DSL.coalesce(parentAuthor.DISPLAY_NAME, parent.AUTHOR_NAME, DSL.inline(""))
                    .as("parent_author_name"),
                parent.BODY,
                parent.STATUS)
            .from(CONTRIBUTION)
            .join(DISCUSSION)
            .on(DISCUSSION.ID.eq(CONTRIBUTION.DISCUSSION_ID))
            .leftJoin(THEME)
            .on(
                THEME
                    .DISCUSSION_ID
                    .eq(CONTRIBUTION.DISCUSSION_ID)
                    .and(THEME.WEEK.eq(CONTRIBUTION.WEEK)))
            .leftJoin(author)
            .on(author.ID.eq(CONTRIBUTION.AUTHOR_ID))
            .leftJoin(NOTICE_PREFERENCE)
            .on(NOTICE_PREFERENCE.MEMBER_ID.eq(CONTRIBUTION.AUTHOR_ID))
            .leftJoin(parent)
            .on(parent.ID.eq(CONTRIBUTION.REPLY_TO_ID))
            .leftJoin(parentAuthor)
            .on(parentAuthor.ID.eq(parent.AUTHOR_ID))
            .where(CONTRIBUTION.ID.in(contributionIds))
            .fetch()
            .map(r -> (Record) r);
    if (rows.isEmpty()) {
      return Map.of();
    }
    Map<Long, List<Attachment>> attachments = new HashMap<>();
    dsl.select(
            CONTRIBUTION_ATTACHMENT.CONTRIBUTION_ID,
            CONTRIBUTION_ATTACHMENT.ID,
            CONTRIBUTION_ATTACHMENT.FILENAME,
            CONTRIBUTION_ATTACHMENT.CONTENT_TYPE,
            CONTRIBUTION_ATTACHMENT.SIZE_BYTES)
        .from(CONTRIBUTION_ATTACHMENT)
        .where(CONTRIBUTION_ATTACHMENT.CONTRIBUTION_ID.in(contributionIds))
        .orderBy(CONTRIBUTION_ATTACHMENT.ID)
        .forEach(
            a ->
                attachments
                    .computeIfAbsent(a.value1(), k -> new ArrayList<>())
                    .add(new Attachment(a.value2(), a.value3(), a.value4(), a.value5())));
    Map<Long, Detail> found = new LinkedHashMap<>();
    for (Record r : rows) {
      Detail d = detailOf(r, parent, author, attachments);
      found.put(d.id(), d);
    }
    return found;
  }

  private static Detail detailOf(
      Record r, Contribution parent, Member author, Map<Long, List<Attachment>> attachments) {
    Long parentId = r.get(parent.ID);
    // a parent that readers cannot see is not quoted to anyone either
    Parent p =
        parentId == null
            ? null
            : new Parent(
                parentId,
                r.get("parent_author_name", String.class),
                r.get(parent.STATUS) == ContributionStatus.APPROVED
                        || r.get(parent.STATUS) == ContributionStatus.PENDING
                    ? r.get(parent.BODY)
                    : "");
    Boolean notices = r.get(NOTICE_PREFERENCE.AUTHOR_NOTICES);
    return new Detail(
        r.get(CONTRIBUTION.ID),
        r.get(CONTRIBUTION.DISCUSSION_ID),
        r.get(DISCUSSION.SLUG),
        r.get(DISCUSSION.TITLE),
        r.get(CONTRIBUTION.WEEK),
        r.get(THEME.TITLE),
        r.get(CONTRIBUTION.STATUS),
        r.get(CONTRIBUTION.HOLD_REASON),
        r.get(CONTRIBUTION.SOURCE),
        r.get(CONTRIBUTION.AUTHOR_ID),
        r.get("author_name", String.class),
        r.get("author_email", String.class),
        r.get(author.PREFERRED_LANGUAGE),
        notices == null || notices,
        r.get(author.ORGANISATION),
        r.get(author.COUNTRY),
        r.get(CONTRIBUTION.LANGUAGE),
        r.get(CONTRIBUTION.BODY),
        r.get(CONTRIBUTION.BODY_HTML),
        r.get(CONTRIBUTION.CREATED_AT),
        p,
        attachments.getOrDefault(r.get(CONTRIBUTION.ID), List.of()));
  }

  /** Open flags on a contribution, newest first. */
  public List<Flag> openFlags(long contributionId) {
    return openFlags(List.of(contributionId)).getOrDefault(contributionId, List.of());
  }

  /** Open flags on several contributions, newest first for each, in one query. */
  public Map<Long, List<Flag>> openFlags(Collection<Long> contributionIds) {
    if (contributionIds.isEmpty()) {
      return Map.of();
    }
    Map<Long, List<Flag>> flags = new HashMap<>();
    dsl.select(FLAG.CONTRIBUTION_ID, MEMBER.DISPLAY_NAME, FLAG.REASON)
        .from(FLAG)
        .join(MEMBER)
        .on(MEMBER.ID.eq(FLAG.MEMBER_ID))
        .where(FLAG.CONTRIBUTION_ID.in(contributionIds).and(FLAG.RESOLVED_AT.isNull()))
        .orderBy(FLAG.CREATED_AT.desc(), FLAG.ID.desc())
        .forEach(
            r ->
                flags
                    .computeIfAbsent(r.value1(), k -> new ArrayList<>())
                    .add(new Flag(r.value2(), r.value3())));
    return flags;
  }

  public void addAlert(
      DSLContext tx, long moderatorId, long contributionId, String kind, OffsetDateTime now) {
    tx.insertInto(MODERATION_ALERT)
        .set(MODERATION_ALERT.MODERATOR_ID, moderatorId)
        .set(MODERATION_ALERT.CONTRIBUTION_ID, contributionId)
        .set(MODERATION_ALERT.KIND, kind)
        .set(MODERATION_ALERT.CREATED_AT, now)
        .execute();
  }

  public record Alert(long contributionId, String kind) {}

  /**
   * Claims one moderator whose digest is due (alerts waiting, and the last digest at least their
   * chosen hours ago), locking their settings row so another process skips them.
   */
  public Optional<Long> claimDueDigest(DSLContext tx, OffsetDateTime now) {
    return tx.select(NOTICE_PREFERENCE.MEMBER_ID)
        .from(NOTICE_PREFERENCE)
        .where(
            DSL.exists(
                    DSL.selectOne()
                        .from(MODERATION_ALERT)
                        .where(MODERATION_ALERT.MODERATOR_ID.eq(NOTICE_PREFERENCE.MEMBER_ID)))
                .and(
                    NOTICE_PREFERENCE
                        .LAST_DIGEST_AT
                        .isNull()
                        .or(
                            NOTICE_PREFERENCE.LAST_DIGEST_AT.le(
                                DSL.field(
                                    "{0} - make_interval(hours => {1})",
                                    OffsetDateTime.class,
                                    DSL.val(now),
                                    NOTICE_PREFERENCE.DIGEST_HOURS)))))
        .orderBy(NOTICE_PREFERENCE.MEMBER_ID)
        .limit(1)
        .forUpdate()
        .skipLocked()
        .fetchOptional(NOTICE_PREFERENCE.MEMBER_ID);
  }

  /** Takes the moderator's waiting alerts (oldest first) and records the digest time. */
  public List<Alert> takeAlerts(DSLContext tx, long moderatorId, OffsetDateTime now) {
    List<Alert> alerts =
        tx
            .deleteFrom(MODERATION_ALERT)
            .where(MODERATION_ALERT.MODERATOR_ID.eq(moderatorId))
            .returning(MODERATION_ALERT.ID, MODERATION_ALERT.CONTRIBUTION_ID, MODERATION_ALERT.KIND)
            .fetch()
            .stream()
            .sorted(java.util.Comparator.comparing(a -> a.getId()))
            .map(a -> new Alert(a.getContributionId(), a.getKind()))
            .distinct()
            .toList();
    tx.update(NOTICE_PREFERENCE)
        .set(NOTICE_PREFERENCE.LAST_DIGEST_AT, now)
        .where(NOTICE_PREFERENCE.MEMBER_ID.eq(moderatorId))
        .execute();
    return alerts;
  }

  /**
   * Moves the digest clock for a moderator in digest mode who had nothing waiting, so the first
   * alert after a quiet spell waits for the next round rather than going out alone at once.
   */
  public void startDigestClock(DSLContext tx, long moderatorId, OffsetDateTime now) {
    tx.update(NOTICE_PREFERENCE)
        .set(NOTICE_PREFERENCE.LAST_DIGEST_AT, now)
        .where(
            NOTICE_PREFERENCE
                .MEMBER_ID
                .eq(moderatorId)
                .and(NOTICE_PREFERENCE.LAST_DIGEST_AT.isNull()))
        .execute();
  }

  /** Whether alerts may reach this member: a listed moderator somewhere, or an admin. */
  public boolean moderatesAnything(long memberId) {
    return dsl.fetchExists(DISCUSSION_MODERATOR, DISCUSSION_MODERATOR.MEMBER_ID.eq(memberId))
        || dsl.fetchExists(MEMBER, MEMBER.ID.eq(memberId).and(MEMBER.ROLE.eq("admin")));
  }
}
