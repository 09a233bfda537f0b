package org.indaba.moderation;

import static org.indaba.db.schema.Tables.CONSOLIDATED_REPLY;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.DISCUSSION_MODERATOR;
import static org.indaba.db.schema.Tables.FLAG;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.THEME;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.indaba.account.AccountService;
import org.indaba.app.App;
import org.indaba.content.MarkdownRenderer;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.TestApp;
import org.jooq.DSLContext;

/**
 * Rows the discussion feature would create (discussions, themes, contributions), inserted directly
 * so that moderation can be tested on its own.
 */
public final class Fixtures {
  private final App app;
  private final Clock clock;

  public Fixtures(TestApp app) {
    this(app.app, app.clock);
  }

  /** Fixtures for a server built some other way (without timers, say), on its clock. */
  public Fixtures(App app, Clock clock) {
    this.app = app;
    this.clock = clock;
  }

  private DSLContext dsl() {
    return app.db.dsl();
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }

  public long discussion(String slug, String title, boolean preModerated) {
    return dsl()
        .insertInto(DISCUSSION)
        .set(DISCUSSION.SLUG, slug)
        .set(DISCUSSION.TITLE, title)
        .set(DISCUSSION.LANGUAGE, "en")
        .set(DISCUSSION.STARTS_ON, LocalDate.of(2026, 3, 2))
        .set(DISCUSSION.TIME_ZONE, "UTC")
        .set(DISCUSSION.WEEKS, 4)
        .set(DISCUSSION.PRE_MODERATED, preModerated)
        .set(DISCUSSION.DRAFT, false)
        .set(DISCUSSION.CREATED_AT, now())
        .set(DISCUSSION.UPDATED_AT, now())
        .returning(DISCUSSION.ID)
        .fetchSingle()
        .getId();
  }

  public void moderator(long discussionId, long memberId) {
    dsl()
        .insertInto(DISCUSSION_MODERATOR)
        .set(DISCUSSION_MODERATOR.DISCUSSION_ID, discussionId)
        .set(DISCUSSION_MODERATOR.MEMBER_ID, memberId)
        .execute();
  }

  /** A verified member with a chosen name, organisation, country and language. */
  public long member(
      String email,
      String name,
      String organisation,
      String country,
      String language,
      String role) {
    return app.accountService.createVerifiedMember(
        new AccountService.Registration(
            email, TestApp.PASSWORD, name, organisation, "", country, language, "UTC"),
        role);
  }

  public void unverify(long memberId) {
    dsl().update(MEMBER).setNull(MEMBER.EMAIL_VERIFIED_AT).where(MEMBER.ID.eq(memberId)).execute();
  }

  public long theme(long discussionId, int week, String title, OffsetDateTime publishAt) {
    return dsl()
        .insertInto(THEME)
        .set(THEME.DISCUSSION_ID, discussionId)
        .set(THEME.WEEK, week)
        .set(THEME.TITLE, title)
        .set(THEME.QUESTION, title)
        .set(THEME.QUESTION_HTML, MarkdownRenderer.render(title))
        .set(THEME.PUBLISH_AT, publishAt)
        .set(THEME.CREATED_AT, now())
        .set(THEME.UPDATED_AT, now())
        .returning(THEME.ID)
        .fetchSingle()
        .getId();
  }

  public long contribution(long discussionId, int week, Long authorId, String body, String status) {
    return dsl()
        .insertInto(CONTRIBUTION)
        .set(CONTRIBUTION.DISCUSSION_ID, discussionId)
        .set(CONTRIBUTION.WEEK, week)
        .set(CONTRIBUTION.AUTHOR_ID, authorId)
        .set(CONTRIBUTION.BODY, body)
        .set(CONTRIBUTION.BODY_HTML, MarkdownRenderer.render(body))
        .set(CONTRIBUTION.LANGUAGE, "en")
        .set(CONTRIBUTION.STATUS, ContributionStatus.fromCode(status))
        .set(CONTRIBUTION.HOLD_REASON, status.equals("pending") ? "premoderated" : null)
        .set(CONTRIBUTION.SOURCE, "web")
        .set(CONTRIBUTION.CREATED_AT, now())
        .set(CONTRIBUTION.UPDATED_AT, now())
        .returning(CONTRIBUTION.ID)
        .fetchSingle()
        .getId();
  }

  public long pending(long discussionId, long authorId, String body) {
    return contribution(discussionId, 1, authorId, body, "pending");
  }

  public long approved(long discussionId, int week, long authorId, String body) {
    return contribution(discussionId, week, authorId, body, "approved");
  }

  /**
   * Posts as the discussion feature does: held for moderation in a pre-moderated discussion unless
   * the author is trusted there.
   */
  public long post(long discussionId, long authorId, String body) {
    boolean held =
        app.contributions.heldFor(
            app.discussionRepository.byId(discussionId).orElseThrow(),
            app.accounts.byId(authorId).orElseThrow());
    return contribution(discussionId, 1, authorId, body, held ? "pending" : "approved");
  }

  public long flag(long contributionId, long memberId, String reason) {
    return dsl()
        .insertInto(FLAG)
        .set(FLAG.CONTRIBUTION_ID, contributionId)
        .set(FLAG.MEMBER_ID, memberId)
        .set(FLAG.REASON, reason)
        .set(FLAG.CREATED_AT, now())
        .returning(FLAG.ID)
        .fetchSingle()
        .getId();
  }

  public String status(long contributionId) {
    return dsl()
        .select(CONTRIBUTION.STATUS)
        .from(CONTRIBUTION)
        .where(CONTRIBUTION.ID.eq(contributionId))
        .fetchSingle()
        .value1()
        .code();
  }

  /** A consolidated reply draft, as a moderator's first save leaves it. */
  public long replyDraft(long discussionId, String language, String title, String body) {
    return dsl()
        .insertInto(CONSOLIDATED_REPLY)
        .set(CONSOLIDATED_REPLY.DISCUSSION_ID, discussionId)
        .set(CONSOLIDATED_REPLY.LANGUAGE, language)
        .set(CONSOLIDATED_REPLY.TITLE, title)
        .set(CONSOLIDATED_REPLY.BODY, body)
        .set(CONSOLIDATED_REPLY.BODY_HTML, MarkdownRenderer.render(body))
        .set(CONSOLIDATED_REPLY.STATUS, "draft")
        .set(CONSOLIDATED_REPLY.CREATED_AT, now())
        .set(CONSOLIDATED_REPLY.UPDATED_AT, now())
        .returning(CONSOLIDATED_REPLY.ID)
        .fetchSingle()
        .getId();
  }

  public String replyStatus(long replyId) {
    return dsl()
        .select(CONSOLIDATED_REPLY.STATUS)
        .from(CONSOLIDATED_REPLY)
        .where(CONSOLIDATED_REPLY.ID.eq(replyId))
        .fetchSingle()
        .value1();
  }
}
