package org.indaba.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.Chrome;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * axe-core, run in Chromium on the library's and the analytics' pages and on the printable
 * discussion, in English and in Arabic (right to left): no violation of serious or critical impact.
 * The forms and admin pages are checked in a browser signed in through the login form.
 */
class AccessibilityInBrowserTest {
  static TestApp app;
  static ChromeDriver browser;
  static String axe;
  static long resource;

  @BeforeAll
  static void start() throws IOException {
    try (InputStream in =
        AccessibilityInBrowserTest.class.getResourceAsStream(
            "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
      axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    app = TestApp.start();
    Fixtures fx = new Fixtures(app);
    long d = fx.discussion("axe", "Diaspora and local development", false);
    fx.theme(d, 1, "Who invests at home?", java.time.OffsetDateTime.now(app.clock).minusDays(2));
    app.app
        .db
        .dsl()
        .execute("update theme set published_at = publish_at where discussion_id = ?", d);
    long mod = fx.member("mod@axe.test", "Lucía Fernández", "Red", "ES", "es", "member");
    fx.moderator(d, mod);
    long fatou =
        fx.member("fatou@axe.test", "Fatou Ndiaye", "Ville de Thiès", "SN", "fr", "member");
    long amal = fx.member("amal@axe.test", "أمل", "المنظمة الدولية للهجرة", "MA", "ar", "member");
    fx.approved(d, 1, fatou, "Hometown associations pool savings for schools.");
    fx.approved(d, 1, amal, "تلتقي المجالس البلدية كل شهر");
    HttpSession moderator = app.browser();
    moderator.login("mod@axe.test", TestApp.PASSWORD);
    assertThat(moderator.post("/d/axe/analytics/public", Map.of("on", "1")).status())
        .isEqualTo(303);
    app.member("librarian@axe.test", "Librarian", "moderator");
    HttpSession librarian = app.browser();
    librarian.login("librarian@axe.test", TestApp.PASSWORD);
    Map<String, String> f = new HashMap<>();
    f.put("title", "Diaspora experts in public institutions");
    f.put("kind", "learning_brief");
    f.put("language", "en");
    f.put("summary", "How *diaspora* experts support public institutions.");
    f.put("publishedOn", "2021-10-14");
    f.put("countries", "SN");
    f.put("author1Name", "Régis Blanc");
    f.put("author1Organisation", "Helvetas");
    f.put("author1Bio", "Migration advisor since 2020.");
    f.put("links", "https://example.org/brief Project site");
    HttpSession.Response r = librarian.post("/resources/new", f);
    assertThat(r.status()).as(r.body()).isEqualTo(303);
    resource =
        Long.parseLong(r.location().substring("/resources/".length()).replaceAll("[?#].*", ""));
    // admins who read the interface in English and in Arabic (a member's choice wins over ?lang=)
    fx.member("admin-en@axe.test", "Admin", "Indaba", "SN", "en", "admin");
    fx.member("admin-ar@axe.test", "مدير", "إندابا", "MA", "ar", "admin");
    long unmapped = fx.member("unmapped@axe.test", "Kofi", "IOM Accra", "", "en", "member");
    app.app
        .db
        .dsl()
        .insertInto(org.indaba.db.schema.Tables.COUNTRY_UNMAPPED)
        .set(org.indaba.db.schema.Tables.COUNTRY_UNMAPPED.MEMBER_ID, unmapped)
        .set(org.indaba.db.schema.Tables.COUNTRY_UNMAPPED.ORIGINAL_TEXT, "Gold Coast")
        .set(
            org.indaba.db.schema.Tables.COUNTRY_UNMAPPED.RECORDED_AT,
            java.time.OffsetDateTime.now(app.clock))
        .execute();
    browser = Chrome.start();
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    app.close();
  }

  @BeforeEach
  void signedOut() {
    browser.get(app.baseUrl() + "/healthz");
    browser.manage().deleteAllCookies();
  }

  /** Signs the browser in through the login form, as the admin reading in {@code lang}. */
  private static void signInAsAdmin(String lang) {
    browser.get(app.baseUrl() + "/login");
    browser.findElement(By.id("email")).sendKeys("admin-" + lang + "@axe.test");
    browser.findElement(By.id("password")).sendKeys(TestApp.PASSWORD);
    browser.findElement(By.cssSelector("main form button[type=submit]")).click();
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    assertThat(browser.manage().getCookieNamed("indaba_session")).isNotNull();
  }

  /** The serious and critical violations axe finds on the page, one line each. */
  private static List<String> violations(String path, String expectedId) {
    browser.get(path.startsWith("data:") ? path : app.baseUrl() + path);
    // the page itself, not an error page, is what gets checked
    assertThat(browser.findElements(org.openqa.selenium.By.id(expectedId))).as(path).isNotEmpty();
    JavascriptExecutor js = browser;
    js.executeScript(axe);
    Object result =
        js.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify(r.violations)))"
                + ".catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical',"
                + " help: String(e), nodes: []}])));");
    JsonArray all = new JsonArray(String.valueOf(result));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      JsonObject v = all.getJsonObject(i);
      String impact = v.getString("impact");
      if ("serious".equals(impact) || "critical".equals(impact)) {
        List<String> targets = new ArrayList<>();
        JsonArray nodes = v.getJsonArray("nodes");
        for (int n = 0; n < nodes.size() && n < 5; n++) {
          targets.add(String.valueOf(nodes.getJsonObject(n).getValue("target")));
        }
        out.add(impact + " " + v.getString("id") + ": " + v.getString("help") + " at " + targets);
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ar"})
  void theResourceListHasNoSeriousAccessibilityViolation(String lang) {
    assertThat(violations("/resources?lang=" + lang, "main")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ar"})
  void theResourcePageHasNoSeriousAccessibilityViolation(String lang) {
    assertThat(violations("/resources/" + resource + "?lang=" + lang, "main")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ar"})
  void theAnalyticsPageHasNoSeriousAccessibilityViolation(String lang) {
    assertThat(violations("/d/axe/analytics?lang=" + lang, "table-week")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ar"})
  void thePrintableDiscussionHasNoSeriousAccessibilityViolation(String lang) {
    assertThat(violations("/d/axe/print?lang=" + lang, "week-1")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ar"})
  void theNewResourceFormHasNoSeriousAccessibilityViolation(String lang) {
    signInAsAdmin(lang);
    assertThat(violations("/resources/new", "res-title")).isEmpty();
    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(lang);
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ar"})
  void theResourceEditFormHasNoSeriousAccessibilityViolation(String lang) {
    signInAsAdmin(lang);
    assertThat(violations("/resources/" + resource + "/edit", "res-title")).isEmpty();
    assertThat(browser.findElement(By.id("res-title")).getAttribute("value"))
        .isEqualTo("Diaspora experts in public institutions");
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ar"})
  void theAdminCountriesPageHasNoSeriousAccessibilityViolation(String lang) {
    signInAsAdmin(lang);
    assertThat(violations("/admin/countries", "country-" + memberId("unmapped@axe.test")))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ar"})
  void theAdminOrganisationsPageHasNoSeriousAccessibilityViolation(String lang) {
    signInAsAdmin(lang);
    assertThat(violations("/admin/organisations", "org-name")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ar"})
  void theSiteWideAnalyticsPageHasNoSeriousAccessibilityViolation(String lang) {
    signInAsAdmin(lang);
    assertThat(violations("/admin/analytics", "disc-heading")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ar"})
  void theAnalyticsPageWithModeratorToolsHasNoSeriousAccessibilityViolation(String lang) {
    signInAsAdmin(lang);
    assertThat(violations("/d/axe/analytics", "table-week")).isEmpty();
    // the moderators' switch is on the page that was checked
    assertThat(browser.findElements(By.cssSelector("form[action='/d/axe/analytics/public']")))
        .isNotEmpty();
  }

  private static long memberId(String email) {
    return app.app
        .db
        .dsl()
        .select(org.indaba.db.schema.Tables.MEMBER.ID)
        .from(org.indaba.db.schema.Tables.MEMBER)
        .where(org.indaba.db.schema.Tables.MEMBER.EMAIL.eq(email))
        .fetchSingle()
        .value1();
  }

  @org.junit.jupiter.api.Test
  void theCheckReportsAnImageWithoutTextAndAFieldWithoutLabel() {
    List<String> found =
        violations(
            "data:text/html,<html lang=en><title>t</title><main id=bad><img src=x.png>"
                + "<input type=text></main></html>",
            "bad");
    assertThat(found).anyMatch(v -> v.contains("image-alt")).anyMatch(v -> v.contains("label"));
  }
}
