package org.indaba.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InterfaceLanguageTest {
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
  void arabicPagesAreMarkedRightToLeft() {
    var r = app.browser().get("/?lang=ar");
    assertThat(r.body())
        .contains("<html lang=\"ar\" dir=\"rtl\">")
        .contains("النقاشات الإلكترونية");
  }

  @Test
  void theAddressChoiceIsRememberedInACookie() {
    HttpSession browser = app.browser();
    browser.get("/?lang=es");
    assertThat(browser.get("/login").body())
        .contains("<html lang=\"es\" dir=\"ltr\">")
        .contains("Iniciar sesión");
  }

  @Test
  void acceptLanguageIsUsedWhenNothingElseIsKnown() {
    var r = app.browser().get("/", Map.of("Accept-Language", "fr-CA,fr;q=0.9,en;q=0.5"));
    assertThat(r.body()).contains("<html lang=\"fr\"");
  }

  @Test
  void anUnsupportedChoiceFallsBackCleanly() {
    var r = app.browser().get("/?lang=zz", Map.of("Accept-Language", "de"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("<html lang=\"en\"");
  }

  @Test
  void aMembersPreferenceWinsOverTheAddressAndIsChangedByTheSwitcher() {
    app.member("lang-pref@example.org", "Pref", "member");
    app.app.accounts.setPreferredLanguage(
        app.app.accounts.byEmail("lang-pref@example.org").orElseThrow().id(), "fr");
    HttpSession browser = app.browser();
    browser.login("lang-pref@example.org", org.indaba.testing.TestApp.PASSWORD);
    assertThat(browser.get("/?lang=es").body()).contains("<html lang=\"fr\"");
    var r = browser.post("/account/language", Map.of("lang", "ar", "returnTo", "/profile"));
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.location()).isEqualTo("/profile");
    assertThat(browser.get("/profile").body()).contains("<html lang=\"ar\" dir=\"rtl\">");
  }

  @Test
  void theSwitcherRefusesToSendPeopleToAnotherSite() {
    HttpSession browser = app.signedIn("lang-redirect@example.org", "member");
    var r = browser.post("/account/language", Map.of("lang", "fr", "returnTo", "//evil.example/"));
    assertThat(r.location()).isEqualTo("/");
  }
}
