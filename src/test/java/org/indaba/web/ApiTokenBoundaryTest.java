package org.indaba.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.API_TOKEN;
import static org.indaba.db.schema.Tables.MEMBER;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.testing.HttpSession;
import org.indaba.testing.RawHttp;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 10 item 1: an API token is a key to the API, and to nothing else. */
class ApiTokenBoundaryTest {
  static TestApp app;
  static HttpSession admin;
  static String adminToken;
  static long victim;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    admin = app.signedIn("boss@example.org", "admin");
    adminToken = createToken(admin, "scraper");
    victim = app.member("plain@example.org", "Plain", "member");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static String createToken(HttpSession s, String name) {
    var page = s.post("/profile/tokens", Map.of("name", name));
    Matcher m = Pattern.compile("<code class=\"token\">([^<]+)</code>").matcher(page.body());
    assertThat(m.find()).as("the new token is shown once").isTrue();
    return m.group(1);
  }

  private static int port() {
    return app.app.httpPort();
  }

  private static String role(long id) {
    return app.app
        .db
        .dsl()
        .select(MEMBER.ROLE)
        .from(MEMBER)
        .where(MEMBER.ID.eq(id))
        .fetchSingle()
        .value1();
  }

  @Test
  void aBearerTokenSmuggledThroughADotSegmentIsAnswered400AndChangesNoRole() {
    for (String target :
        List.of(
            "/api/../admin/members/" + victim + "/role",
            "/api/%2e%2e/admin/members/" + victim + "/role",
            "/api/%2E%2E/admin/members/" + victim + "/role",
            "/api/.%2e/admin/members/" + victim + "/role")) {
      var r =
          RawHttp.send(
              port(),
              "POST",
              target,
              Map.of("Authorization", "Bearer " + adminToken),
              "role=admin");
      assertThat(r.status()).as(target).isEqualTo(400);
    }
    assertThat(role(victim)).isEqualTo("member");
  }

  @Test
  void aBearerTokenIsNotASignInOnPagesSoAPostWithoutCsrfIsRefused() {
    var r =
        RawHttp.send(
            port(),
            "POST",
            "/admin/members/" + victim + "/role",
            Map.of("Authorization", "Bearer " + adminToken),
            "role=admin");
    assertThat(r.status()).isEqualTo(403);
    assertThat(role(victim)).isEqualTo("member");
    var page = RawHttp.get(port(), "/admin", Map.of("Authorization", "Bearer " + adminToken));
    assertThat(page.status()).as("a page does not read bearer tokens").isEqualTo(303);
    assertThat(page.header("location")).startsWith("/login");
  }

  @Test
  void targetsWithDotSegmentsEmptySegmentsOrBackslashesAreRefusedBeforeRouting() {
    for (String target :
        List.of(
            "/d/../admin",
            "/static/../../etc/passwd",
            "/%2e%2e/admin",
            "/./admin",
            "/%2e/admin",
            "//admin",
            "/d//x",
            "/api//discussions",
            "/d/x\\..\\admin",
            "/d/x%5c..%5cadmin",
            "/d/x%2f..%2fadmin")) {
      var r = RawHttp.get(port(), target, Map.of());
      assertThat(r.status()).as(target).isEqualTo(400);
    }
    assertThat(RawHttp.get(port(), "/api/discussions", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void aTokenNeverCreatesTokensNorChangesRoles() {
    int before = app.app.db.dsl().fetchCount(API_TOKEN);
    var viaToken =
        RawHttp.send(
            port(),
            "POST",
            "/profile/tokens",
            Map.of("Authorization", "Bearer " + adminToken),
            "name=more");
    assertThat(viaToken.status()).isNotEqualTo(200);
    assertThat(app.app.db.dsl().fetchCount(API_TOKEN)).isEqualTo(before);
    // and no API route hands out tokens or roles
    assertThat(app.app.web.routes())
        .filteredOn(r -> r.path().startsWith("/api/") && r.changesState())
        .extracting(WebServer.RouteInfo::path)
        .noneMatch(p -> p.contains("token") || p.contains("role") || p.contains("member"));
  }

  @Test
  void theSameTokenStillWorksOnTheApi() {
    var r = RawHttp.get(port(), "/api/metrics", Map.of("Authorization", "Bearer " + adminToken));
    assertThat(r.status()).isEqualTo(200);
  }
}
