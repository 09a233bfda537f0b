package org.indaba.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.SUBSCRIPTION;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.indaba.model.ContributionStatus;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every number of the analytics against a discussion whose contributions are written with known
 * weeks, languages, countries, organisations, channels and moderation times.
 */
class AnalyticsTest {
  static TestApp app;
  static HttpSession moderator;
  static HttpSession member;
  static long counts;
  static final OffsetDateTime T0 = OffsetDateTime.of(2026, 3, 2, 10, 0, 0, 0, ZoneOffset.UTC);

  static long discussion(String slug) {
    Map<String, String> f = new HashMap<>();
    f.put("slug", slug);
    f.put("title", "Discussion " + slug);
    f.put("summary", "s");
    f.put("introduction", "i");
    f.put("welcomedLanguages", "en, fr, es");
    f.put("moderators", "mod@example.org");
    f.put("startsOn", "2026-03-02");
    f.put("timeZone", "UTC");
    f.put("weeks", "3");
    f.put("preModerated", "on");
    assertThat(moderator.post("/d/new", f).status()).isEqualTo(303);
    return app.app.discussionRepository.bySlug(slug).orElseThrow().id();
  }

  static long person(String email, String country, String organisation) {
    long id = app.member(email, email.substring(0, email.indexOf('@')), "member");
    app.app
        .db
        .dsl()
        .update(MEMBER)
        .set(MEMBER.COUNTRY, country)
        .set(MEMBER.ORGANISATION, organisation)
        .where(MEMBER.ID.eq(id))
        .execute();
    return id;
  }

  /** A contribution as stored: held ones carry the reason, decided ones the decision time. */
  static long post(
      long discussionId,
      Long author,
      String email,
      int week,
      String language,
      String source,
      String status,
      boolean held,
      Long replyTo,
      OffsetDateTime created,
      Integer decidedAfterSeconds) {
    DSLContext dsl = app.app.db.dsl();
    OffsetDateTime decided =
        decidedAfterSeconds == null ? created : created.plusSeconds(decidedAfterSeconds);
    return dsl.insertInto(CONTRIBUTION)
        .set(CONTRIBUTION.DISCUSSION_ID, discussionId)
        .set(CONTRIBUTION.WEEK, week)
        .set(CONTRIBUTION.AUTHOR_ID, author)
        .set(CONTRIBUTION.AUTHOR_EMAIL, email)
        .set(CONTRIBUTION.AUTHOR_NAME, email == null ? null : "Visitor")
        .set(CONTRIBUTION.REPLY_TO_ID, replyTo)
        .set(CONTRIBUTION.BODY, "text")
        .set(CONTRIBUTION.BODY_HTML, "<p>text</p>")
        .set(CONTRIBUTION.LANGUAGE, language)
        .set(CONTRIBUTION.STATUS, ContributionStatus.fromCode(status))
        .set(CONTRIBUTION.HOLD_REASON, held ? "premoderated" : null)
        .set(CONTRIBUTION.SOURCE, source)
        .set(CONTRIBUTION.CREATED_AT, created)
        .set(CONTRIBUTION.UPDATED_AT, status.equals("rejected") ? decided : created)
        .set(CONTRIBUTION.APPROVED_AT, status.equals("approved") ? decided : null)
        .returning(CONTRIBUTION.ID)
        .fetchSingle()
        .getId();
  }

  static void subscribe(long discussionId, long memberId, String mode) {
    app.app
        .db
        .dsl()
        .insertInto(SUBSCRIPTION)
        .set(SUBSCRIPTION.DISCUSSION_ID, discussionId)
        .set(SUBSCRIPTION.MEMBER_ID, memberId)
        .set(SUBSCRIPTION.MODE, mode)
        .set(SUBSCRIPTION.CREATED_AT, T0)
        .set(SUBSCRIPTION.UPDATED_AT, T0)
        .execute();
  }

  @BeforeAll
  static void build() {
    app = TestApp.start();
    app.member("mod@example.org", "Mod", "moderator");
    moderator = app.browser();
    moderator.login("mod@example.org", TestApp.PASSWORD);
    long earlier = discussion("earlier");
    counts = discussion("counts");
    long a = person("a@example.org", "Senegal", "IOM");
    long b = person("b@example.org", "SN", "OIM");
    long c = person("c@example.org", "", "");
    long d = person("d@example.org", "Mali", "Ville de Bamako");
    member = app.browser();
    member.login("d@example.org", TestApp.PASSWORD);
    // A took part before: a returning participant
    post(earlier, a, null, 1, "en", "web", "approved", false, null, T0.minusDays(30), null);

    long a1 = post(counts, a, null, 1, "en", "web", "approved", true, null, T0, 100);
    post(counts, a, null, 2, "fr", "email", "approved", true, null, T0.plusDays(7), 200);
    post(counts, b, null, 1, "fr", "api", "approved", false, a1, T0.plusHours(1), null);
    long c1 = post(counts, c, null, 1, "es", "import", "approved", true, null, T0, 300);
    post(counts, d, null, 1, "en", "web", "rejected", true, null, T0, 400);
    post(counts, b, null, 2, "en", "web", "pending", true, null, T0.plusDays(8), null);
    post(counts, c, null, 1, "en", "web", "approved", false, c1, T0.plusHours(2), null);
    post(
        counts,
        null,
        "x@example.org",
        3,
        "en",
        "email",
        "approved",
        true,
        null,
        T0.plusDays(14),
        1000);

    subscribe(counts, a, "each");
    subscribe(counts, b, "digest");
    subscribe(counts, c, "none");
    subscribe(counts, d, "each");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void theApiGivesEveryNumberOfTheDiscussion() {
    HttpSession.Response r = moderator.get("/api/discussions/counts/analytics");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject a = new JsonObject(r.body());
    assertThat(a.fieldNames())
        .containsExactly("contributions", "participants", "moderation", "subscribers");
    JsonObject c = a.getJsonObject("contributions");
    assertThat(c.getLong("total")).isEqualTo(6);
    assertThat(c.getJsonObject("byWeek").getMap()).isEqualTo(Map.of("1", 4, "2", 1, "3", 1));
    assertThat(c.getJsonObject("byWeek").fieldNames()).containsExactly("1", "2", "3");
    assertThat(c.getJsonObject("byLanguage").getMap()).isEqualTo(Map.of("en", 3, "fr", 2, "es", 1));
    assertThat(c.getJsonObject("byCountry").getMap()).isEqualTo(Map.of("SN", 3, "unknown", 3));
    assertThat(c.getJsonObject("byRegion").getMap()).isEqualTo(Map.of("002", 3, "unknown", 3));
    assertThat(c.getJsonObject("byOrganisation").getMap())
        .isEqualTo(Map.of("IOM", 2, "OIM", 1, "unknown", 3));
    assertThat(c.getJsonObject("byChannel").getMap())
        .isEqualTo(Map.of("web", 2, "email", 2, "api", 1, "import", 1));
    assertThat(c.getJsonObject("byChannel").fieldNames())
        .containsExactly("web", "email", "api", "import");
    JsonObject p = a.getJsonObject("participants");
    assertThat(p.getMap())
        .isEqualTo(Map.of("total", 4, "firstTime", 3, "returning", 1, "onlyFirstWeek", 2));
    JsonObject m = a.getJsonObject("moderation");
    assertThat(m.getLong("medianSeconds")).isEqualTo(300);
    assertThat(m.getLong("p90Seconds")).isEqualTo(1000);
    assertThat(a.getJsonObject("subscribers").getMap())
        .isEqualTo(Map.of("each", 2, "digest", 1, "announcements", 1));
  }

  @Test
  void thePageDrawsAnAccessibleChartWithItsTableAndCountsRepliesBetweenMembers() {
    HttpSession.Response r = moderator.get("/d/counts/analytics");
    assertThat(r.status()).isEqualTo(200);
    var doc = org.jsoup.Jsoup.parse(r.body());
    var week = doc.getElementById("table-week");
    assertThat(week.select("svg[role=img] title").first().text())
        .isEqualTo("Contributions per week");
    assertThat(week.select("svg rect")).hasSize(3);
    assertThat(week.select("tbody tr").eachText())
        .containsExactly("Week 1 4", "Week 2 1", "Week 3 1");
    assertThat(doc.getElementById("table-country").select("tbody tr").eachText())
        .contains("Senegal 3");
    assertThat(doc.getElementById("table-participants").select("tbody tr").eachText())
        .contains("Replies between members 1", "Posted in week 1 only 2");
    // in Arabic the bars grow from the right and the labels are translated
    long modId = app.app.accounts.byEmail("mod@example.org").orElseThrow().id();
    app.app.accounts.setPreferredLanguage(modId, "ar");
    String ar = moderator.get("/d/counts/analytics").body();
    app.app.accounts.setPreferredLanguage(modId, "en");
    assertThat(ar).contains("dir=\"rtl\"").contains("الأسبوع 1").contains("السنغال");
  }

  @Test
  void theCsvHoldsEveryTableAndOneTableOnRequest() {
    HttpSession.Response all = moderator.get("/d/counts/analytics.csv");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.header("content-type")).startsWith("text/csv");
    assertThat(all.body())
        .startsWith("table,key,label,count\r\n")
        .contains("week,1,Week 1,4\r\n")
        .contains("channel,import,Imported archive,1\r\n")
        .contains("moderation,medianSeconds,Median wait (seconds),300\r\n")
        .contains("subscribers,announcements,Subscribers: announcements only,1\r\n");
    String one = moderator.get("/d/counts/analytics.csv?table=organisation").body();
    assertThat(one).contains("organisation,IOM,IOM,2").doesNotContain("week,");
    assertThat(moderator.get("/d/counts/analytics.csv?table=nope").status()).isEqualTo(400);
  }

  @Test
  void onlyModeratorsSeeTheNumbersUntilTheyMakeThemPublic() {
    assertThat(member.get("/d/counts/analytics").status()).isEqualTo(403);
    assertThat(app.browser().get("/d/counts/analytics").status()).isEqualTo(303);
    assertThat(app.browser().get("/api/discussions/counts/analytics").status()).isEqualTo(401);
    assertThat(member.post("/d/counts/analytics/public", Map.of("on", "1")).status())
        .isEqualTo(403);
    assertThat(moderator.post("/d/counts/analytics/public", Map.of("on", "1")).status())
        .isEqualTo(303);
    assertThat(app.browser().get("/d/counts/analytics").status()).isEqualTo(200);
    assertThat(member.get("/d/counts/analytics.csv").status()).isEqualTo(200);
    assertThat(moderator.post("/d/counts/analytics/public", Map.of()).status()).isEqualTo(303);
    assertThat(app.browser().get("/d/counts/analytics").status()).isEqualTo(303);
  }

  @Test
  void theSitePageIsForAdmins() {
    assertThat(moderator.get("/admin/analytics").status()).isEqualTo(403);
    HttpSession admin = app.signedIn("admin@example.org", "admin");
    String page = admin.get("/admin/analytics").body();
    assertThat(page).contains("Discussion counts").contains("Discussion earlier").contains("2026");
    assertThat(org.jsoup.Jsoup.parse(page).select("tbody tr").first().text()).isEqualTo("2026 7");
  }
}
