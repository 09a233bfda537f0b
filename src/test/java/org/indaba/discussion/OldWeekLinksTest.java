package org.indaba.discussion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Week links from before {@code ?lang=} meant the interface language everywhere ({@code
 * ?week=N&lang=xx} filtered the week by written language) move permanently to {@code
 * ?week=N&written=xx}; language links, which put {@code lang} first, keep choosing the interface.
 */
class OldWeekLinksTest {
  static TestApp app;

  @BeforeAll
  static void aWeekWrittenInTwoLanguages() {
    app = TestApp.start();
    Fixtures fx = new Fixtures(app);
    long d = fx.discussion("old-links", "Remittances and hometowns", false);
    fx.theme(d, 1, "Who sends money home?", OffsetDateTime.now(app.clock).minusDays(1));
    app.app
        .db
        .dsl()
        .execute("update theme set published_at = publish_at where discussion_id = ?", d);
    long fr = fx.member("awa@old-links.test", "Awa", "", "SN", "fr", "member");
    long es = fx.member("ines@old-links.test", "Inés", "", "EC", "es", "member");
    long c1 =
        fx.approved(d, 1, fr, "Les transferts financent les écoles du village depuis dix ans.");
    long c2 =
        fx.approved(d, 1, es, "Las remesas financian las escuelas del pueblo desde hace años.");
    app.app.db.dsl().execute("update contribution set language = 'fr' where id = ?", c1);
    app.app.db.dsl().execute("update contribution set language = 'es' where id = ?", c2);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void anOldWeekFilterLinkMovesPermanentlyToTheWrittenFilter() {
    HttpSession reader = app.browser();
    HttpSession.Response old = reader.get("/d/old-links?week=1&lang=fr");
    assertThat(old.status()).isEqualTo(301);
    assertThat(old.location()).isEqualTo("/d/old-links?week=1&written=fr");
    // the old filter does not switch the reader's interface to French on the way
    assertThat(old.header("set-cookie")).isNull();

    HttpSession.Response moved =
        reader.get(old.location(), java.util.Map.of("Accept-Language", "en"));
    assertThat(moved.status()).isEqualTo(200);
    assertThat(moved.body())
        .contains("<html lang=\"en\"")
        .contains("Les transferts financent")
        .doesNotContain("Las remesas financian");
  }

  @Test
  void theRedirectKeepsEveryOtherParameterInPlace() {
    HttpSession.Response old = app.browser().get("/d/old-links?week=1&lang=es&order=newest&page=1");
    assertThat(old.status()).isEqualTo(301);
    assertThat(old.location()).isEqualTo("/d/old-links?week=1&written=es&order=newest&page=1");
  }

  @Test
  void aLanguageLinkOnAWeekPageChoosesTheInterfaceAndIsNotRedirected() {
    String week = app.browser().get("/d/old-links?week=1").body();
    String french =
        Jsoup.parse(week).select(".languages a[lang=fr]").attr("href").replace("&amp;", "&");
    assertThat(french).isEqualTo("/d/old-links?lang=fr&week=1");
    HttpSession.Response page = app.browser().get(french);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("<html lang=\"fr\"")
        .contains("Les transferts financent")
        .contains("Las remesas financian");
  }

  @Test
  void aWeekAlreadyFilteredWithWrittenKeepsLangAsTheInterfaceLanguage() {
    HttpSession.Response page = app.browser().get("/d/old-links?week=1&written=es&lang=fr");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("<html lang=\"fr\"")
        .contains("Las remesas financian")
        .doesNotContain("Les transferts financent");
  }

  @Test
  void langWithoutAWeekIsTheInterfaceLanguageAsEverywhere() {
    HttpSession.Response page = app.browser().get("/d/old-links?lang=ar");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<html lang=\"ar\" dir=\"rtl\">");
  }

  @Test
  void onlyQueriesThatStartWithTheWeekAndCarryLangAreOldLinks() {
    assertThat(OldWeekLinks.target("/d/x", "week=2&lang=pt")).contains("/d/x?week=2&written=pt");
    assertThat(OldWeekLinks.target("/d/x", "lang=pt&week=2")).isEmpty();
    assertThat(OldWeekLinks.target("/d/x", "week=2")).isEmpty();
    assertThat(OldWeekLinks.target("/d/x", "week=2&written=fr&lang=ar")).isEmpty();
    assertThat(OldWeekLinks.target("/d/x", "week=two&lang=fr")).isEmpty();
    assertThat(OldWeekLinks.target("/d/x", null)).isEmpty();
    assertThat(OldWeekLinks.target("/d/x", "week=3&original=1&lang=fr"))
        .contains("/d/x?week=3&original=1&written=fr");
  }
}
