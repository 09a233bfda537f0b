package org.indaba.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.DISCUSSION;
import static org.indaba.db.schema.Tables.FLAG;
import static org.indaba.db.schema.Tables.SUBSCRIPTION;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.indaba.db.schema.tables.records.MailOutboxRecord;
import org.indaba.mail.MailWorld;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 items 4 and 6: one rule decides what a viewer sees ({@code
 * org.indaba.visibility.Visibility}). Every GET route of the router is walked with content in each
 * state (a draft discussion, held, rejected and deleted contributions, an approved one in a draft
 * discussion, the trimmed quotes of a mailed post) by visitors without rights, and nothing of it
 * shows; mail commands and announcements ask the same rule.
 */
class VisibilityRuleTest {
  static TestApp app;
  static Fixtures fx;
  static MailWorld world;
  static long open;
  static long draft;
  static long heldAuthor;
  static long author;
  static long held;
  static long rejected;
  static long deleted;
  static long inDraft;
  static long replyToHeld;
  static long mailed;
  static long moderatorId;
  static final Map<String, String> secrets = new LinkedHashMap<>();

  @BeforeAll
  static void start() {
    app = TestApp.start();
    fx = new Fixtures(app);
    world = new MailWorld(app);
    open = world.discussion("open-talk", "hold");
    world.theme(open, 1, true);
    draft = world.discussion("quiet-draft", "hold");
    world.theme(draft, 1, true);
    world.theme(draft, 2, false);
    app.app
        .db
        .dsl()
        .update(DISCUSSION)
        .set(DISCUSSION.DRAFT, true)
        .set(DISCUSSION.TITLE, "Zanzibarsecret draft title")
        .where(DISCUSSION.ID.eq(draft))
        .execute();
    app.app
        .db
        .dsl()
        .update(DISCUSSION)
        .set(DISCUSSION.PRE_MODERATED, true)
        .where(DISCUSSION.ID.eq(open))
        .execute();
    heldAuthor = fx.member("held@example.org", "Quillonheld Author", "", "", "en", "member");
    author = fx.member("author@example.org", "Open Author", "", "", "en", "member");
    fx.member("reader@example.org", "Reader", "", "", "en", "member");
    fx.member("sitemod@example.org", "Site Moderator", "", "", "en", "moderator");
    moderatorId = fx.member("mod@example.org", "Moderator", "", "", "en", "member");
    fx.moderator(open, moderatorId);
    fx.moderator(draft, moderatorId);

    held = fx.contribution(open, 1, heldAuthor, "Heldmarkerword waiting text", "pending");
    rejected = fx.contribution(open, 1, author, "Rejectmarkerword refused text", "rejected");
    deleted = fx.contribution(open, 1, author, "Deletemarkerword removed text", "deleted");
    inDraft = fx.contribution(draft, 1, author, "Draftmarkerword approved text", "approved");
    replyToHeld = fx.contribution(open, 1, author, "A visible answer to a held post", "approved");
    app.app
        .db
        .dsl()
        .update(CONTRIBUTION)
        .set(CONTRIBUTION.REPLY_TO_ID, held)
        .where(CONTRIBUTION.ID.eq(replyToHeld))
        .execute();
    mailed = fx.contribution(open, 1, author, "Posted by mail, with a quote", "approved");
    app.app
        .db
        .dsl()
        .update(CONTRIBUTION)
        .set(CONTRIBUTION.TRIMMED, "> Trimmedquote words\nPhone +221 77 123 45 67")
        .set(CONTRIBUTION.SOURCE, "email")
        .where(CONTRIBUTION.ID.eq(mailed))
        .execute();
    for (long id : List.of(held, rejected, deleted, inDraft, replyToHeld, mailed)) {
      app.app.db.txRun(tx -> app.app.changes.publishedContributionTextChanged(tx, id));
    }
    app.app.background.runNow("search-indexer");
    secrets.put("held contribution", "Heldmarkerword");
    secrets.put("held contribution's author", "Quillonheld");
    secrets.put("rejected contribution", "Rejectmarkerword");
    secrets.put("deleted contribution", "Deletemarkerword");
    secrets.put("approved contribution of a draft discussion", "Draftmarkerword");
    secrets.put("draft discussion", "Zanzibarsecret");
    secrets.put("trimmed quote", "Trimmedquote");
    secrets.put("trimmed phone number", "+221 77 123");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** Every concrete path for a route pattern, with each contribution and discussion put in. */
  private static List<String> paths(String pattern) {
    List<String> out = new ArrayList<>();
    List<String> slugs = List.of("open-talk", "quiet-draft");
    List<Long> ids = List.of(held, rejected, deleted, inDraft, replyToHeld, mailed);
    List<String> partial = new ArrayList<>(List.of(pattern));
    if (pattern.contains(":slug")) {
      partial =
          partial.stream().flatMap(p -> slugs.stream().map(s -> p.replace(":slug", s))).toList();
    }
    if (pattern.contains(":id")) {
      partial =
          partial.stream()
              .flatMap(p -> ids.stream().map(i -> p.replace(":id", String.valueOf(i))))
              .toList();
    }
    for (String p : partial) {
      out.add(
          p.replace(":week", "1")
              .replace(":language", "en")
              .replace(":type", "contribution")
              .replace(":token", "not-a-token")
              .replace(":attId", "1"));
    }
    return out;
  }

  private static List<String> queries() {
    // words of the hidden texts, not the markers themselves: a page may echo its query
    return List.of(
        "?week=1", "?q=waiting", "?q=refused", "?q=removed", "?q=approved", "?q=quote", "?q=draft");
  }

  @Test
  void noGetRouteShowsHiddenContentToVisitorsWithoutRights() {
    Map<String, HttpSession> visitors = new LinkedHashMap<>();
    visitors.put("anonymous", app.browser());
    visitors.put("another member", signIn("reader@example.org"));
    visitors.put("a site moderator of other discussions", signIn("sitemod@example.org"));
    List<String> leaks = new ArrayList<>();
    int walked = 0;
    for (WebServer.RouteInfo route : app.app.web.routes()) {
      if (!route.method().equals("GET")) {
        continue;
      }
      for (String path : paths(route.path())) {
        List<String> targets = new ArrayList<>(List.of(path));
        if (!route.path().contains(":")) {
          queries().forEach(q -> targets.add(path + q));
        } else if (route.path().contains(":slug")) {
          targets.add(path + "?week=1");
        }
        for (String target : targets) {
          for (var v : visitors.entrySet()) {
            HttpSession.Response r = v.getValue().get(target);
            walked++;
            secrets.forEach(
                (what, marker) -> {
                  boolean ownProfile = target.startsWith("/members/") && what.endsWith("'s author");
                  if (!ownProfile && r.body().contains(marker)) {
                    leaks.add(v.getKey() + " sees the " + what + " at GET " + target);
                  }
                });
          }
        }
      }
    }
    assertThat(walked).isGreaterThan(500);
    assertThat(leaks).isEmpty();
  }

  private static HttpSession signIn(String email) {
    HttpSession s = app.browser();
    s.login(email, TestApp.PASSWORD);
    return s;
  }

  @Test
  void whatIsHiddenFromOthersIsShownToTheAuthorAndTheModerators() {
    HttpSession heldOwner = signIn("held@example.org");
    assertThat(heldOwner.get("/c/" + held).body()).contains("Heldmarkerword");
    HttpSession owner = signIn("author@example.org");
    assertThat(owner.get("/c/" + mailed).body()).contains("Trimmedquote");
    assertThat(owner.get("/c/" + rejected).body()).contains("Rejectmarkerword");
    HttpSession mod = signIn("mod@example.org");
    assertThat(mod.get("/c/" + held).body()).contains("Heldmarkerword");
    assertThat(mod.get("/c/" + mailed).body()).contains("Trimmedquote");
    assertThat(mod.get("/c/" + deleted).body()).contains("Deletemarkerword");
    assertThat(mod.get("/d/quiet-draft").body()).contains("Zanzibarsecret");
    assertThat(mod.get("/c/" + replyToHeld).body()).contains("Quillonheld");
    // the public part is public: the walk above is not empty-handed
    String page = app.browser().get("/c/" + replyToHeld).body();
    assertThat(page).contains("A visible answer to a held post");
    assertThat(app.browser().get("/c/" + mailed).body()).contains("Posted by mail, with a quote");
  }

  @Test
  void theFlagFormAndTheFlagActionKnowOnlyWhatThePageShows() {
    HttpSession reader = signIn("reader@example.org");
    for (long id : List.of(held, rejected, deleted, inDraft)) {
      assertThat(reader.get("/c/" + id + "/flag").status()).as("form for " + id).isEqualTo(404);
      assertThat(reader.post("/c/" + id + "/flag", Map.of("reason", "Spam")).status())
          .as("flag on " + id)
          .isEqualTo(404);
    }
    assertThat(app.app.db.dsl().fetchCount(FLAG)).isZero();
    assertThat(reader.get("/c/" + replyToHeld + "/flag").status()).isEqualTo(200);
  }

  private static Map<String, String> mailValues(String from, String to, String id) {
    return Map.of("FROM", from, "TO", to, "MSGID", id);
  }

  @Test
  void mailCommandsForADraftDiscussionNameItToNobody() {
    String help = "quiet-draft+help@" + MailWorld.DOMAIN;
    world.deliver(
        "help_for_draft_discussion",
        "nosy@example.org",
        help,
        mailValues("nosy@example.org", help, "help-draft"));
    for (MailOutboxRecord m : app.outboxTo("nosy@example.org")) {
      assertThat(m.getTextBody() + m.getSubject() + m.getHtmlBody())
          .doesNotContain("Zanzibarsecret")
          .doesNotContain("/d/quiet-draft");
    }
    long early = fx.member("early@example.org", "Early", "", "", "en", "member");
    String subscribe = "quiet-draft+subscribe@" + MailWorld.DOMAIN;
    world.deliver(
        "subscribe_to_draft_discussion",
        "early@example.org",
        subscribe,
        mailValues("early@example.org", subscribe, "subscribe-draft"));
    assertThat(
            app.app
                .db
                .dsl()
                .fetchCount(
                    SUBSCRIPTION,
                    SUBSCRIPTION.MEMBER_ID.eq(early).and(SUBSCRIPTION.DISCUSSION_ID.eq(draft))))
        .isZero();
    for (MailOutboxRecord m : app.outboxTo("early@example.org")) {
      assertThat(m.getTextBody()).doesNotContain("Zanzibarsecret");
    }
  }

  @Test
  void publishingAThemeOfADraftDiscussionMailsNoSubscriber() {
    long follower = fx.member("follower@example.org", "Follower", "", "", "en", "member");
    OffsetDateTime now = OffsetDateTime.now(app.clock);
    app.app
        .db
        .dsl()
        .insertInto(SUBSCRIPTION)
        .set(SUBSCRIPTION.DISCUSSION_ID, draft)
        .set(SUBSCRIPTION.MEMBER_ID, follower)
        .set(SUBSCRIPTION.MODE, "each")
        .set(SUBSCRIPTION.CREATED_AT, now)
        .set(SUBSCRIPTION.UPDATED_AT, now)
        .execute();
    HttpSession mod = signIn("mod@example.org");
    assertThat(mod.post("/d/quiet-draft/themes/2/publish", Map.of()).status()).isEqualTo(303);
    app.app.background.runNow("mail-events");
    assertThat(app.outboxTo("follower@example.org")).isEmpty();
  }
}
