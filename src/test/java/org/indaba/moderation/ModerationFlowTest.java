package org.indaba.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.AUDIT_LOG;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.CONTRIBUTION_REVISION;
import static org.indaba.db.schema.Tables.DOMAIN_EVENT;
import static org.indaba.db.schema.Tables.FLAG;
import static org.indaba.db.schema.Tables.SEARCH_OUTBOX;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModerationFlowTest {
  static TestApp app;
  static Fixtures fx;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    fx = new Fixtures(app);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static DSLContext dsl() {
    return app.app.db.dsl();
  }

  /** A discussion with its moderator signed in. */
  private record Setup(long discussionId, String slug, long moderatorId, HttpSession moderator) {}

  private static Setup discussion(String slug) {
    long d = fx.discussion(slug, "Remittances " + slug, true);
    long mod =
        fx.member(
            "mod-" + slug + "@example.org", "Moderator " + slug, "Org", "Kenya", "en", "moderator");
    fx.moderator(d, mod);
    HttpSession s = app.browser();
    s.login("mod-" + slug + "@example.org", TestApp.PASSWORD);
    return new Setup(d, slug, mod, s);
  }

  private static int audits(long discussionId, String action, long targetId) {
    return dsl()
        .fetchCount(
            AUDIT_LOG,
            AUDIT_LOG
                .DISCUSSION_ID
                .eq(discussionId)
                .and(AUDIT_LOG.ACTION.eq(action))
                .and(AUDIT_LOG.TARGET_ID.eq(targetId)));
  }

  private static int searchRows(String type, long id) {
    return dsl()
        .fetchCount(
            SEARCH_OUTBOX, SEARCH_OUTBOX.ENTITY_TYPE.eq(type).and(SEARCH_OUTBOX.ENTITY_ID.eq(id)));
  }

  private static int events(String kind, long id) {
    return dsl()
        .fetchCount(DOMAIN_EVENT, DOMAIN_EVENT.KIND.eq(kind).and(DOMAIN_EVENT.ENTITY_ID.eq(id)));
  }

  @Test
  void aModeratorApprovesAQueuedContribution() {
    Setup s = discussion("approve");
    long author =
        fx.member("amina@example.org", "Amina Diallo", "Diaspora Link", "Mali", "fr", "member");
    long c = fx.pending(s.discussionId(), author, "Hometown associations fund *schools*.");

    var queue = s.moderator().get("/moderation/approve");
    assertThat(queue.status()).isEqualTo(200);
    assertThat(queue.body())
        .contains("Amina Diallo")
        .contains("Hometown associations fund <em>schools</em>.");

    var r =
        s.moderator()
            .post(
                "/moderation/contributions/" + c + "/approve",
                Map.of("returnTo", "/moderation/approve"));
    assertThat(r.status()).isEqualTo(303);
    // back on the queue, which says what was done and offers to undo it
    assertThat(r.location()).isEqualTo("/moderation/approve?done=approve&c=" + c);

    var row = dsl().selectFrom(CONTRIBUTION).where(CONTRIBUTION.ID.eq(c)).fetchSingle();
    assertThat(row.getStatus()).isEqualTo(ContributionStatus.APPROVED);
    assertThat(row.getApprovedBy()).isEqualTo(s.moderatorId());
    assertThat(row.getApprovedAt()).isEqualTo(OffsetDateTime.now(app.clock));
    assertThat(searchRows("contribution", c)).isEqualTo(1);
    assertThat(events("contribution_approved", c)).isEqualTo(1);
    assertThat(audits(s.discussionId(), "approve", c)).isEqualTo(1);
    assertThat(s.moderator().get("/moderation/approve").body())
        .doesNotContain("Hometown associations");
  }

  @Test
  void rejectingNeedsAReasonAndMailsTheAuthorInTheirLanguage() {
    Setup s = discussion("reject");
    long author =
        fx.member("lucia@example.org", "Lucía Pérez", "Red Migrante", "Ecuador", "es", "member");
    long c = fx.pending(s.discussionId(), author, "Buy cheap watches here");

    var missing =
        s.moderator().post("/moderation/contributions/" + c + "/reject", Map.of("reason", "  "));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body()).contains("Please give a reason.");
    fx.member("modfr-reject@example.org", "Modératrice", "Org", "France", "fr", "member");
    fx.moderator(
        s.discussionId(), app.app.accounts.byEmail("modfr-reject@example.org").orElseThrow().id());
    HttpSession french = app.browser();
    french.login("modfr-reject@example.org", TestApp.PASSWORD);
    assertThat(french.post("/moderation/contributions/" + c + "/reject", Map.of()).body())
        .contains("Veuillez indiquer un motif.");
    assertThat(fx.status(c)).isEqualTo("pending");

    var r =
        s.moderator()
            .post(
                "/moderation/contributions/" + c + "/reject",
                Map.of("reason", "Advertising is off topic."));
    assertThat(r.status()).isEqualTo(303);
    var row = dsl().selectFrom(CONTRIBUTION).where(CONTRIBUTION.ID.eq(c)).fetchSingle();
    assertThat(row.getStatus()).isEqualTo(ContributionStatus.REJECTED);
    assertThat(row.getRejectReason()).isEqualTo("Advertising is off topic.");
    assertThat(events("contribution_rejected", c)).isEqualTo(1);
    assertThat(searchRows("contribution", c)).isEqualTo(1);
    assertThat(audits(s.discussionId(), "reject", c)).isEqualTo(1);

    var mails = app.outboxTo("lucia@example.org");
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).getKind()).isEqualTo("contribution-rejected");
    assertThat(mails.get(0).getMemberId()).isEqualTo(author);
    assertThat(mails.get(0).getSubject())
        .isEqualTo("Su contribución a «Remittances reject» no se ha publicado");
    assertThat(mails.get(0).getTextBody())
        .contains(
            "Hola, Lucía Pérez",
            "Advertising is off topic.",
            "Buy cheap watches here",
            "/d/reject");
    assertThat(mails.get(0).getHtmlBody()).contains("lang=\"es\"");

    var again =
        s.moderator().post("/moderation/contributions/" + c + "/reject", Map.of("reason", "twice"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(app.outboxTo("lucia@example.org")).hasSize(1);
  }

  @Test
  void editThenApproveKeepsTheAuthorsWordingAsARevision() {
    Setup s = discussion("edit");
    long author = fx.member("omar@example.org", "Omar", "", "", "ar", "member");
    long c =
        fx.pending(s.discussionId(), author, "Call me on +33 6 12 34 56 78 about <b>visas</b>");

    var form = s.moderator().get("/moderation/contributions/" + c + "/edit");
    assertThat(form.status()).isEqualTo(200);
    assertThat(form.body()).contains("Call me on +33 6 12 34 56 78 about &lt;b&gt;visas&lt;/b&gt;");

    var r =
        s.moderator()
            .post(
                "/moderation/contributions/" + c + "/edit",
                Map.of("body", "Ask me about **visas**."));
    assertThat(r.status()).isEqualTo(303);
    var row = dsl().selectFrom(CONTRIBUTION).where(CONTRIBUTION.ID.eq(c)).fetchSingle();
    assertThat(row.getStatus()).isEqualTo(ContributionStatus.APPROVED);
    assertThat(row.getBody()).isEqualTo("Ask me about **visas**.");
    assertThat(row.getBodyHtml()).contains("<strong>visas</strong>");
    var revisions =
        dsl()
            .selectFrom(CONTRIBUTION_REVISION)
            .where(CONTRIBUTION_REVISION.CONTRIBUTION_ID.eq(c))
            .fetch();
    assertThat(revisions).hasSize(1);
    assertThat(revisions.get(0).getBody())
        .isEqualTo("Call me on +33 6 12 34 56 78 about <b>visas</b>");
    assertThat(revisions.get(0).getEditedBy()).isEqualTo(s.moderatorId());
    assertThat(audits(s.discussionId(), "edit", c)).isEqualTo(1);
    assertThat(audits(s.discussionId(), "approve", c)).isEqualTo(1);
    assertThat(searchRows("contribution", c)).isEqualTo(1);

    assertThat(
            s.moderator()
                .post("/moderation/contributions/" + c + "/edit", Map.of("body", "again"))
                .status())
        .isEqualTo(409);
    assertThat(dsl().fetchCount(CONTRIBUTION_REVISION, CONTRIBUTION_REVISION.CONTRIBUTION_ID.eq(c)))
        .isEqualTo(1);
  }

  @Test
  void twoModeratorsApprovingAtOnceLetExactlyOneWin() throws Exception {
    Setup s = discussion("race");
    long second = fx.member("mod2-race@example.org", "Second", "Org", "Chad", "en", "member");
    fx.moderator(s.discussionId(), second);
    HttpSession other = app.browser();
    other.login("mod2-race@example.org", TestApp.PASSWORD);
    long author = fx.member("race-author@example.org", "Author", "", "", "en", "member");

    for (int round = 0; round < 5; round++) {
      long c = fx.pending(s.discussionId(), author, "Round " + round);
      String path = "/moderation/contributions/" + c + "/approve";
      String t1 = s.moderator().csrfToken();
      String t2 = other.csrfToken();
      CountDownLatch go = new CountDownLatch(1);
      var a =
          CompletableFuture.supplyAsync(
              () -> {
                await(go);
                return s.moderator().post(path, Map.of("_csrf", t1));
              });
      var b =
          CompletableFuture.supplyAsync(
              () -> {
                await(go);
                return other.post(path, Map.of("_csrf", t2));
              });
      go.countDown();
      List<HttpSession.Response> both = List.of(a.get(), b.get());
      List<Integer> statuses =
          new ArrayList<>(both.stream().map(HttpSession.Response::status).toList());
      statuses.sort(null);
      assertThat(statuses).containsExactly(303, 409);
      assertThat(both.stream().filter(x -> x.status() == 409).findFirst().orElseThrow().body())
          .contains("Another moderator has already dealt with this item.");
      assertThat(audits(s.discussionId(), "approve", c)).isEqualTo(1);
      assertThat(events("contribution_approved", c)).isEqualTo(1);
      assertThat(searchRows("contribution", c)).isEqualTo(1);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aTrustedMembersNextContributionSkipsTheQueueUntilTrustIsRemoved() {
    Setup s = discussion("trust");
    long author =
        fx.member("trusted@example.org", "Trusted Person", "Org", "Ghana", "en", "member");
    long first = fx.post(s.discussionId(), author, "First post");
    assertThat(fx.status(first)).isEqualTo("pending");

    var r =
        s.moderator().post("/moderation/trust/trust", Map.of("memberId", String.valueOf(author)));
    assertThat(r.status()).isEqualTo(303);
    assertThat(app.app.moderatorRights.isTrusted(s.discussionId(), author)).isTrue();
    assertThat(audits(s.discussionId(), "trust", author)).isEqualTo(1);
    assertThat(s.moderator().get("/moderation/trust").body())
        .contains("Trusted members")
        .contains("Trusted Person");

    long second = fx.post(s.discussionId(), author, "Second post");
    assertThat(fx.status(second)).isEqualTo("approved");
    long elsewhere =
        fx.post(fx.discussion("trust-other", "Elsewhere", true), author, "Other discussion");
    assertThat(fx.status(elsewhere)).isEqualTo("pending");

    assertThat(
            s.moderator()
                .post("/moderation/trust/untrust", Map.of("memberId", String.valueOf(author)))
                .status())
        .isEqualTo(303);
    assertThat(app.app.moderatorRights.isTrusted(s.discussionId(), author)).isFalse();
    assertThat(audits(s.discussionId(), "untrust", author)).isEqualTo(1);
    assertThat(fx.status(fx.post(s.discussionId(), author, "Third post"))).isEqualTo("pending");
  }

  @Test
  void aFlagAppearsInTheQueueAndCanBeDismissed() {
    Setup s = discussion("flags");
    long author = fx.member("flagged-author@example.org", "Flagged Author", "", "", "en", "member");
    long c = fx.approved(s.discussionId(), 1, author, "A heated opinion");
    HttpSession reader = app.signedIn("reader-flags@example.org", "member");

    assertThat(reader.get("/c/" + c + "/flag").status()).isEqualTo(200);
    var r =
        reader.post("/c/" + c + "/flag", Map.of("reason", "Personal attack in the second line"));
    assertThat(r.status()).isEqualTo(303);
    assertThat(reader.get(r.location()).body())
        .contains("The moderators will look at this contribution.");
    assertThat(reader.post("/c/" + c + "/flag", Map.of("reason", "again")).status()).isEqualTo(409);
    assertThat(reader.post("/c/" + c + "/flag", Map.of("reason", "")).status()).isEqualTo(400);

    var queue = s.moderator().get("/moderation/flags");
    assertThat(queue.body())
        .contains("Personal attack in the second line")
        .contains("A heated opinion");
    assertThat(s.moderator().get("/moderation").body())
        .contains("Personal attack in the second line");

    long flagId =
        dsl().select(FLAG.ID).from(FLAG).where(FLAG.CONTRIBUTION_ID.eq(c)).fetchSingle().value1();
    assertThat(s.moderator().post("/moderation/flags/" + flagId + "/dismiss", Map.of()).status())
        .isEqualTo(303);
    var flag = dsl().selectFrom(FLAG).where(FLAG.ID.eq(flagId)).fetchSingle();
    assertThat(flag.getResolvedAt()).isNotNull();
    assertThat(flag.getResolution()).isEqualTo("dismissed");
    assertThat(flag.getResolvedBy()).isEqualTo(s.moderatorId());
    assertThat(fx.status(c)).isEqualTo("approved");
    assertThat(audits(s.discussionId(), "dismiss_flag", flagId)).isEqualTo(1);
    assertThat(s.moderator().get("/moderation/flags").body())
        .doesNotContain("Personal attack in the second line");
    assertThat(s.moderator().post("/moderation/flags/" + flagId + "/dismiss", Map.of()).status())
        .isEqualTo(409);
  }

  @Test
  void onlyVerifiedMembersFlagPublishedContributionsAndFlaggingIsRateLimited() {
    Setup s = discussion("flag-rules");
    long author = fx.member("rules-author@example.org", "Rules Author", "", "", "en", "member");
    long pending = fx.pending(s.discussionId(), author, "Not yet visible");
    long unverified =
        fx.member("unverified-flagger@example.org", "Unverified", "", "", "en", "member");
    fx.unverify(unverified);
    HttpSession u = app.browser();
    u.login("unverified-flagger@example.org", TestApp.PASSWORD);
    long published = fx.approved(s.discussionId(), 1, author, "Visible");
    assertThat(u.post("/c/" + published + "/flag", Map.of("reason", "spam")).status())
        .isEqualTo(403);
    assertThat(app.browser().post("/c/" + published + "/flag", Map.of("reason", "spam")).location())
        .startsWith("/login");

    HttpSession reader = app.signedIn("busy-flagger@example.org", "member");
    assertThat(reader.post("/c/" + pending + "/flag", Map.of("reason", "spam")).status())
        .isEqualTo(404);
    int last = 0;
    for (int i = 0; i <= ModerationService.FLAGS_PER_HOUR; i++) {
      long c = fx.approved(s.discussionId(), 1, author, "Post " + i);
      last = reader.post("/c/" + c + "/flag", Map.of("reason", "spam " + i)).status();
      if (i < ModerationService.FLAGS_PER_HOUR) {
        assertThat(last).isEqualTo(303);
      }
    }
    assertThat(last).isEqualTo(429);
  }

  @Test
  void deletingAPublishedContributionHidesItAndSettlesItsFlags() {
    Setup s = discussion("delete");
    long author = fx.member("deleted-author@example.org", "Deleted Author", "", "", "en", "member");
    long flagger = fx.member("delete-flagger@example.org", "Flagger", "", "", "en", "member");
    long c = fx.approved(s.discussionId(), 1, author, "Private phone numbers here");
    long flagId = fx.flag(c, flagger, "Personal data");

    assertThat(s.moderator().post("/moderation/contributions/" + c + "/delete", Map.of()).status())
        .isEqualTo(400);
    var r =
        s.moderator()
            .post("/moderation/contributions/" + c + "/delete", Map.of("reason", "Personal data"));
    assertThat(r.status()).isEqualTo(303);
    var row = dsl().selectFrom(CONTRIBUTION).where(CONTRIBUTION.ID.eq(c)).fetchSingle();
    assertThat(row.getStatus()).isEqualTo(ContributionStatus.DELETED);
    assertThat(row.getDeletedReason()).isEqualTo("Personal data");
    assertThat(row.getDeletedBy()).isEqualTo(s.moderatorId());
    assertThat(dsl().selectFrom(FLAG).where(FLAG.ID.eq(flagId)).fetchSingle().getResolution())
        .isEqualTo("deleted");
    assertThat(searchRows("contribution", c)).isEqualTo(1);
    assertThat(audits(s.discussionId(), "delete", c)).isEqualTo(1);
    assertThat(
            s.moderator()
                .post("/moderation/contributions/" + c + "/delete", Map.of("reason", "x"))
                .status())
        .isEqualTo(409);
  }

  @Test
  void theAuditLogPageListsWhoDidWhatAndWhy() {
    Setup s = discussion("audit");
    long author = fx.member("audit-author@example.org", "Audit Author", "", "", "en", "member");
    long a = fx.pending(s.discussionId(), author, "one");
    long b = fx.pending(s.discussionId(), author, "two");
    s.moderator().post("/moderation/contributions/" + a + "/approve", Map.of());
    s.moderator()
        .post(
            "/moderation/contributions/" + b + "/reject",
            Map.of("reason", "Duplicate of an earlier post"));
    // an action this page has no words for is shown by its stored name
    dsl()
        .insertInto(AUDIT_LOG)
        .set(AUDIT_LOG.ACTOR_ID, s.moderatorId())
        .set(AUDIT_LOG.DISCUSSION_ID, s.discussionId())
        .set(AUDIT_LOG.ACTION, "publish_theme")
        .set(AUDIT_LOG.TARGET_TYPE, "theme")
        .set(AUDIT_LOG.TARGET_ID, 42L)
        .set(AUDIT_LOG.CREATED_AT, java.time.OffsetDateTime.now(app.clock))
        .execute();

    var page = s.moderator().get("/moderation/audit/audit");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("Moderation log of Remittances audit")
        .contains("Approved")
        .contains("Rejected")
        .contains("Duplicate of an earlier post")
        .contains("href=\"/c/" + a + "\"")
        .contains("publish_theme");
    assertThat(dsl().fetchCount(AUDIT_LOG, AUDIT_LOG.DISCUSSION_ID.eq(s.discussionId())))
        .isEqualTo(3);
  }

  @Test
  void theDashboardShowsTheQueueUpcomingThemesAndWeeklyCountsOfModeratedDiscussionsOnly() {
    Setup s = discussion("dash");
    long author = fx.member("dash-author@example.org", "Dash Author", "", "", "en", "member");
    fx.pending(s.discussionId(), author, "Waiting in dash");
    fx.approved(s.discussionId(), 1, author, "w1 a");
    fx.approved(s.discussionId(), 2, author, "w2 a");
    fx.contribution(s.discussionId(), 2, author, "w2 p", "pending");
    fx.theme(s.discussionId(), 3, "Diaspora investment", OffsetDateTime.now(app.clock).plusDays(7));
    long foreign = fx.discussion("dash-foreign", "Foreign discussion", true);
    fx.pending(foreign, author, "Waiting in foreign");
    fx.theme(foreign, 1, "Foreign theme", OffsetDateTime.now(app.clock).plusDays(1));

    var page = s.moderator().get("/moderation");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("Waiting in dash")
        .contains("Diaspora investment")
        .contains("Contributions per week")
        .doesNotContain("Waiting in foreign")
        .doesNotContain("Foreign theme");
    assertThat(page.body())
        .containsPattern("<td>1</td><td>1</td><td>1</td>")
        .containsPattern("<td>2</td><td>1</td><td>1</td>");

    HttpSession admin = app.signedIn("admin-dash@example.org", "admin");
    assertThat(admin.get("/moderation").body())
        .contains("Waiting in dash")
        .contains("Waiting in foreign")
        .contains("Foreign theme");
  }
}
