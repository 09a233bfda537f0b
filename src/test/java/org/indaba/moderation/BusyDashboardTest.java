package org.indaba.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.discussion.DiscussionService;
import org.indaba.discussion.NewContribution;
import org.indaba.model.Viewer;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * After two imports, 230 contributions wait across two pre-moderated discussions: the dashboard
 * counts all of them (not the 200 it once listed at most) and pages through them oldest first, and
 * a moderator of one discussion only counts and pages through that one's.
 */
class BusyDashboardTest {
  private static final int EAST = 130;
  private static final int WEST = 100;
  private static final Pattern ITEM = Pattern.compile("<h3 id=\"pending-(\\d+)\"");

  static TestApp app;
  static HttpSession both;
  static HttpSession westOnly;
  static final List<Long> ids = new ArrayList<>();

  @BeforeAll
  static void importedPostsWait() {
    app = TestApp.start();
    both = app.signedIn("both@dashboard.test", "moderator");
    westOnly = app.signedIn("west@dashboard.test", "member");
    Viewer creator = app.app.accounts.byEmail("both@dashboard.test").orElseThrow().toViewer();
    long author = app.member("author@dashboard.test", "Imported Author", "member");
    Instant start = app.clock.instant().minusSeconds(EAST + WEST + 5);
    int n = 0;
    for (String slug : List.of("east", "west")) {
      app.app.discussions.create(
          Optional.of(creator),
          new DiscussionService.Form(
              slug,
              "Imported " + slug,
              "Imported.",
              "Intro.",
              "en",
              slug.equals("west")
                  ? "both@dashboard.test, west@dashboard.test"
                  : "both@dashboard.test",
              "2026-03-02",
              "UTC",
              "2",
              true,
              false));
      app.app.discussions.publishThemeNow(Optional.of(creator), slug, 1);
      for (int i = 0; i < (slug.equals("east") ? EAST : WEST); i++, n++) {
        ids.add(
            app.app
                .contributions
                .postContribution(
                    NewContribution.byMember(
                            author,
                            slug,
                            1,
                            "Imported text " + slug + " " + i + ".",
                            NewContribution.Source.IMPORT)
                        .withLanguage("en")
                        .withCreatedAt(start.plusSeconds(n)))
                .id());
      }
    }
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static List<Long> listed(String page) {
    List<Long> found = new ArrayList<>();
    Matcher m = ITEM.matcher(page);
    while (m.find()) {
      found.add(Long.parseLong(m.group(1)));
    }
    return found;
  }

  @Test
  void theDashboardCountsEverythingThatWaitsAndPagesThroughItOldestFirst() {
    String first = both.get("/moderation").body();
    assertThat(first).contains("Waiting for approval (230)").contains("Page 1 of 5");
    assertThat(first).contains("href=\"/moderation?page&#x3D;2\" rel=\"next\"");
    assertThat(listed(first)).containsExactlyElementsOf(ids.subList(0, 50));
    // past the 200 the dashboard once stopped at
    String last = both.get("/moderation?page=5").body();
    assertThat(last)
        .contains("Page 5 of 5")
        .contains("href=\"/moderation?page&#x3D;4\" rel=\"prev\"")
        .doesNotContain("rel=\"next\"");
    assertThat(listed(last)).containsExactlyElementsOf(ids.subList(200, 230));
    // a page past the end shows the last one
    assertThat(listed(both.get("/moderation?page=99").body()))
        .containsExactlyElementsOf(ids.subList(200, 230));
  }

  @Test
  void aModeratorOfOneDiscussionCountsAndPagesThroughItsWaitingPostsOnly() {
    String first = westOnly.get("/moderation").body();
    assertThat(first).contains("Waiting for approval (100)").contains("Page 1 of 2");
    assertThat(listed(first)).containsExactlyElementsOf(ids.subList(EAST, EAST + 50));
    assertThat(listed(westOnly.get("/moderation?page=2").body()))
        .containsExactlyElementsOf(ids.subList(EAST + 50, EAST + WEST));
  }
}
