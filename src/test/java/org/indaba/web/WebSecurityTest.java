package org.indaba.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebSecurityTest {
  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    app.app.web.get(
        "/boom",
        req -> {
          throw new IllegalStateException("secret internal detail");
        });
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aFormPostedWithoutTheCsrfTokenIsRefused() {
    app.member("csrf@example.org", "Csrf", "member");
    HttpSession browser = app.browser();
    browser.get("/login");
    var r =
        browser.postRaw(
            "/login", Map.of("email", "csrf@example.org", "password", TestApp.PASSWORD));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).contains("This form has expired or did not come from this site");
    assertThat(String.valueOf(r.header("set-cookie"))).doesNotContain("indaba_session");
  }

  @Test
  void aCsrfTokenFromAnotherBrowserIsRefused() {
    String othersToken = app.browser().csrfToken();
    HttpSession victim = app.signedIn("victim@example.org", "member");
    var r = victim.postRaw("/profile", Map.of("_csrf", othersToken, "displayName", "Hacked"));
    assertThat(r.status()).isEqualTo(403);
    assertThat(victim.get("/profile").body()).doesNotContain("Hacked");
  }

  @Test
  void pagesCarryTheSecurityHeaders() {
    var r = app.browser().get("/");
    assertThat(r.header("content-security-policy"))
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(r.header("x-content-type-options")).isEqualTo("nosniff");
    assertThat(r.body()).doesNotContain("<script");
  }

  @Test
  void signingOutIsNotPossibleWithAGet() {
    HttpSession browser = app.signedIn("get-logout@example.org", "member");
    assertThat(browser.get("/logout").status()).isEqualTo(404);
    assertThat(browser.get("/profile").status()).isEqualTo(200);
  }

  @Test
  void anUnknownAddressGetsTheNotFoundPage() {
    var r = app.browser().get("/no/such/page");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).contains("Page not found").contains("<html lang=\"en\"");
  }

  @Test
  void aCrashShowsTheErrorPageWithoutInternalDetails() {
    var r = app.browser().get("/boom");
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.body())
        .contains("Something went wrong")
        .doesNotContain("secret internal detail")
        .doesNotContain("IllegalStateException")
        .doesNotContain("at org.");
  }

  @Test
  void anApiErrorIsAJsonProblem() {
    var r = app.browser().get("/api/nothing-here");
    assertThat(r.status()).isEqualTo(404);
    var api = app.browser().postJson("/api/anything", "{}", Map.of());
    assertThat(api.status()).isIn(403, 404);
  }

  @Test
  void aBadRequestShowsTheBadRequestPage() {
    HttpSession browser = app.signedIn("badlang@example.org", "member");
    var r = browser.post("/account/language", Map.of("lang", "xx"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("The request could not be understood");
  }

  @Test
  void errorPagesAreTranslated() {
    var r = app.browser().get("/no/such/page", Map.of("Accept-Language", "es-ES,es;q=0.9"));
    assertThat(r.body()).contains("Página no encontrada").contains("lang=\"es\"");
  }
}
