package org.indaba.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccountFlowTest {
  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String linkPath(String text, String prefix) {
    Matcher m =
        Pattern.compile("http://[^/\\s]+(" + Pattern.quote(prefix) + "[A-Za-z0-9_-]+)")
            .matcher(text);
    assertThat(m.find()).as("link %s in %s", prefix, text).isTrue();
    return m.group(1);
  }

  @Test
  void aVisitorRegistersVerifiesTheAddressLogsInAndSeesTheProfile() {
    HttpSession browser = app.browser();
    var r =
        browser.post(
            "/register",
            Map.of(
                "email",
                "Nadia@Example.org",
                "password",
                "a long enough password",
                "displayName",
                "Nadia Karim",
                "organisation",
                "Cités Unies",
                "city",
                "Tunis",
                "country",
                "Tunisia",
                "preferredLanguage",
                "fr",
                "timeZone",
                "Africa/Tunis"));
    // the next page speaks the language chosen on the form, not the browser's
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.location()).isEqualTo("/register/sent?lang=fr");
    assertThat(browser.get(r.location()).body()).contains("Consultez votre boîte aux lettres");

    var mails = app.outboxTo("nadia@example.org");
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).getKind()).isEqualTo("verify");
    String verify = linkPath(mails.get(0).getTextBody(), "/verify/");
    assertThat(mails.get(0).getTextBody()).contains(verify + "?lang=fr");

    // opened on another device, whose browser asks for English: still in French
    HttpSession phone = app.browser();
    assertThat(phone.get(verify + "?lang=fr", Map.of("Accept-Language", "en")).body())
        .contains("Confirmer mon adresse");
    // confirming signs the member in
    HttpSession.Response confirmed = phone.post(verify, Map.of());
    assertThat(confirmed.status()).isEqualTo(303);
    assertThat(phone.get(confirmed.location()).body()).contains("votre adresse est confirmée");
    var profile = phone.get("/profile");
    assertThat(profile.status()).isEqualTo(200);
    assertThat(profile.body())
        .contains("Nadia Karim")
        .contains("Cités Unies")
        .doesNotContain("pas encore confirmée");
    assertThat(phone.post(verify, Map.of()).body()).contains("Ce lien n&#x27;est plus valable");

    browser.login("nadia@example.org", "a long enough password");
    assertThat(browser.get("/profile").status()).isEqualTo(200);

    assertThat(browser.post("/logout", Map.of()).status()).isEqualTo(303);
    assertThat(browser.get("/profile").status()).isEqualTo(303);
  }

  @Test
  void loginRotatesTheSessionIdAndTheOldIdStopsWorking() {
    app.member("rotate@example.org", "Rotate", "member");
    HttpSession browser = app.browser();
    browser.login("rotate@example.org", TestApp.PASSWORD);
    String first = sessionCookie(browser);
    browser.login("rotate@example.org", TestApp.PASSWORD);
    String second = sessionCookie(browser);
    assertThat(second).isNotEqualTo(first);
    assertThat(app.app.sessions.fromSession(first)).isEmpty();
    assertThat(app.app.sessions.fromSession(second)).isPresent();
  }

  private static String sessionCookie(HttpSession s) {
    return s.cookies().getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("indaba_session"))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  @Test
  void registeringAnAddressThatExistsLooksTheSameAndMailsTheOwner() {
    app.member("taken@example.org", "Taken", "member");
    var r =
        app.browser()
            .post(
                "/register",
                Map.of(
                    "email",
                    "taken@example.org",
                    "password",
                    "another password 1",
                    "displayName",
                    "Impostor",
                    "preferredLanguage",
                    "en"));
    // the same answer as for a new address
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.location()).isEqualTo("/register/sent?lang=en");
    assertThat(app.outboxTo("taken@example.org"))
        .extracting(m -> m.getKind())
        .containsExactly("already-registered");
  }

  @Test
  void loginFailureIsTheSameForUnknownAndKnownAddresses() {
    app.member("known@example.org", "Known", "member");
    var unknown =
        app.browser()
            .post("/login", Map.of("email", "nobody@example.org", "password", "whatever 123"));
    var wrong =
        app.browser()
            .post("/login", Map.of("email", "known@example.org", "password", "whatever 123"));
    assertThat(unknown.status()).isEqualTo(wrong.status()).isEqualTo(400);
    assertThat(unknown.body()).contains("The email address or password is not correct.");
    assertThat(wrong.body()).contains("The email address or password is not correct.");
  }

  @Test
  void passwordResetSetsANewPasswordAndEndsOldSessions() {
    app.member("reset@example.org", "Reset", "member");
    HttpSession old = app.browser();
    old.login("reset@example.org", TestApp.PASSWORD);

    HttpSession browser = app.browser();
    assertThat(browser.post("/reset", Map.of("email", "reset@example.org")).body())
        .contains("Check your mailbox");
    assertThat(browser.post("/reset", Map.of("email", "ghost@example.org")).body())
        .contains("Check your mailbox");
    var mails = app.outboxTo("reset@example.org");
    assertThat(mails).extracting(m -> m.getKind()).containsExactly("reset");
    assertThat(app.outboxTo("ghost@example.org")).isEmpty();

    String link = linkPath(mails.get(0).getTextBody(), "/reset/");
    assertThat(browser.post(link, Map.of("password", "short")).status()).isEqualTo(400);
    assertThat(browser.post(link, Map.of("password", "my brand new password")).body())
        .contains("has been changed");
    assertThat(old.get("/profile").status()).isEqualTo(303);
    browser.login("reset@example.org", "my brand new password");
    assertThat(browser.get("/profile").status()).isEqualTo(200);
  }

  @Test
  void registrationWithBadFieldsShowsTheFormAgainWithErrors() {
    var r =
        app.browser()
            .post(
                "/register",
                Map.of("email", "not-an-address", "password", "short", "displayName", ""));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body())
        .contains("Please enter a valid email address.")
        .contains("between 10 and 200 characters")
        .contains("aria-invalid=\"true\"");
  }
}
