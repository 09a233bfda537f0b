package org.indaba.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.FLAG;
import static org.indaba.db.schema.Tables.MAIL_OUTBOX;
import static org.indaba.db.schema.Tables.MODERATION_ALERT;
import static org.indaba.db.schema.Tables.NOTICE_PREFERENCE;
import static org.indaba.db.schema.Tables.SUBSCRIPTION;
import static org.indaba.db.schema.Tables.THEME;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.indaba.app.App;
import org.indaba.db.Database;
import org.indaba.model.ContributionStatus;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.MutableClock;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mail that fans out (a theme announced to every subscriber, a digest naming every waiting post)
 * costs a fixed number of queries plus one insert per mail, not a few queries per recipient or per
 * item. The server runs without timers, so each job runs on the test's thread and the statements it
 * sends are counted there.
 */
class MailFanOutQueriesTest {
  static App app;
  static MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
  static int members;
  static Fixtures fx;

  @BeforeAll
  static void start() throws Exception {
    app = App.forMaintenance(TestApp.config(TestDatabase.freshDatabaseUrl(), Map.of()), clock);
    fx = new Fixtures(app, clock);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static DSLContext dsl() {
    return app.db.dsl();
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }

  private static long member(String lang) {
    int n = ++members;
    return fx.member(
        "member" + n + "@fanout.test", "Member " + n, "Org " + n, "Senegal", lang, "member");
  }

  private static long discussion(String slug) {
    return fx.discussion(slug, "Diaspora and " + slug, true);
  }

  /**
   * Publishes week 1's theme in a discussion with {@code subscribers} subscribers, half in French.
   */
  private static long announcementStatements(String slug, int subscribers) {
    long d = discussion(slug);
    for (int i = 0; i < subscribers; i++) {
      dsl()
          .insertInto(SUBSCRIPTION)
          .set(SUBSCRIPTION.DISCUSSION_ID, d)
          .set(SUBSCRIPTION.MEMBER_ID, member(i % 2 == 0 ? "en" : "fr"))
          .set(SUBSCRIPTION.MODE, Subscriptions.EACH)
          .set(SUBSCRIPTION.CREATED_AT, now())
          .set(SUBSCRIPTION.UPDATED_AT, now())
          .execute();
    }
    long theme =
        dsl()
            .insertInto(THEME)
            .set(THEME.DISCUSSION_ID, d)
            .set(THEME.WEEK, 1)
            .set(THEME.TITLE, "Remittances")
            .set(THEME.QUESTION, "How do remittances change your town?")
            .set(THEME.QUESTION_HTML, "<p>How do remittances change your town?</p>")
            .set(THEME.LANGUAGE, "en")
            .set(THEME.PUBLISH_AT, now())
            .set(THEME.PUBLISHED_AT, now())
            .set(THEME.CREATED_AT, now())
            .set(THEME.UPDATED_AT, now())
            .returning(THEME.ID)
            .fetchSingle()
            .getId();
    app.db.txRun(tx -> app.changes.themePublished(tx, d, theme));
    long before = Database.statementsOnThisThread();
    app.background.runNow("mail-events");
    long statements = Database.statementsOnThisThread() - before;
    assertThat(
            dsl()
                .fetchCount(
                    MAIL_OUTBOX, MAIL_OUTBOX.KIND.eq("theme").and(MAIL_OUTBOX.DISCUSSION_ID.eq(d))))
        .as("theme mails queued in " + slug)
        .isEqualTo(subscribers);
    return statements;
  }

  @Test
  void aThemeAnnouncedToTwelveSubscribersCostsOneStatementMoreForEachMailThanToTwo() {
    long few = announcementStatements("podor", 2);
    long many = announcementStatements("bakel", 12);
    // each extra subscriber is one more queued mail, nothing else
    assertThat(many - few).isLessThanOrEqualTo(10);
  }

  /**
   * {@code posts} posts by as many members, approved together and mailed to two members who take
   * every message; returns the statements sent besides the one insert per queued mail.
   */
  private static long approvalStatementsBesidesMails(String slug, int posts) {
    long d = discussion(slug);
    for (String lang : new String[] {"en", "fr"}) {
      dsl()
          .insertInto(SUBSCRIPTION)
          .set(SUBSCRIPTION.DISCUSSION_ID, d)
          .set(SUBSCRIPTION.MEMBER_ID, member(lang))
          .set(SUBSCRIPTION.MODE, Subscriptions.EACH)
          .set(SUBSCRIPTION.CREATED_AT, now())
          .set(SUBSCRIPTION.UPDATED_AT, now())
          .execute();
    }
    long moderator = member("en");
    java.util.List<Long> ids = new java.util.ArrayList<>();
    for (int i = 0; i < posts; i++) {
      ids.add(fx.approved(d, 1, member(i % 2 == 0 ? "en" : "fr"), "Remittances built our school."));
    }
    app.db.txRun(tx -> ids.forEach(c -> app.changes.contributionApproved(tx, moderator, d, c)));
    long before = Database.statementsOnThisThread();
    app.background.runNow("mail-events");
    long statements = Database.statementsOnThisThread() - before;
    int mails =
        dsl()
            .fetchCount(
                MAIL_OUTBOX,
                MAIL_OUTBOX.KIND.eq("contribution").and(MAIL_OUTBOX.DISCUSSION_ID.eq(d)));
    assertThat(mails).as("contribution mails queued in " + slug).isEqualTo(2 * posts);
    assertThat(
            dsl()
                .fetchCount(
                    SUBSCRIPTION,
                    SUBSCRIPTION
                        .DISCUSSION_ID
                        .eq(d)
                        .and(SUBSCRIPTION.MODE.eq(Subscriptions.DIGEST))))
        .as("authors who joined " + slug)
        .isEqualTo(posts);
    return statements - mails;
  }

  @Test
  void tenPostsApprovedTogetherCostAtMostOneStatementEachBesidesTheirMailsMoreThanOne() {
    long one = approvalStatementsBesidesMails("louga", 1);
    long ten = approvalStatementsBesidesMails("linguere", 10);
    // per post, only its author joining the discussion; everything else is read once per batch
    assertThat(ten - one).isLessThanOrEqualTo(9);
  }

  private static long heldPost(long d, long author, ContributionStatus status) {
    return fx.contribution(
        d, 1, author, "Our town's clinic was built with remittances.", status.code());
  }

  /** One moderator's digest naming {@code held} held posts and {@code flagged} flagged ones. */
  private static long digestStatements(String slug, int held, int flagged) {
    long d = discussion(slug);
    long moderator = member("en");
    long author = member("en");
    long flagger = member("fr");
    dsl()
        .insertInto(NOTICE_PREFERENCE)
        .set(NOTICE_PREFERENCE.MEMBER_ID, moderator)
        .set(NOTICE_PREFERENCE.MODERATION_MODE, ModerationMailRepository.DIGEST)
        .set(NOTICE_PREFERENCE.DIGEST_HOURS, 3)
        .set(NOTICE_PREFERENCE.UPDATED_AT, now())
        .execute();
    for (int i = 0; i < held + flagged; i++) {
      boolean isHeld = i < held;
      long c =
          heldPost(d, author, isHeld ? ContributionStatus.PENDING : ContributionStatus.APPROVED);
      if (!isHeld) {
        dsl()
            .insertInto(FLAG)
            .set(FLAG.CONTRIBUTION_ID, c)
            .set(FLAG.MEMBER_ID, flagger)
            .set(FLAG.REASON, "Off topic")
            .set(FLAG.CREATED_AT, now())
            .execute();
      }
      dsl()
          .insertInto(MODERATION_ALERT)
          .set(MODERATION_ALERT.MODERATOR_ID, moderator)
          .set(MODERATION_ALERT.CONTRIBUTION_ID, c)
          .set(MODERATION_ALERT.KIND, isHeld ? ModeratorAlerts.HELD : ModeratorAlerts.FLAGGED)
          .set(MODERATION_ALERT.CREATED_AT, now())
          .execute();
    }
    long before = Database.statementsOnThisThread();
    app.background.runNow("moderation-digest");
    long statements = Database.statementsOnThisThread() - before;
    String subject =
        dsl()
            .select(MAIL_OUTBOX.SUBJECT)
            .from(MAIL_OUTBOX)
            .join(org.indaba.db.schema.Tables.MEMBER)
            .on(org.indaba.db.schema.Tables.MEMBER.EMAIL.eq(MAIL_OUTBOX.RECIPIENT))
            .where(
                org.indaba.db.schema.Tables.MEMBER
                    .ID
                    .eq(moderator)
                    .and(MAIL_OUTBOX.KIND.eq("moderation-digest")))
            .fetchSingle()
            .value1();
    assertThat(subject).contains("Moderation digest: " + (held + flagged));
    return statements;
  }

  @Test
  void aModeratorsDigestOfTenPostsCostsAsManyStatementsAsOneOfTwo() {
    long small = digestStatements("matam", 1, 1);
    long large = digestStatements("kanel", 6, 4);
    assertThat(large).isEqualTo(small);
  }
}
