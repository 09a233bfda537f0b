package org.indaba.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilderFactory;
import org.indaba.model.ContentKind;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The search page, the JSON API and the feed, through real HTTP over rows written as the services
 * write them.
 */
class SearchPageTest {
  static TestApp app;
  static SearchFixtures db;
  static HttpSession browser;
  static long migration;
  static long remesasContribution;
  static long memberId;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    db = new SearchFixtures(app.app.db, app.clock);
    browser = app.browser();
    memberId = app.member("aminata@example.org", "Aminata Diallo", "member");
    migration =
        db.discussion(
            "migration-dev",
            "Migration and development",
            "en",
            "How can **diaspora** networks support local development?",
            false);
    db.theme(
        migration,
        1,
        "Remittances and investment",
        "What makes remittances productive?",
        "en",
        true);
    db.contribution(
        migration,
        1,
        memberId,
        "Our association trains each returning migrant in bookkeeping.",
        "> quoted zanzibarquote text from an earlier mail",
        "en",
        "approved");
    remesasContribution =
        db.contribution(
            migration,
            2,
            memberId,
            "La remesa familiar financia la escuela del pueblo.",
            null,
            "es",
            "approved");
    db.contribution(
        migration,
        2,
        null,
        "Le développement local passe par les communes.",
        null,
        "fr",
        "approved");
    db.reply(
        migration,
        "fr",
        "Synthèse de la semaine",
        "Les **remises** des migrants et le développement.",
        true);
    long theme2 =
        db.theme(
            migration, 2, "Hometown associations", "Who decides how funds are spent?", "en", true);
    db.translation(
        ContentKind.THEME.code(),
        theme2,
        "fr",
        "Associations de ressortissants",
        "Qui décide de l'emploi des fonds ?");
    for (int i = 0; i < 25; i++) {
      db.contribution(
          migration, 3, memberId, "Circular mobility note number " + i, null, "en", "approved");
    }
    app.app.background.runNow("search-indexer");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @BeforeEach
  void freshRateWindow() {
    // each test starts in a new rate-limit window; the clock does not move on its own
    app.clock.advance(Duration.ofMinutes(2));
  }

  static HttpSession.Response search(String q) {
    return browser.get("/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
  }

  /** The links of a page, as a browser reads them (entities decoded). */
  static java.util.List<String> links(HttpSession.Response r) {
    return org.jsoup.Jsoup.parse(r.body()).select("a[href]").eachAttr("href");
  }

  static JsonObject api(String q) {
    HttpSession.Response r =
        browser.get("/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  @Test
  void stemmingWorksEndToEndInEachLanguage() {
    assertThat(api("migrants").getJsonArray("hits"))
        .extracting(h -> ((JsonObject) h).getString("url"))
        .contains("/c/1");
    assertThat(api("remesas").getJsonArray("hits"))
        .extracting(h -> ((JsonObject) h).getString("url"))
        .contains("/c/" + remesasContribution);
    assertThat(api("developpement").getJsonArray("hits"))
        .extracting(h -> ((JsonObject) h).getString("type"))
        .contains("contribution", "reply");
  }

  @Test
  void theTrimmedQuotesOfAMailAreNotIndexed() {
    assertThat(api("zanzibarquote").getLong("total")).isZero();
  }

  @Test
  void aTranslationFindsItsOriginal() {
    JsonArray hits = api("ressortissants").getJsonArray("hits");
    assertThat(hits)
        .extracting(h -> ((JsonObject) h).getString("url"))
        .contains("/d/migration-dev?week=2#theme");
  }

  @Test
  void theResultsPageShowsHighlightedSnippetsLabelsAndFacetLinks() {
    HttpSession.Response r = search("remesas");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .contains("<mark>remesa</mark>")
        .contains("href=\"/c/" + remesasContribution + "\"")
        .contains("Contribution by Aminata Diallo")
        .contains("Migration and development")
        .contains("Week 2");
    assertThat(links(r))
        .contains(
            "/search?q=remesas+lang%3Aes",
            "/search?q=remesas+week%3A2",
            "/search?q=remesas+country%3ASenegal",
            "/search?q=remesas+discussion%3Amigration-dev",
            "/search?q=remesas+type%3Acontribution",
            "/search/feed.atom?q=remesas");
  }

  @Test
  void aFacetLinkNarrowsTheResults() {
    JsonObject all = api("developpement");
    JsonObject narrowed = api("developpement type:reply");
    assertThat(all.getJsonObject("facets").getJsonObject("type").getMap())
        .containsKeys("reply", "contribution");
    assertThat(narrowed.getJsonArray("hits"))
        .extracting(h -> ((JsonObject) h).getString("type"))
        .containsOnly("reply");
    assertThat(narrowed.getLong("total"))
        .isEqualTo(all.getJsonObject("facets").getJsonObject("type").getLong("reply"));
  }

  @Test
  void manyResultsArePaged() {
    HttpSession.Response first = search("circular");
    assertThat(first.body()).contains("Results: 25");
    assertThat(links(first)).contains("/search?q=circular&page=2");
    HttpSession.Response second = browser.get("/search?q=circular&page=2");
    assertThat(second.body()).contains("aria-current=\"page\">2<").doesNotContain("rel=\"next\"");
    assertThat(browser.get("/search?q=circular&page=banana").status()).isEqualTo(200);
  }

  @Test
  void newestFirstSortsByDate() {
    app.clock.advance(Duration.ofDays(1));
    long newer =
        db.contribution(
            migration, 3, memberId, "Circular mobility, later thoughts", null, "en", "approved");
    app.app.background.runNow("search-indexer");
    JsonObject r = new JsonObject(browser.get("/api/search?q=circular&sort=newest").body());
    assertThat(r.getJsonArray("hits").getJsonObject(0).getLong("id")).isEqualTo(newer);
  }

  @Test
  void anEmptyQueryShowsTipsInTheReadersLanguage() {
    HttpSession.Response en = browser.get("/search");
    assertThat(en.status()).isEqualTo(200);
    assertThat(en.body()).contains("How to search").contains("lang:fr");
    HttpSession.Response fr = app.browser().get("/search?lang=fr");
    assertThat(fr.body()).contains("Comment chercher");
  }

  @Test
  void aQueryErrorIsAFriendlyTranslatedMessageWithStatus400() {
    HttpSession.Response en = search("week:abc");
    assertThat(en.status()).isEqualTo(400);
    assertThat(en.body()).contains("The week must be a number").contains("How to search");
    HttpSession.Response es =
        app.browser()
            .get("/search?lang=es&q=" + URLEncoder.encode("lang:1", StandardCharsets.UTF_8));
    assertThat(es.status()).isEqualTo(400);
    assertThat(es.body()).contains("Los idiomas se escriben");
  }

  @Test
  void theApiAnswersWithExactlyTheDocumentedShape() {
    JsonObject r = api("remesas");
    assertThat(r.fieldNames())
        .containsExactlyInAnyOrder("total", "totalEstimated", "hits", "facets");
    assertThat(r.getBoolean("totalEstimated")).isFalse();
    JsonObject hit = r.getJsonArray("hits").getJsonObject(0);
    assertThat(hit.fieldNames())
        .containsExactlyInAnyOrder(
            "type", "id", "url", "title", "snippet", "language", "discussion", "week", "date");
    assertThat(hit.getString("type")).isEqualTo("contribution");
    assertThat(hit.getLong("id")).isEqualTo(remesasContribution);
    assertThat(hit.getString("discussion")).isEqualTo("migration-dev");
    assertThat(hit.getInteger("week")).isEqualTo(2);
    assertThat(hit.getString("language")).isEqualTo("es");
    assertThat(hit.getString("snippet")).contains("<mark>");
    assertThat(hit.getString("date")).isEqualTo("2026-03-02T08:00:00Z");
    assertThat(r.getJsonObject("facets").fieldNames())
        .containsExactlyInAnyOrder(
            "type", "language", "discussion", "week", "country", "kind", "topic");
    assertThat(r.getJsonObject("facets").getJsonObject("language").getLong("es")).isEqualTo(1);
  }

  @Test
  void anApiQueryErrorIsAJsonProblem() {
    HttpSession.Response r =
        browser.get("/api/search?q=" + URLEncoder.encode("type:banana", StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("content-type")).startsWith("application/problem+json");
    assertThat(new JsonObject(r.body()).getString("detail")).contains("banana");
  }

  @Test
  void theAtomFeedParsesAndListsTheNewestResults() throws Exception {
    HttpSession.Response r = browser.get("/search/feed.atom?q=remesas");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).startsWith("application/atom+xml");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document feed =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
    String atom = "http://www.w3.org/2005/Atom";
    assertThat(feed.getDocumentElement().getLocalName()).isEqualTo("feed");
    assertThat(feed.getElementsByTagNameNS(atom, "entry").getLength()).isEqualTo(1);
    assertThat(feed.getElementsByTagNameNS(atom, "summary").item(0).getTextContent())
        .contains("<mark>remesa</mark>");
    assertThat(feed.getElementsByTagNameNS(atom, "id").item(1).getTextContent())
        .endsWith("/c/" + remesasContribution);
  }

  @Test
  void searchingTooOftenFromOneAddressIsSlowedDown() {
    int last = 0;
    for (int i = 0; i <= SearchService.DEFAULT_PER_MINUTE; i++) {
      last = browser.get("/api/search?q=x" + i).status();
    }
    assertThat(last).isEqualTo(429);
  }

  @Test
  void theHealthCheckReportsTheIndex() {
    HttpSession.Response r = browser.get("/healthz");
    assertThat(new JsonObject(r.body()).getJsonObject("checks").getString("search"))
        .isEqualTo("up");
  }
}
