package org.indaba.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.CONTRIBUTION;

import org.indaba.discussion.DiscussionStatus;
import org.indaba.discussion.Theme;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.Test;

class DemoContentTest {

  @Test
  void theDemoHasAnOpenDiscussionWithTwoPublishedWeeksAndAClosedOne() {
    try (TestApp app = TestApp.start()) {
      Demo.load(app.app);
      var open = app.app.discussionRepository.bySlug(DemoDiscussions.OPEN_SLUG).orElseThrow();
      assertThat(open.status(app.clock.instant())).isEqualTo(DiscussionStatus.OPEN);
      assertThat(app.app.discussionRepository.themes(open.id()))
          .extracting(Theme::published)
          .containsExactly(true, true, false, false);
      var dsl = app.app.db.dsl();
      assertThat(dsl.fetchCount(CONTRIBUTION, CONTRIBUTION.DISCUSSION_ID.eq(open.id())))
          .isGreaterThanOrEqualTo(18);
      assertThat(
              dsl.fetchCount(
                  CONTRIBUTION,
                  CONTRIBUTION
                      .DISCUSSION_ID
                      .eq(open.id())
                      .and(CONTRIBUTION.STATUS.eq(ContributionStatus.PENDING))))
          .isEqualTo(1);
      assertThat(
              dsl.selectDistinct(CONTRIBUTION.LANGUAGE)
                  .from(CONTRIBUTION)
                  .fetch(CONTRIBUTION.LANGUAGE))
          .contains("en", "fr", "es");
      long closedId = Demo.closedDiscussionId(app.app);
      var closed = app.app.discussionRepository.byId(closedId).orElseThrow();
      assertThat(closed.status(app.clock.instant())).isEqualTo(DiscussionStatus.CLOSED);
      assertThat(dsl.fetchCount(CONTRIBUTION, CONTRIBUTION.DISCUSSION_ID.eq(closedId)))
          .isGreaterThanOrEqualTo(8);

      String home = app.browser().get("/").body();
      assertThat(home)
          .contains("Diaspora engagement and remittances")
          .contains("Local authorities and the integration");
      String page = app.browser().get("/d/" + DemoDiscussions.OPEN_SLUG).body();
      assertThat(page)
          .contains("Hometown associations and collective remittances")
          .doesNotContain("??")
          .doesNotContain("Skills, knowledge and diaspora investment")
          .doesNotContain("free to organise");
      String closedPage = app.browser().get("/d/" + DemoDiscussions.CLOSED_SLUG).body();
      assertThat(closedPage)
          .contains("This discussion is closed")
          .contains("/d/" + DemoDiscussions.CLOSED_SLUG + "/reply/en");
      String reply = app.browser().get("/d/" + DemoDiscussions.CLOSED_SLUG + "/reply/en").body();
      assertThat(reply)
          .contains("What cities told us about welcoming newcomers")
          .contains("href=\"/c/")
          .contains("Jean-Baptiste Nkurunziza")
          .doesNotContain("[#");
      assertThat(app.browser().get("/d/" + DemoDiscussions.CLOSED_SLUG + "/reply/fr").status())
          .isEqualTo(200);
      // translations: a French reader gets the French theme, the English original one click away
      String french =
          app.browser()
              .get(
                  "/d/" + DemoDiscussions.OPEN_SLUG + "?week=1",
                  java.util.Map.of("Accept-Language", "fr"))
              .body();
      assertThat(french)
          .contains("Ce que financent les transferts de fonds, et ce qu")
          .contains("Engagement de la diaspora et transferts de fonds")
          .contains("original en anglais par une personne, relu")
          .contains("Nos enquêtes auprès des ménages du Tamil Nadu");
      assertThat(org.jsoup.Jsoup.parse(french).select("a[href]").eachAttr("href"))
          .contains("/d/" + DemoDiscussions.OPEN_SLUG + "?week=1&original=1");
      assertThat(
              app.browser()
                  .get(
                      "/d/" + DemoDiscussions.OPEN_SLUG + "?week=1",
                      java.util.Map.of("Accept-Language", "ar"))
                  .body())
          .contains("<span lang=\"ar\" dir=\"rtl\">ما الذي تموّله التحويلات المالية");
      assertThat(
              app.browser()
                  .get(
                      "/d/" + DemoDiscussions.OPEN_SLUG + "?week=1",
                      java.util.Map.of("Accept-Language", "en"))
                  .body())
          .contains("In El Salvador remittances are worth almost a quarter of GDP")
          .contains("What remittances pay for, and what they cost");
      assertThat(
              app.app.contributions.approvedBy(
                  app.app.accounts.byEmail("member3@demo.indaba.test").orElseThrow().id()))
          .hasSize(4);
      assertThat(
              app.browser()
                  .get(
                      "/members/"
                          + app.app.accounts.byEmail("member3@demo.indaba.test").orElseThrow().id())
                  .body())
          .contains("Contributions")
          .contains("household surveys");

      // the library: six resources, two of them background documents, comments and saves
      var resources = new io.vertx.core.json.JsonObject(app.browser().get("/api/resources").body());
      assertThat(resources.getLong("total")).isEqualTo(6);
      assertThat(page)
          .contains("Promoting Diaspora Engagement: What Have We Learnt?")
          .contains("Working paper");
      assertThat(closedPage).contains("Diaspora projects of IOM Belgium and Luxembourg");
      var cd4d2 =
          resources.getJsonArray("items").stream()
              .map(o -> (io.vertx.core.json.JsonObject) o)
              .filter(o -> o.getString("title").contains("CD4D2"))
              .findFirst()
              .orElseThrow();
      assertThat(cd4d2.getJsonArray("countries").getList()).containsExactly("AF", "IQ", "NG", "SO");
      assertThat(cd4d2.getLong("comments")).isEqualTo(1);
      assertThat(cd4d2.getLong("saves")).isEqualTo(1);
      String mostSaved = app.browser().get("/resources?sort=saves").body();
      assertThat(mostSaved.indexOf("Promoting Diaspora Engagement"))
          .isLessThan(mostSaved.indexOf("Rwandan diaspora mapping"));
    }
  }
}
