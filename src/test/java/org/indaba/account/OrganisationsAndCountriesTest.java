package org.indaba.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.AUDIT_LOG;
import static org.indaba.db.schema.Tables.COUNTRY_UNMAPPED;
import static org.indaba.db.schema.Tables.MEMBER;
import static org.indaba.db.schema.Tables.ORGANISATION;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Countries chosen from a list of ISO codes, organisation names offered back and merged by an
 * admin, and analytics that count by code, by region and by merged organisation.
 */
class OrganisationsAndCountriesTest {
  static TestApp app;
  static Fixtures fx;
  static HttpSession admin;
  static HttpSession moderator;
  static long unmapped;

  @BeforeAll
  static void build() {
    app = TestApp.start();
    fx = new Fixtures(app);
    app.member("admin@orgs.test", "Admin", "admin");
    admin = app.browser();
    admin.login("admin@orgs.test", TestApp.PASSWORD);
    long d = fx.discussion("orgs", "Counting organisations", false);
    long mod = fx.member("mod@orgs.test", "Mod", "", "", "fr", "member");
    fx.moderator(d, mod);
    moderator = app.browser();
    moderator.login("mod@orgs.test", TestApp.PASSWORD);
    long a = fx.member("a@orgs.test", "A", "IOM", "Senegal", "en", "member");
    long b = fx.member("b@orgs.test", "B", "OIM", "ML", "fr", "member");
    long c = fx.member("c@orgs.test", "C", "I.O.M. Rome", "Italie", "fr", "member");
    long e = fx.member("e@orgs.test", "E", "UNHCR", "Ecuador", "es", "member");
    unmapped = fx.member("u@orgs.test", "Unmapped Person", "", "", "en", "member");
    for (long m : List.of(a, b, c, e)) {
      fx.approved(d, 1, m, "A point from member " + m);
    }
    app.app
        .db
        .dsl()
        .insertInto(COUNTRY_UNMAPPED)
        .set(COUNTRY_UNMAPPED.MEMBER_ID, unmapped)
        .set(COUNTRY_UNMAPPED.ORIGINAL_TEXT, "Dakar, Senegal")
        .set(COUNTRY_UNMAPPED.RECORDED_AT, OffsetDateTime.now(app.clock))
        .execute();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static HttpSession.Response postMany(
      HttpSession s, String path, List<Map.Entry<String, String>> fields) {
    String body =
        java.util.stream.Stream.concat(
                fields.stream(), java.util.stream.Stream.of(Map.entry("_csrf", s.csrfToken())))
            .map(
                f ->
                    URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return s.send(
        HttpRequest.newBuilder(URI.create(s.base() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        Map.of());
  }

  private static JsonObject contributions() {
    HttpSession.Response r = moderator.get("/api/discussions/orgs/analytics");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonObject("contributions");
  }

  @Test
  void membersChooseTheirCountryFromAListNamedInTheInterfaceLanguage() {
    String en = app.browser().get("/register").body();
    assertThat(en)
        .contains("<select id=\"country\" name=\"country\"")
        .contains("<option value=\"SN\">Senegal</option>");
    assertThat(app.browser().get("/register?lang=fr").body())
        .contains("<option value=\"SN\">Sénégal</option>");
    HttpSession member = app.browser();
    member.login("a@orgs.test", TestApp.PASSWORD);
    assertThat(member.get("/profile").body())
        .contains("<option value=\"SN\" selected>Senegal</option>");

    Map<String, String> form =
        Map.of(
            "displayName",
            "A",
            "organisation",
            "IOM",
            "city",
            "",
            "preferredLanguage",
            "en",
            "timeZone",
            "UTC",
            "country",
            "Atlantis");
    HttpSession.Response refused = member.post("/profile", form);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("Choose a country from the list.");
    Map<String, String> ok = new java.util.HashMap<>(form);
    ok.put("country", "GH");
    assertThat(member.post("/profile", ok).status()).isEqualTo(303);
    assertThat(country("a@orgs.test")).isEqualTo("GH");
    ok.put("country", "SN");
    member.post("/profile", ok);
    assertThat(country("a@orgs.test")).isEqualTo("SN");
    assertThat(app.browser().get("/members/" + memberId("a@orgs.test") + "?lang=fr").body())
        .contains("Sénégal");
  }

  private static String country(String email) {
    return app.app
        .db
        .dsl()
        .select(MEMBER.COUNTRY)
        .from(MEMBER)
        .where(MEMBER.EMAIL.eq(email))
        .fetchSingle()
        .value1();
  }

  private static long memberId(String email) {
    return app.app
        .db
        .dsl()
        .select(MEMBER.ID)
        .from(MEMBER)
        .where(MEMBER.EMAIL.eq(email))
        .fetchSingle()
        .value1();
  }

  @Test
  void analyticsCountByCountryCodeAndByRegion() {
    JsonObject c = contributions();
    assertThat(c.getJsonObject("byCountry").getMap())
        .isEqualTo(Map.of("SN", 1, "ML", 1, "IT", 1, "EC", 1));
    assertThat(c.getJsonObject("byRegion").getMap())
        .isEqualTo(Map.of("002", 2, "150", 1, "019", 1));
    var doc = org.jsoup.Jsoup.parse(moderator.get("/d/orgs/analytics").body());
    assertThat(doc.getElementById("table-region").select("tbody tr").eachText())
        .containsExactly("Afrique 2", "Amériques 1", "Europe 1");
  }

  @Test
  void theOrganisationFieldOffersTheNamesInUseWithoutScript() {
    var doc = org.jsoup.Jsoup.parse(app.browser().get("/register").body());
    assertThat(doc.select("input#organisation").attr("list")).isEqualTo("organisation-names");
    assertThat(doc.select("datalist#organisation-names option").eachAttr("value"))
        .contains("IOM", "OIM", "I.O.M. Rome", "UNHCR");
  }

  @Test
  void anAdminMergesNamesIntoOneOrganisationThatAnalyticsCountOnce() {
    assertThat(moderator.get("/admin/organisations").status()).isEqualTo(403);
    assertThat(app.browser().get("/admin/organisations").status()).isIn(302, 303, 401);
    String page = admin.get("/admin/organisations").body();
    assertThat(page).contains("IOM").contains("OIM").contains("I.O.M. Rome").contains("1 member");

    HttpSession.Response noNames =
        postMany(admin, "/admin/organisations/merge", List.of(Map.entry("name", "IOM")));
    assertThat(noNames.status()).isEqualTo(400);
    assertThat(noNames.body()).contains("Choose at least one name to merge.");

    HttpSession.Response merged =
        postMany(
            admin,
            "/admin/organisations/merge",
            List.of(
                Map.entry("name", "IOM"),
                Map.entry("names", "OIM"),
                Map.entry("names", "I.O.M. Rome")));
    assertThat(merged.status()).isEqualTo(303);
    assertThat(contributions().getJsonObject("byOrganisation").getMap())
        .isEqualTo(Map.of("IOM", 3, "UNHCR", 1));
    var doc = org.jsoup.Jsoup.parse(admin.get("/admin/organisations").body());
    assertThat(doc.select("table tbody tr").first().text())
        .contains("IOM")
        .contains("OIM")
        .contains("I.O.M. Rome");
    // members' own text is left as they typed it
    assertThat(app.browser().get("/members/" + memberId("b@orgs.test")).body()).contains("OIM");

    String action = doc.select("form[action$=/unmerge]").attr("action");
    assertThat(admin.post(action, Map.of()).status()).isEqualTo(303);
    assertThat(contributions().getJsonObject("byOrganisation").getMap())
        .isEqualTo(Map.of("IOM", 1, "OIM", 1, "I.O.M. Rome", 1, "UNHCR", 1));
  }

  private static List<org.indaba.db.schema.tables.records.AuditLogRecord> organisationAudit() {
    return app.app
        .db
        .dsl()
        .selectFrom(AUDIT_LOG)
        .where(AUDIT_LOG.TARGET_TYPE.eq("organisation"))
        .orderBy(AUDIT_LOG.ID)
        .fetch();
  }

  @Test
  void aMergeAndItsUndoEachWriteOneAuditRowSayingWhoMergedWhichNames() {
    int before = organisationAudit().size();
    HttpSession.Response merged =
        postMany(
            admin,
            "/admin/organisations/merge",
            List.of(
                Map.entry("name", "UNHCR"),
                Map.entry("names", "ACNUR"),
                Map.entry("names", "HCR Quito")));
    assertThat(merged.status()).isEqualTo(303);
    var afterMerge = organisationAudit();
    assertThat(afterMerge).hasSize(before + 1);
    var merge = afterMerge.getLast();
    long organisation =
        app.app
            .db
            .dsl()
            .select(ORGANISATION.ID)
            .from(ORGANISATION)
            .where(ORGANISATION.NAME.eq("UNHCR"))
            .fetchSingle()
            .value1();
    assertThat(merge.getAction()).isEqualTo("organisation_merge");
    assertThat(merge.getActorId()).isEqualTo(memberId("admin@orgs.test"));
    assertThat(merge.getTargetId()).isEqualTo(organisation);
    assertThat(merge.getDiscussionId()).isNull();
    assertThat(merge.getReason()).isEqualTo("UNHCR: ACNUR, HCR Quito");

    var doc = org.jsoup.Jsoup.parse(admin.get("/admin/organisations").body());
    String undo = "/admin/organisations/" + organisation + "/unmerge";
    assertThat(doc.select("form[action=" + undo + "]")).hasSize(1);
    assertThat(admin.post(undo, Map.of()).status()).isEqualTo(303);
    var afterUndo = organisationAudit();
    assertThat(afterUndo).hasSize(before + 2);
    var unmerge = afterUndo.getLast();
    assertThat(unmerge.getAction()).isEqualTo("organisation_unmerge");
    assertThat(unmerge.getActorId()).isEqualTo(memberId("admin@orgs.test"));
    assertThat(unmerge.getTargetId()).isEqualTo(organisation);
    assertThat(unmerge.getReason()).contains("UNHCR").contains("ACNUR").contains("HCR Quito");

    // undoing what is already undone is refused and records nothing
    assertThat(admin.post(undo, Map.of()).status()).isEqualTo(404);
    assertThat(organisationAudit()).hasSize(before + 2);
  }

  @Test
  void countriesTheMigrationCouldNotReadAreListedForAdminsWhoChooseThem() {
    assertThat(moderator.get("/admin/countries").status()).isEqualTo(403);
    String page = admin.get("/admin/countries").body();
    assertThat(page)
        .contains("Unmapped Person")
        .contains("Dakar, Senegal")
        .contains("1 member to check");
    assertThat(admin.post("/admin/countries/" + unmapped, Map.of("country", "Nowhere")).status())
        .isEqualTo(400);
    assertThat(admin.post("/admin/countries/" + unmapped, Map.of("country", "SN")).status())
        .isEqualTo(303);
    assertThat(country("u@orgs.test")).isEqualTo("SN");
    assertThat(admin.get("/admin/countries").body()).doesNotContain("Dakar, Senegal");
  }
}
