package org.indaba.discussion;

import static org.indaba.db.schema.Tables.CONSOLIDATED_REPLY;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.DISCUSSION_MODERATOR;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.PAGE_VERSION;
import static org.indaba.db.schema.Tables.THEME;
import static org.indaba.db.schema.Tables.TRUSTED_MEMBER;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.indaba.db.schema.tables.records.DiscussionRecord;
import org.indaba.db.schema.tables.records.ThemeRecord;
import org.indaba.model.ContentKind;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Discussions, their moderators and weekly themes. */
public final class DiscussionRepository {
  private final DSLContext dsl;

  public DiscussionRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  static OffsetDateTime odt(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(OffsetDateTime o) {
    return o == null ? null : o.toInstant();
  }

  static Discussion toDiscussion(DiscussionRecord r) {
    return new Discussion(
        r.getId(),
        r.getSlug(),
        r.getTitle(),
        r.getSummary(),
        r.getIntroduction(),
        r.getIntroductionHtml(),
        r.getLanguage(),
        Arrays.stream(r.getWelcomedLanguages().split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList(),
        r.getStartsOn(),
        r.getTimeZone(),
        r.getWeeks(),
        r.getPreModerated(),
        r.getDraft(),
        instant(r.getClosedAt()),
        instant(r.getArchivedAt()),
        instant(r.getCreatedAt()));
  }

  static Theme toTheme(ThemeRecord r) {
    return new Theme(
        r.getId(),
        r.getDiscussionId(),
        r.getWeek(),
        r.getTitle(),
        r.getQuestion(),
        r.getQuestionHtml(),
        r.getLanguage(),
        instant(r.getPublishAt()),
        instant(r.getPublishedAt()));
  }

  /** The editable fields of a discussion, already validated and rendered. */
  public record Fields(
      String slug,
      String title,
      String summary,
      String introduction,
      String introductionHtml,
      String language,
      List<String> welcomedLanguages,
      LocalDate startsOn,
      String timeZone,
      int weeks,
      boolean preModerated,
      boolean draft) {}

  public long insert(DSLContext tx, Fields f, long createdBy, Instant now) {
    return tx.insertInto(DISCUSSION)
        .set(DISCUSSION.SLUG, f.slug())
        .set(DISCUSSION.CREATED_BY, createdBy)
        .set(DISCUSSION.CREATED_AT, odt(now))
        .set(DISCUSSION.UPDATED_AT, odt(now))
        .set(DISCUSSION.TITLE, f.title())
        .set(DISCUSSION.STARTS_ON, f.startsOn())
        .set(DISCUSSION.TIME_ZONE, f.timeZone())
        .set(DISCUSSION.WEEKS, f.weeks())
        .returning(DISCUSSION.ID)
        .fetchSingle()
        .getId();
  }

  public void update(DSLContext tx, long id, Fields f, Instant now) {
    tx.update(DISCUSSION)
        .set(DISCUSSION.SLUG, f.slug())
        .set(DISCUSSION.TITLE, f.title())
        .set(DISCUSSION.SUMMARY, f.summary())
        .set(DISCUSSION.INTRODUCTION, f.introduction())
        .set(DISCUSSION.INTRODUCTION_HTML, f.introductionHtml())
        .set(DISCUSSION.LANGUAGE, f.language())
        .set(DISCUSSION.WELCOMED_LANGUAGES, String.join(",", f.welcomedLanguages()))
        .set(DISCUSSION.STARTS_ON, f.startsOn())
        .set(DISCUSSION.TIME_ZONE, f.timeZone())
        .set(DISCUSSION.WEEKS, f.weeks())
        .set(DISCUSSION.PRE_MODERATED, f.preModerated())
        .set(DISCUSSION.DRAFT, f.draft())
        .set(DISCUSSION.UPDATED_AT, odt(now))
        .where(DISCUSSION.ID.eq(id))
        .execute();
  }

  public boolean slugTaken(String slug, long exceptId) {
    return dsl.fetchExists(DISCUSSION, DISCUSSION.SLUG.eq(slug).and(DISCUSSION.ID.ne(exceptId)));
  }

  public Optional<Discussion> bySlug(String slug) {
    return dsl.selectFrom(DISCUSSION)
        .where(DISCUSSION.SLUG.eq(slug))
        .fetchOptional(DiscussionRepository::toDiscussion);
  }

  /**
   * A discussion and its page version (raised by every change that can alter its pages, see the
   * page_version migration; 0 before the first one), in one query.
   */
  public record Versioned(Discussion discussion, long pageVersion) {}

  public Optional<Versioned> bySlugWithPageVersion(String slug) {
    return dsl.select(DISCUSSION.asterisk(), PAGE_VERSION.VERSION)
        .from(DISCUSSION)
        .leftJoin(PAGE_VERSION)
        .on(PAGE_VERSION.DISCUSSION_ID.eq(DISCUSSION.ID))
        .where(DISCUSSION.SLUG.eq(slug))
        .fetchOptional(
            r ->
                new Versioned(
                    toDiscussion(r.into(DISCUSSION)),
                    r.get(PAGE_VERSION.VERSION) == null ? 0 : r.get(PAGE_VERSION.VERSION)));
  }

  public Optional<Discussion> byId(long id) {
    return dsl.selectFrom(DISCUSSION)
        .where(DISCUSSION.ID.eq(id))
        .fetchOptional(DiscussionRepository::toDiscussion);
  }

  public List<Discussion> all() {
    return dsl.selectFrom(DISCUSSION)
        .orderBy(DISCUSSION.STARTS_ON.desc(), DISCUSSION.ID.desc())
        .fetch(DiscussionRepository::toDiscussion);
  }

  public String nonMemberMail(long id) {
    return dsl.select(DISCUSSION.NON_MEMBER_MAIL)
        .from(DISCUSSION)
        .where(DISCUSSION.ID.eq(id))
        .fetchOptional(DISCUSSION.NON_MEMBER_MAIL)
        .orElse("hold");
  }

  public void setNonMemberMail(DSLContext tx, long id, String mode, Instant at) {
    tx.update(DISCUSSION)
        .set(DISCUSSION.NON_MEMBER_MAIL, mode)
        .set(DISCUSSION.UPDATED_AT, odt(at))
        .where(DISCUSSION.ID.eq(id))
        .execute();
  }

  /**
   * Corrects the language label of a contribution, theme or discussion; false for another kind or a
   * missing item. The {@code translation.OriginalLanguage} of the language-correction form.
   */
  public static boolean setOriginalLanguage(
      DSLContext tx, ContentKind kind, long id, String language, Instant now) {
    return switch (kind) {
      case CONTRIBUTION -> ContributionRepository.setLanguage(tx, id, language, now);
      case THEME ->
          tx.update(THEME)
                  .set(THEME.LANGUAGE, language)
                  .set(THEME.UPDATED_AT, odt(now))
                  .where(THEME.ID.eq(id))
                  .execute()
              == 1;
      case DISCUSSION ->
          tx.update(DISCUSSION)
                  .set(DISCUSSION.LANGUAGE, language)
                  .set(DISCUSSION.UPDATED_AT, odt(now))
                  .where(DISCUSSION.ID.eq(id))
                  .execute()
              == 1;
      default -> false;
    };
  }

  public void setArchivedAt(DSLContext tx, long id, Instant at) {
    tx.update(DISCUSSION)
        .set(DISCUSSION.ARCHIVED_AT, odt(at))
        .set(DISCUSSION.UPDATED_AT, odt(at))
        .where(DISCUSSION.ID.eq(id).and(DISCUSSION.ARCHIVED_AT.isNull()))
        .execute();
  }

  // moderators

  public record ModeratorRow(long memberId, String name, String email) {}

  public List<ModeratorRow> moderators(long discussionId) {
    return dsl.select(MEMBER.ID, MEMBER.DISPLAY_NAME, MEMBER.EMAIL)
        .from(DISCUSSION_MODERATOR)
        .join(MEMBER)
        .on(MEMBER.ID.eq(DISCUSSION_MODERATOR.MEMBER_ID))
        .where(DISCUSSION_MODERATOR.DISCUSSION_ID.eq(discussionId))
        .orderBy(MEMBER.DISPLAY_NAME)
        .fetch(r -> new ModeratorRow(r.value1(), r.value2(), r.value3()));
  }

  /** Whether the discussion's facilitator numbers are shown to everyone who sees it. */
  public void setAnalyticsPublic(DSLContext tx, long discussionId, boolean on) {
    tx.update(DISCUSSION)
        .set(DISCUSSION.ANALYTICS_PUBLIC, on)
        .where(DISCUSSION.ID.eq(discussionId))
        .execute();
  }

  /** Trusts a member in a discussion (their posts are not held); false when already trusted. */
  public static boolean trust(
      DSLContext tx, long discussionId, long memberId, long by, OffsetDateTime now) {
    return tx.insertInto(TRUSTED_MEMBER)
            .set(TRUSTED_MEMBER.DISCUSSION_ID, discussionId)
            .set(TRUSTED_MEMBER.MEMBER_ID, memberId)
            .set(TRUSTED_MEMBER.GRANTED_BY, by)
            .set(TRUSTED_MEMBER.GRANTED_AT, now)
            .onConflictDoNothing()
            .execute()
        == 1;
  }

  public static boolean untrust(DSLContext tx, long discussionId, long memberId) {
    return tx.deleteFrom(TRUSTED_MEMBER)
            .where(
                TRUSTED_MEMBER
                    .DISCUSSION_ID
                    .eq(discussionId)
                    .and(TRUSTED_MEMBER.MEMBER_ID.eq(memberId)))
            .execute()
        == 1;
  }

  public void replaceModerators(DSLContext tx, long discussionId, Collection<Long> memberIds) {
    tx.deleteFrom(DISCUSSION_MODERATOR)
        .where(DISCUSSION_MODERATOR.DISCUSSION_ID.eq(discussionId))
        .execute();
    for (long m : memberIds) {
      tx.insertInto(DISCUSSION_MODERATOR)
          .set(DISCUSSION_MODERATOR.DISCUSSION_ID, discussionId)
          .set(DISCUSSION_MODERATOR.MEMBER_ID, m)
          .onConflictDoNothing()
          .execute();
    }
  }

  /** Member ids for the given addresses; unknown addresses are simply absent from the answer. */
  public java.util.Map<String, Long> memberIdsByEmail(Collection<String> emails) {
    return dsl.select(MEMBER.EMAIL, MEMBER.ID)
        .from(MEMBER)
        .where(MEMBER.EMAIL.in(emails))
        .fetchMap(MEMBER.EMAIL, MEMBER.ID);
  }

  /**
   * Used by the demo loader; granting trust as a moderator action belongs to the moderation
   * feature.
   */
  public void addTrusted(
      DSLContext tx, long discussionId, long memberId, Long grantedBy, Instant now) {
    tx.insertInto(TRUSTED_MEMBER)
        .set(TRUSTED_MEMBER.DISCUSSION_ID, discussionId)
        .set(TRUSTED_MEMBER.MEMBER_ID, memberId)
        .set(TRUSTED_MEMBER.GRANTED_BY, grantedBy)
        .set(TRUSTED_MEMBER.GRANTED_AT, odt(now))
        .onConflictDoNothing()
        .execute();
  }

  // themes

  public void insertTheme(
      DSLContext tx, long discussionId, int week, Instant publishAt, Instant now) {
    tx.insertInto(THEME)
        .set(THEME.DISCUSSION_ID, discussionId)
        .set(THEME.WEEK, week)
        .set(THEME.TITLE, "")
        .set(THEME.QUESTION, "")
        .set(THEME.QUESTION_HTML, "")
        .set(THEME.PUBLISH_AT, odt(publishAt))
        .set(THEME.CREATED_AT, odt(now))
        .set(THEME.UPDATED_AT, odt(now))
        .onConflictDoNothing()
        .execute();
  }

  public List<Theme> themes(long discussionId) {
    return dsl.selectFrom(THEME)
        .where(THEME.DISCUSSION_ID.eq(discussionId))
        .orderBy(THEME.WEEK)
        .fetch(DiscussionRepository::toTheme);
  }

  /** The id of a week's theme, read in the transaction that may just have created it. */
  public long themeId(DSLContext tx, long discussionId, int week) {
    return tx.select(THEME.ID)
        .from(THEME)
        .where(THEME.DISCUSSION_ID.eq(discussionId).and(THEME.WEEK.eq(week)))
        .fetchSingle(THEME.ID);
  }

  public Optional<Theme> theme(long discussionId, int week) {
    return dsl.selectFrom(THEME)
        .where(THEME.DISCUSSION_ID.eq(discussionId).and(THEME.WEEK.eq(week)))
        .fetchOptional(DiscussionRepository::toTheme);
  }

  public void updateTheme(
      DSLContext tx,
      long themeId,
      String title,
      String question,
      String questionHtml,
      String language,
      Instant publishAt,
      Instant now) {
    tx.update(THEME)
        .set(THEME.TITLE, title)
        .set(THEME.QUESTION, question)
        .set(THEME.QUESTION_HTML, questionHtml)
        .set(THEME.LANGUAGE, language)
        .set(THEME.UPDATED_AT, odt(now))
        .where(THEME.ID.eq(themeId))
        .execute();
    // the time only moves while the theme is unpublished: publication happens once
    tx.update(THEME)
        .set(THEME.PUBLISH_AT, odt(publishAt))
        .where(THEME.ID.eq(themeId).and(THEME.PUBLISHED_AT.isNull()))
        .execute();
  }

  /**
   * Moves unpublished themes still at their old default time to the new default (a changed start
   * date).
   */
  public void rescheduleDefaults(
      DSLContext tx,
      long discussionId,
      LocalDate oldStart,
      java.time.ZoneId oldZone,
      LocalDate newStart,
      java.time.ZoneId newZone,
      int weeks) {
    for (int w = 1; w <= weeks; w++) {
      tx.update(THEME)
          .set(THEME.PUBLISH_AT, odt(Discussion.defaultPublishAt(newStart, newZone, w)))
          .where(
              THEME
                  .DISCUSSION_ID
                  .eq(discussionId)
                  .and(THEME.WEEK.eq(w))
                  .and(THEME.PUBLISHED_AT.isNull())
                  .and(THEME.PUBLISH_AT.eq(odt(Discussion.defaultPublishAt(oldStart, oldZone, w)))))
          .execute();
    }
  }

  /**
   * Removes unpublished themes beyond the last week; published ones stay (the caller refuses that
   * case).
   */
  public void deleteUnpublishedThemesAfter(DSLContext tx, long discussionId, int lastWeek) {
    tx.deleteFrom(THEME)
        .where(
            THEME
                .DISCUSSION_ID
                .eq(discussionId)
                .and(THEME.WEEK.gt(lastWeek))
                .and(THEME.PUBLISHED_AT.isNull()))
        .execute();
  }

  public record Published(long themeId, long discussionId) {}

  /** Publishes one theme unless someone already did; empty when it was published before. */
  public Optional<Published> publishIfUnpublished(DSLContext tx, long themeId, Instant now) {
    return tx.update(THEME)
        .set(THEME.PUBLISHED_AT, odt(now))
        .set(THEME.UPDATED_AT, odt(now))
        .where(THEME.ID.eq(themeId).and(THEME.PUBLISHED_AT.isNull()))
        .returning(THEME.ID, THEME.DISCUSSION_ID)
        .fetchOptional(r -> new Published(r.getId(), r.getDiscussionId()));
  }

  /**
   * Claims and publishes up to {@code limit} due themes of live discussions. Rows another process
   * is publishing right now are skipped, and the {@code published_at IS NULL} condition makes a
   * second attempt on the same row a no-op, so each theme is published exactly once.
   */
  public List<Published> publishDue(DSLContext tx, Instant now, int limit) {
    var due =
        DSL.select(THEME.ID)
            .from(THEME)
            .join(DISCUSSION)
            .on(DISCUSSION.ID.eq(THEME.DISCUSSION_ID))
            .where(
                THEME
                    .PUBLISHED_AT
                    .isNull()
                    .and(THEME.PUBLISH_AT.le(odt(now)))
                    .and(DISCUSSION.DRAFT.isFalse())
                    .and(DISCUSSION.CLOSED_AT.isNull())
                    .and(DISCUSSION.ARCHIVED_AT.isNull()))
            .orderBy(THEME.PUBLISH_AT, THEME.ID)
            .limit(limit)
            .forUpdate()
            .of(THEME)
            .skipLocked();
    return tx.update(THEME)
        .set(THEME.PUBLISHED_AT, odt(now))
        .set(THEME.UPDATED_AT, odt(now))
        .where(THEME.ID.in(due).and(THEME.PUBLISHED_AT.isNull()))
        .returning(THEME.ID, THEME.DISCUSSION_ID)
        .fetch(r -> new Published(r.getId(), r.getDiscussionId()));
  }

  // consolidated replies (written by the moderation feature; read here for links)

  public record ReplyLink(String language, String title) {}

  public List<ReplyLink> publishedReplies(long discussionId) {
    return dsl.select(CONSOLIDATED_REPLY.LANGUAGE, CONSOLIDATED_REPLY.TITLE)
        .from(CONSOLIDATED_REPLY)
        .where(
            CONSOLIDATED_REPLY
                .DISCUSSION_ID
                .eq(discussionId)
                .and(CONSOLIDATED_REPLY.STATUS.eq("published")))
        .orderBy(CONSOLIDATED_REPLY.LANGUAGE)
        .fetch(r -> new ReplyLink(r.value1(), r.value2()));
  }
}
