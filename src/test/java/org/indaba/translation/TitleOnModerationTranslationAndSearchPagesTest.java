package org.indaba.translation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A discussion written in English whose title is translated into French and Arabic: its moderators
 * and readers see that title, marked with its language, on the moderation dashboard and queue, the
 * moderation log, the translation pages and in search results and facets; readers of a language
 * without a translation see the title as written, marked as English.
 */
class TitleOnModerationTranslationAndSearchPagesTest {
  static final String ORIGINAL = "Diaspora and local development";
  static final String FRENCH = "Diaspora et développement local";
  static final String ARABIC = "الشتات والتنمية المحلية";

  static TestApp app;
  static HttpSession french;
  static HttpSession arabic;
  static HttpSession spanish;
  static long themeId;
  static long pendingId;
  static long approvedId;

  @BeforeAll
  static void aTranslatedDiscussionWithWorkWaiting() {
    app = TestApp.start();
    Fixtures fx = new Fixtures(app);
    long d = fx.discussion("titled", ORIGINAL, true);
    themeId = fx.theme(d, 1, "Who invests at home?", OffsetDateTime.now(app.clock).minusDays(1));
    app.app
        .db
        .dsl()
        .execute("update theme set published_at = publish_at where discussion_id = ?", d);
    long awa = fx.member("awa@titled.test", "Awa", "", "SN", "fr", "member");
    long amal = fx.member("amal@titled.test", "Amal", "", "MA", "ar", "member");
    long ines = fx.member("ines@titled.test", "Inés", "", "EC", "es", "member");
    for (long m : new long[] {awa, amal, ines}) {
      fx.moderator(d, m);
    }
    long author = fx.member("author@titled.test", "Author", "", "SN", "en", "member");
    pendingId = fx.pending(d, author, "Hometown associations pool savings for schools.");
    long approved = fx.approved(d, 1, author, "Remittances pay for the village clinic.");
    approvedId = approved;
    fx.flag(approved, ines, "Off topic?");
    app.app.db.dsl().transaction(c -> app.app.changes.contributionPosted(c.dsl(), d, approved));
    app.app.background.runNow("search-indexer");

    HttpSession admin = app.signedIn("admin@titled.test", "admin");
    for (var t :
        Map.of(
                "fr", new String[] {FRENCH, "Bienvenue."},
                "ar", new String[] {ARABIC, "مرحبا."})
            .entrySet()) {
      HttpSession.Response saved =
          admin.post(
              "/translations/discussion/" + d + "/" + t.getKey(),
              Map.of("title", t.getValue()[0], "body", t.getValue()[1], "summary", ""));
      assertThat(saved.status()).as(saved.body()).isEqualTo(303);
    }
    french = app.browser();
    french.login("awa@titled.test", TestApp.PASSWORD);
    arabic = app.browser();
    arabic.login("amal@titled.test", TestApp.PASSWORD);
    spanish = app.browser();
    spanish.login("ines@titled.test", TestApp.PASSWORD);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static Document page(HttpSession s, String path) {
    HttpSession.Response r = s.get(path);
    assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
    return Jsoup.parse(r.body());
  }

  /** The links to the discussion's queue, as shown. */
  private static java.util.List<Element> queueLinks(Document doc) {
    return doc.select("main a[href=/moderation/titled]");
  }

  @Test
  void theDashboardNamesTheDiscussionInTheModeratorsLanguage() {
    Document fr = page(french, "/moderation");
    assertThat(queueLinks(fr))
        .as("pending item, flag and week table")
        .hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(
            a -> {
              assertThat(a.text()).isEqualTo(FRENCH);
              assertThat(a.attr("lang")).isEqualTo("fr");
              assertThat(a.attr("dir")).isEqualTo("ltr");
            });
    assertThat(fr.select("main").text()).doesNotContain(ORIGINAL);

    Document ar = page(arabic, "/moderation");
    assertThat(queueLinks(ar))
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.text()).isEqualTo(ARABIC);
              assertThat(a.attr("lang")).isEqualTo("ar");
              assertThat(a.attr("dir")).isEqualTo("rtl");
            });

    // no Spanish title: the title as written, marked as English inside a Spanish page
    Document es = page(spanish, "/moderation");
    assertThat(queueLinks(es))
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.text()).isEqualTo(ORIGINAL);
              assertThat(a.attr("lang")).isEqualTo("en");
            });
  }

  @Test
  void theQueueAndTheLogHeadTheirPageWithTheTranslatedTitleMarkedInTheSentence() {
    Document fr = page(french, "/moderation/titled");
    Element span = fr.selectFirst("h1 span[lang]");
    assertThat(span).isNotNull();
    assertThat(span.text()).isEqualTo(FRENCH);
    assertThat(span.attr("lang")).isEqualTo("fr");
    assertThat(fr.title()).contains(FRENCH);

    Document ar = page(arabic, "/moderation/titled/audit");
    Element arSpan = ar.selectFirst("h1 span[lang]");
    assertThat(arSpan).isNotNull();
    assertThat(arSpan.text()).isEqualTo(ARABIC);
    assertThat(arSpan.attr("dir")).isEqualTo("rtl");

    Document es = page(spanish, "/moderation/titled");
    assertThat(es.selectFirst("h1").text()).contains(ORIGINAL);
    assertThat(es.selectFirst("h1 span[lang]").attr("lang")).isEqualTo("en");
  }

  @Test
  void theEditAndFlagFormsNameTheDiscussionInTheReadersLanguage() {
    Element edit =
        page(french, "/moderation/contributions/" + pendingId + "/edit")
            .selectFirst("main p.hint a[href=/moderation/titled]");
    assertThat(edit).isNotNull();
    assertThat(edit.text()).isEqualTo(FRENCH);
    assertThat(edit.attr("lang")).isEqualTo("fr");

    Element flag =
        page(arabic, "/c/" + approvedId + "/flag").selectFirst("main p.hint a[href=/d/titled]");
    assertThat(flag).isNotNull();
    assertThat(flag.text()).isEqualTo(ARABIC);
    assertThat(flag.attr("dir")).isEqualTo("rtl");
  }

  @Test
  void translationPagesLinkBackUnderTheTranslatedTitleWhileTheOriginalStaysAsWritten() {
    for (String path :
        new String[] {
          "/translations/theme/" + themeId,
          "/translations/theme/" + themeId + "/ar",
          "/translations/theme/" + themeId + "/ar/edit"
        }) {
      Document fr = page(french, path);
      Element back = fr.selectFirst("main p.hint a[href=/d/titled?week=1]");
      assertThat(back).as(path).isNotNull();
      assertThat(back.text()).as(path).isEqualTo(FRENCH);
      assertThat(back.attr("lang")).as(path).isEqualTo("fr");
    }
    Document ar = page(arabic, "/translations/theme/" + themeId);
    assertThat(ar.selectFirst("main p.hint a[href=/d/titled?week=1]").text()).isEqualTo(ARABIC);

    // translating the discussion itself: the text to translate is the original title
    long d =
        app.app
            .db
            .dsl()
            .select(org.indaba.db.schema.Tables.DISCUSSION.ID)
            .from(org.indaba.db.schema.Tables.DISCUSSION)
            .where(org.indaba.db.schema.Tables.DISCUSSION.SLUG.eq("titled"))
            .fetchSingle()
            .value1();
    Document own = page(french, "/translations/discussion/" + d + "/fr");
    assertThat(own.select("#original-heading ~ h3[lang=en]").text()).isEqualTo(ORIGINAL);
    assertThat(own.selectFirst("main p.hint a[href=/d/titled]").text()).isEqualTo(FRENCH);
  }

  private static Document search(String language) {
    HttpSession.Response r =
        app.browser()
            .get(
                "/search?q=" + URLEncoder.encode("clinic", StandardCharsets.UTF_8),
                Map.of("Accept-Language", language));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return Jsoup.parse(r.body());
  }

  @Test
  void searchResultsAndTheDiscussionFacetShowTheTitleInTheReadersLanguage() {
    Document fr = search("fr");
    Element hit = fr.selectFirst(".search-meta a[href=/d/titled]");
    assertThat(hit).isNotNull();
    assertThat(hit.text()).isEqualTo(FRENCH);
    assertThat(hit.attr("lang")).isEqualTo("fr");
    Element facet = fr.selectFirst(".search-facets a[lang=fr]");
    assertThat(facet).isNotNull();
    assertThat(facet.text()).isEqualTo(FRENCH);

    Document ar = search("ar");
    Element arHit = ar.selectFirst(".search-meta a[href=/d/titled]");
    assertThat(arHit.text()).isEqualTo(ARABIC);
    assertThat(arHit.attr("dir")).isEqualTo("rtl");
    assertThat(ar.selectFirst(".search-facets a[lang=ar]").text()).isEqualTo(ARABIC);

    Document en = search("en");
    assertThat(en.selectFirst(".search-meta a[href=/d/titled]").text()).isEqualTo(ORIGINAL);
    assertThat(en.select("main").text()).doesNotContain(FRENCH);
  }
}
