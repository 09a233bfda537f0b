package org.indaba.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.indaba.mail.MailWorld;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.HttpSession;
import org.indaba.testing.RawHttp;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 items 8 to 11: bad input gets a clear 4xx page or problem, never a 500, a hang or lost
 * text; redirects go to this site only; reserved names cannot become discussions.
 */
class BadInputTest {
  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    Fixtures fx = new Fixtures(app);
    long d = fx.discussion("limits", "Limits", false);
    new MailWorld(app).theme(d, 1, true);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static int port() {
    return app.app.httpPort();
  }

  @Test
  void malformedPercentEncodingAnywhereInTheTargetIsAnswered400() {
    for (String target :
        List.of(
            "/?q=%",
            "/?x=%G1",
            "/login?next=%",
            "/healthz?x=%G1",
            "/search?q=%E2%82",
            "/d/%G1",
            "/api/search?q=%")) {
      var r = RawHttp.get(port(), target, Map.of());
      assertThat(r.status()).as(target).isEqualTo(400);
      assertThat(r.body()).as(target).doesNotContain("Exception").doesNotContain("at io.vertx");
    }
    var api = RawHttp.get(port(), "/api/search?q=%", Map.of());
    assertThat(api.header("content-type")).startsWith("application/problem+json");
  }

  @Test
  void aNulByteInAPathOrAFieldIsAnswered400() {
    assertThat(RawHttp.get(port(), "/d/limits%00", Map.of()).status()).isEqualTo(400);
    assertThat(RawHttp.get(port(), "/search?q=a%00b", Map.of()).status()).isEqualTo(400);
    HttpSession s = app.signedIn("nul@example.org", "member");
    var r = s.post("/profile", Map.of("displayName", "Nul\u0000Name"));
    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  void crOrLfInARedirectTargetIsAnswered400() {
    HttpSession s = app.browser();
    assertThat(s.get("/login?next=/profile%0d%0aSet-Cookie:%20x=1").status()).isEqualTo(400);
    assertThat(
            s.post("/account/language", Map.of("lang", "fr", "returnTo", "/\r\nLocation: //evil"))
                .status())
        .isEqualTo(400);
  }

  @Test
  void aRequestLineTooLongIsAnswered414WithAProblemBody() {
    var r = RawHttp.get(port(), "/search?q=" + "a".repeat(10_000), Map.of());
    assertThat(r.status()).isEqualTo(414);
    assertThat(r.header("content-type")).startsWith("application/problem+json");
    assertThat(r.body()).contains("\"status\":414");
  }

  @Test
  void aSearchWithNoSearchableTermSaysSoAndListsNothing() {
    HttpSession s = app.browser();
    for (String q : List.of("%21%3F%2E%2C", "%F0%9F%98%80", "-remittances", "%22%22")) {
      var page = s.get("/search?q=" + q);
      assertThat(page.status()).as(q).isEqualTo(400);
      assertThat(page.body()).as(q).contains("has no word that can be searched for");
      assertThat(page.body()).as(q).doesNotContain("class=\"hit");
      var api = s.get("/api/search?q=" + q);
      assertThat(api.status()).as(q).isEqualTo(400);
      assertThat(api.body()).as(q).doesNotContain("\"hits\"");
    }
  }

  @Test
  void aContributionOfOneHundredThousandCharactersIsAcceptedAndALongerOneComesBackWithItsText() {
    HttpSession s = app.signedIn("long@example.org", "member");
    String longest = ("Remittances build wells. ").repeat(4000);
    assertThat(longest).hasSize(100_000);
    var ok = s.post("/d/limits/contributions", Map.of("week", "1", "body", longest));
    assertThat(ok.status()).isEqualTo(303);
    String tooLong = longest + "One sentence more.";
    var refused = s.post("/d/limits/contributions", Map.of("week", "1", "body", tooLong));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("at most 100,000 characters");
    assertThat(refused.body()).contains("One sentence more.");
  }

  @Test
  void aConsolidatedReplyOfTwoHundredThousandCharactersCanBeSaved() {
    HttpSession admin = app.signedIn("replies@example.org", "admin");
    String text = ("Contributors agreed that wells matter. ").repeat(5200).substring(0, 200_000);
    var ok = admin.post("/d/limits/reply/en/edit", Map.of("title", "Synthesis", "body", text));
    assertThat(ok.status()).isEqualTo(303);
    var refused =
        admin.post("/d/limits/reply/en/edit", Map.of("title", "Synthesis", "body", text + "!"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("at most 200,000 characters").contains("wells matter");
  }

  @Test
  void redirectsFollowOnlyAPathOfThisSite() {
    HttpSession s = app.browser();
    app.member("redirect@example.org", "Redirect", "member");
    String token = s.csrfToken();
    for (String evil :
        List.of(
            "/\t/evil.example",
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "/%09/evil.example",
            "/%2f/evil.example",
            "/%5cevil.example",
            " //evil.example",
            "\u200b//evil.example")) {
      var r =
          s.postRaw("/account/language", Map.of("_csrf", token, "lang", "fr", "returnTo", evil));
      assertThat(r.location()).as(evil).isEqualTo("/");
    }
    var good =
        s.postRaw(
            "/account/language",
            Map.of("_csrf", token, "lang", "fr", "returnTo", "/d/limits?week=1"));
    assertThat(good.location()).isEqualTo("/d/limits?week=1");
  }

  @Test
  void reservedNamesCannotBecomeDiscussionSlugs() {
    HttpSession mod = app.signedIn("creator@example.org", "moderator");
    for (String slug :
        List.of("postmaster", "reply", "bounce", "noreply", "admin", "api", "static", "help")) {
      var r =
          mod.post(
              "/d/new",
              Map.of(
                  "slug",
                  slug,
                  "title",
                  "A discussion named " + slug,
                  "startsOn",
                  "2026-04-06",
                  "timeZone",
                  "UTC",
                  "weeks",
                  "2"));
      assertThat(r.status()).as(slug).isEqualTo(400);
      assertThat(r.body()).as(slug).contains("This address is reserved");
    }
  }
}
