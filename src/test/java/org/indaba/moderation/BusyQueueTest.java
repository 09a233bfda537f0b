package org.indaba.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.AUDIT_LOG;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.DOMAIN_EVENT;
import static org.indaba.db.schema.Tables.SEARCH_OUTBOX;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.indaba.discussion.DiscussionService;
import org.indaba.discussion.NewContribution;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After an import, 120 contributions wait in a pre-moderated discussion: the queue says so, pages
 * through them and approves a selection in one POST, each approval as a single one would be.
 */
class BusyQueueTest {
  private static final int WAITING = 120;
  private static final Pattern CHECKBOX = Pattern.compile("name=\"ids\" value=\"(\\d+)\"");

  private TestApp app;
  private HttpSession mod;
  private final List<Long> ids = new ArrayList<>();

  @BeforeEach
  void importedPostsWait() {
    app = TestApp.start();
    mod = app.signedIn("mod@queue.test", "moderator");
    long modId =
        app.app
            .db
            .dsl()
            .select(org.indaba.db.schema.Tables.MEMBER.ID)
            .from(org.indaba.db.schema.Tables.MEMBER)
            .where(org.indaba.db.schema.Tables.MEMBER.EMAIL.eq("mod@queue.test"))
            .fetchOne()
            .value1();
    var viewer = app.app.accounts.byId(modId).orElseThrow().toViewer();
    app.app.discussions.create(
        Optional.of(viewer),
        new DiscussionService.Form(
            "queue",
            "A queue",
            "Imported.",
            "Intro.",
            "en, fr",
            "mod@queue.test",
            "2026-03-02",
            "UTC",
            "2",
            true,
            false));
    app.app.discussions.publishThemeNow(Optional.of(viewer), "queue", 1);
    long author = app.member("author@queue.test", "Imported Author", "member");
    Instant start = app.clock.instant().minusSeconds(WAITING + 5);
    for (int i = 0; i < WAITING; i++) {
      ids.add(
          app.app
              .contributions
              .postContribution(
                  NewContribution.byMember(
                          author,
                          "queue",
                          1,
                          "Imported text " + i + ".",
                          NewContribution.Source.IMPORT)
                      .withLanguage("en")
                      .withCreatedAt(start.plusSeconds(i)))
              .id());
    }
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private static List<Long> selectable(String page) {
    List<Long> found = new ArrayList<>();
    Matcher m = CHECKBOX.matcher(page);
    while (m.find()) {
      found.add(Long.parseLong(m.group(1)));
    }
    return found;
  }

  @Test
  void theQueueCountsEverythingThatWaitsAndPagesThroughIt() {
    String first = mod.get("/moderation/queue").body();
    assertThat(first).contains("Waiting for approval (120)").contains("Page 1 of 3");
    assertThat(selectable(first)).containsExactlyElementsOf(ids.subList(0, 50));
    assertThat(first).contains("href=\"/moderation/queue?page&#x3D;2\" rel=\"next\"");
    String last = mod.get("/moderation/queue?page=3").body();
    assertThat(last).contains("Page 3 of 3").doesNotContain("rel=\"next\"");
    assertThat(selectable(last)).containsExactlyElementsOf(ids.subList(100, 120));
    // the dashboard too counts them all
    assertThat(mod.get("/moderation").body()).contains("Waiting for approval (120)");
  }

  @Test
  void approvingASelectionAuditsAndIndexesEachAsASingleApprovalWould() {
    long single = ids.get(0);
    assertThat(mod.post("/moderation/contributions/" + single + "/approve", Map.of()).status())
        .isEqualTo(303);
    List<Long> selected = ids.subList(1, 31);
    HttpSession.Response r =
        postSelection(mod, "/moderation/queue/approve-selected", selected, "/moderation/queue");
    assertThat(r.status()).as(r.body()).isEqualTo(303);
    assertThat(r.location()).isEqualTo("/moderation/queue?approved=30&decided=0");
    String after = mod.get(r.location()).body();
    assertThat(after).contains("30 contributions approved.").contains("Waiting for approval (89)");

    var dsl = app.app.db.dsl();
    for (long id : selected) {
      assertThat(dsl.fetchValue(CONTRIBUTION.STATUS, CONTRIBUTION.ID.eq(id)))
          .isEqualTo(ContributionStatus.APPROVED);
    }
    for (long id : ids.subList(0, 31)) {
      assertThat(
              dsl.fetchCount(
                  AUDIT_LOG, AUDIT_LOG.TARGET_ID.eq(id).and(AUDIT_LOG.ACTION.eq("approve"))))
          .as("audit of %d", id)
          .isEqualTo(1);
      assertThat(
              dsl.fetchCount(
                  SEARCH_OUTBOX,
                  SEARCH_OUTBOX.ENTITY_ID.eq(id).and(SEARCH_OUTBOX.ENTITY_TYPE.eq("contribution"))))
          .as("index update of %d", id)
          .isEqualTo(
              dsl.fetchCount(
                  SEARCH_OUTBOX,
                  SEARCH_OUTBOX
                      .ENTITY_ID
                      .eq(single)
                      .and(SEARCH_OUTBOX.ENTITY_TYPE.eq("contribution"))));
      assertThat(
              dsl.fetchCount(
                  DOMAIN_EVENT,
                  DOMAIN_EVENT.ENTITY_ID.eq(id).and(DOMAIN_EVENT.KIND.eq("contribution_approved"))))
          .isEqualTo(1);
    }
    // still waiting: not touched
    assertThat(dsl.fetchValue(CONTRIBUTION.STATUS, CONTRIBUTION.ID.eq(ids.get(31))))
        .isEqualTo(ContributionStatus.PENDING);
  }

  @Test
  void aSelectionPartlyDecidedMeanwhileApprovesTheRestAndSaysSo() {
    assertThat(mod.post("/moderation/contributions/" + ids.get(2) + "/approve", Map.of()).status())
        .isEqualTo(303);
    HttpSession.Response r =
        postSelection(
            mod,
            "/moderation/queue/approve-selected",
            ids.subList(0, 5),
            "/moderation/queue?page=1");
    assertThat(r.location()).isEqualTo("/moderation/queue?page=1&approved=4&decided=1");
    assertThat(mod.get(r.location()).body())
        .contains("4 contributions approved.")
        .contains("1 had already been decided by another moderator.");
  }

  @Test
  void aSelectionNeedsTheFormsTokenAndAModeratorOfThatDiscussion() {
    HttpSession other = app.signedIn("other@queue.test", "moderator");
    assertThat(
            postSelection(other, "/moderation/queue/approve-selected", ids.subList(0, 2), "/")
                .status())
        .isEqualTo(403);
    String body = "ids=" + ids.get(0) + "&ids=" + ids.get(1);
    HttpSession.Response noToken =
        mod.send(
            HttpRequest.newBuilder(URI.create(mod.base() + "/moderation/queue/approve-selected"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)),
            Map.of());
    assertThat(noToken.status()).isEqualTo(403);
    assertThat(app.app.db.dsl().fetchValue(CONTRIBUTION.STATUS, CONTRIBUTION.ID.eq(ids.get(0))))
        .isEqualTo(ContributionStatus.PENDING);
  }

  /** The queue's form as a browser sends it: one {@code ids} field per ticked box. */
  private static HttpSession.Response postSelection(
      HttpSession s, String path, List<Long> selected, String returnTo) {
    String body =
        selected.stream().map(id -> "ids=" + id).collect(Collectors.joining("&"))
            + "&returnTo="
            + URLEncoder.encode(returnTo, StandardCharsets.UTF_8)
            + "&_csrf="
            + URLEncoder.encode(s.csrfToken(), StandardCharsets.UTF_8);
    return s.send(
        HttpRequest.newBuilder(URI.create(s.base() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        Map.of());
  }
}
