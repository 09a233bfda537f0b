package org.indaba.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 2: a new password ends every session and API token, tokens expire (a year unless
 * chosen otherwise) and show when they were last used, and a newer reset link retires older ones.
 */
class TokenLifetimeTest {
  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String token(HttpSession s, Map<String, String> form) {
    var page = s.post("/profile/tokens", form);
    Matcher m = Pattern.compile("<code class=\"token\">([^<]+)</code>").matcher(page.body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static int api(String token) {
    return app.browser()
        .get("/api/search?q=anything", Map.of("Authorization", "Bearer " + token))
        .status();
  }

  private static int apiAsMember(String token) {
    // a member-only answer: the token alone decides
    return app.browser()
        .postJson(
            "/api/discussions/no-such-discussion/contributions",
            "{\"body\":\"x\"}",
            Map.of("Authorization", "Bearer " + token))
        .status();
  }

  private static String resetLink(String email) {
    var mails = app.outboxTo(email);
    String text = mails.getLast().getTextBody();
    Matcher m = Pattern.compile("http://[^/\\s]+(/reset/[A-Za-z0-9_-]+)").matcher(text);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void aPasswordResetEndsEverySessionAndEveryApiTokenAndTheMailAndPageSaySo() {
    HttpSession old = app.signedIn("reset-all@example.org", "member");
    String t = token(old, Map.of("name", "laptop"));
    assertThat(apiAsMember(t)).as("the token works before").isEqualTo(404);

    HttpSession browser = app.browser();
    browser.post("/reset", Map.of("email", "reset-all@example.org"));
    String mail = app.outboxTo("reset-all@example.org").getLast().getTextBody();
    assertThat(mail).contains("signs you out everywhere and revokes all your API tokens");
    String link = resetLink("reset-all@example.org");
    assertThat(browser.get(link).body())
        .contains("signs you out everywhere and revokes all your API tokens");
    assertThat(browser.post(link, Map.of("password", "a whole new password")).body())
        .contains("has been changed");

    assertThat(old.get("/profile").status()).as("the old session ended").isEqualTo(303);
    assertThat(apiAsMember(t)).as("the token ended").isEqualTo(401);
  }

  @Test
  void aPasswordChangeEndsEveryOtherSessionAndEveryApiToken() {
    HttpSession here = app.signedIn("change@example.org", "member");
    HttpSession elsewhere = app.browser();
    elsewhere.login("change@example.org", TestApp.PASSWORD);
    String t = token(here, Map.of("name", "script"));

    var wrong =
        here.post(
            "/profile/password",
            Map.of("currentPassword", "not it at all", "password", "another good password"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.body()).contains("The current password is not right.");
    assertThat(apiAsMember(t)).isEqualTo(404);

    var ok =
        here.post(
            "/profile/password",
            Map.of("currentPassword", TestApp.PASSWORD, "password", "another good password"));
    assertThat(ok.status()).isEqualTo(303);
    assertThat(here.get("/profile").status()).as("this browser stays signed in").isEqualTo(200);
    assertThat(elsewhere.get("/profile").status()).as("the other session ended").isEqualTo(303);
    assertThat(apiAsMember(t)).as("the token ended").isEqualTo(401);
  }

  @Test
  void aTokenExpiresAfterAYearUnlessAnotherLifetimeWasChosen() {
    HttpSession s = app.signedIn("expiry@example.org", "member");
    String year = token(s, Map.of("name", "default"));
    String month = token(s, Map.of("name", "short", "days", "30"));
    String never = token(s, Map.of("name", "forever", "days", "0"));
    app.clock.advance(Duration.ofDays(31));
    assertThat(apiAsMember(month)).isEqualTo(401);
    assertThat(apiAsMember(year)).isEqualTo(404);
    app.clock.advance(Duration.ofDays(335));
    assertThat(apiAsMember(year)).isEqualTo(401);
    assertThat(apiAsMember(never)).isEqualTo(404);
  }

  @Test
  void theProfileShowsWhenEachTokenWasLastUsedAndWhenItExpires() {
    HttpSession s = app.signedIn("last-used@example.org", "member");
    String t = token(s, Map.of("name", "reporting"));
    assertThat(s.get("/profile").body()).contains("never used").contains("expires");
    apiAsMember(t);
    String page = s.get("/profile").body();
    assertThat(page).contains("last used").doesNotContain("never used");
    assertThat(api(t)).isEqualTo(200);
  }

  @Test
  void usingANewerResetLinkRetiresTheOlderOnes() {
    app.member("two-links@example.org", "Two", "member");
    HttpSession browser = app.browser();
    browser.post("/reset", Map.of("email", "two-links@example.org"));
    String first = resetLink("two-links@example.org");
    browser.post("/reset", Map.of("email", "two-links@example.org"));
    String second = resetLink("two-links@example.org");
    assertThat(second).isNotEqualTo(first);
    assertThat(browser.post(second, Map.of("password", "the newest password")).body())
        .contains("has been changed");
    var old = browser.post(first, Map.of("password", "an older choice here"));
    assertThat(old.body()).contains("This link is not valid any more");
    browser.login("two-links@example.org", "the newest password");
  }
}
