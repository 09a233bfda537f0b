package org.indaba.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 items 7 and 13: HSTS behind an https base URL, answers that depend on the viewer are
 * never cached, the CSRF cookie is renewed at sign-in, and metrics are for admins' tokens only.
 */
class TransportHeadersTest {
  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void strictTransportSecurityIsSentWhenTheBaseUrlIsHttpsAndOnlyThen() {
    assertThat(app.browser().get("/").header("strict-transport-security")).isNull();
    try (TestApp https =
        TestApp.start(
            TestDatabase.freshDatabaseUrl(),
            Map.of("INDABA_BASE_URL", "https://discuss.example.org"))) {
      assertThat(https.browser().get("/").header("strict-transport-security"))
          .contains("max-age=31536000");
      assertThat(https.browser().get("/api/discussions").header("strict-transport-security"))
          .contains("max-age=31536000");
    }
  }

  private static String token(HttpSession s) {
    Matcher m =
        Pattern.compile("<code class=\"token\">([^<]+)</code>")
            .matcher(s.post("/profile/tokens", Map.of("name", "t")).body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void everyAnswerForASignedInViewerIsPrivateAndNotStored() {
    HttpSession member = app.signedIn("cache@example.org", "member");
    for (String path : new String[] {"/", "/profile", "/search?q=wells", "/api/discussions"}) {
      assertThat(member.get(path).header("cache-control")).as(path).isEqualTo("private, no-store");
    }
    String t = token(member);
    var api = app.browser().get("/api/discussions", Map.of("Authorization", "Bearer " + t));
    assertThat(api.header("cache-control")).isEqualTo("private, no-store");
  }

  @Test
  void signingInRenewsTheCsrfCookie() {
    app.member("csrf-renew@example.org", "Renew", "member");
    HttpSession s = app.browser();
    String before = s.csrfToken();
    s.login("csrf-renew@example.org", TestApp.PASSWORD);
    String after = s.csrfToken();
    assertThat(after).isNotEqualTo(before);
    var stale =
        s.postRaw("/profile", Map.of("_csrf", before, "displayName", "Planted before sign-in"));
    assertThat(stale.status()).isEqualTo(403);
  }

  @Test
  void metricsAreServedOnlyToAdminsTokens() {
    assertThat(app.browser().get("/metrics").status()).isEqualTo(404);
    assertThat(app.browser().get("/api/metrics").status()).isEqualTo(401);
    String memberToken = token(app.signedIn("not-admin@example.org", "member"));
    assertThat(
            app.browser()
                .get("/api/metrics", Map.of("Authorization", "Bearer " + memberToken))
                .status())
        .isEqualTo(403);
    HttpSession admin = app.signedIn("metrics-admin@example.org", "admin");
    assertThat(admin.get("/api/metrics").status())
        .as("an admin's browser session is not a scraper's token")
        .isEqualTo(401);
    String adminToken = token(admin);
    var scrape = app.browser().get("/api/metrics", Map.of("Authorization", "Bearer " + adminToken));
    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.body()).contains("vertx_http_server");
  }
}
