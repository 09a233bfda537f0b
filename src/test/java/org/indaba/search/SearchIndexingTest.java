package org.indaba.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.indaba.model.ContentKind;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reaches the index, when, and that nothing hidden is ever shown, whatever the order of
 * events.
 */
class SearchIndexingTest {
  static TestApp app;
  static SearchFixtures db;
  static HttpSession browser;
  static long discussion;
  static long member;

  @TempDir Path temp;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    db = new SearchFixtures(app.app.db, app.clock);
    browser = app.browser();
    member = app.member("omar@example.org", "Omar Haddad", "member");
    discussion =
        db.discussion("diaspora-invest", "Diaspora investment", "en", "Investing at home.", false);
    index();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @BeforeEach
  void freshRateWindow() {
    app.clock.advance(Duration.ofMinutes(2));
  }

  static void index() {
    app.app.background.runNow("search-indexer");
  }

  static List<Object> urls(String q) {
    HttpSession.Response r =
        browser.get("/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body())
        .getJsonArray("hits").stream().map(h -> ((JsonObject) h).getValue("url")).toList();
  }

  static SearchSources sources() {
    return new SearchSources(new SearchSourceRepository(app.app.db.dsl()));
  }

  @Test
  void anApprovedContributionIsSearchableAfterOneIndexerRun() {
    long id =
        db.contribution(discussion, 1, member, "Gorillaword appears here", null, "en", "pending");
    index();
    assertThat(urls("gorillaword")).isEmpty();
    db.setStatus(id, "approved");
    index();
    assertThat(urls("gorillaword")).containsExactly("/c/" + id);
  }

  @Test
  void approvedThenRejectedBeforeTheIndexerRunsNeverAppears() {
    long id =
        db.contribution(discussion, 1, member, "Flamingoword in a post", null, "en", "pending");
    db.setStatus(id, "approved");
    db.setStatus(id, "rejected");
    index();
    assertThat(urls("flamingoword")).isEmpty();
  }

  @Test
  void approvedThenRejectedAfterTheIndexerRanDisappearsEvenBeforeTheIndexCatchesUp()
      throws Exception {
    long id =
        db.contribution(discussion, 1, member, "Pelicanword in a post", null, "en", "approved");
    index();
    assertThat(urls("pelicanword")).containsExactly("/c/" + id);
    db.setStatus(id, "rejected");
    // the index still holds it; the check of the page against the database hides it
    assertThat(app.app.searchIndex.search(SearchRequest.of("pelicanword")).total()).isEqualTo(1);
    assertThat(urls("pelicanword")).isEmpty();
    index();
    assertThat(app.app.searchIndex.search(SearchRequest.of("pelicanword")).total()).isZero();
    assertThat(urls("pelicanword")).isEmpty();
  }

  @Test
  void deletedPendingDraftAndUnpublishedContentNeverAppears() {
    long deleted =
        db.contribution(discussion, 1, member, "Walrusword deleted", null, "en", "approved");
    db.setStatus(deleted, "deleted");
    db.contribution(discussion, 1, member, "Walrusword pending", null, "en", "pending");
    db.theme(discussion, 3, "Walrusword theme", "Not yet published", "en", false);
    db.reply(discussion, "es", "Walrusword síntesis", "Borrador", false);
    long draft =
        db.discussion("walrus-draft", "Walrusword draft discussion", "en", "Walrusword", true);
    db.contribution(draft, 1, member, "Walrusword in a draft discussion", null, "en", "approved");
    index();
    assertThat(urls("walrusword")).isEmpty();
  }

  @Test
  void aDiscussionTurnedBackIntoADraftHidesEverythingInIt() throws Exception {
    long d = db.discussion("otter-talk", "Otterword talk", "en", "About otters", false);
    long c = db.contribution(d, 1, member, "Otterword post", null, "en", "approved");
    long t = db.theme(d, 1, "Otterword theme", "Question", "en", true);
    index();
    assertThat(urls("otterword"))
        .containsExactlyInAnyOrder("/d/otter-talk", "/c/" + c, "/d/otter-talk?week=1#theme");
    assertThat(t).isPositive();
    db.setDraft(d, true);
    index();
    assertThat(app.app.searchIndex.search(SearchRequest.of("otterword")).total()).isZero();
  }

  @Test
  void anEditReplacesTheIndexedText() {
    long id = db.contribution(discussion, 1, member, "Before: heronword", null, "en", "approved");
    index();
    db.editBody(id, "After: ibisword");
    index();
    assertThat(urls("heronword")).isEmpty();
    assertThat(urls("ibisword")).containsExactly("/c/" + id);
  }

  @Test
  void aTransactionThatCommitsLateIsNotSkipped() throws Exception {
    long first;
    try (Connection c = app.app.db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      // an older transaction takes its outbox row first, then a younger one commits before it
      first =
          db.contribution(
              DSL.using(c, SQLDialect.POSTGRES),
              discussion,
              1,
              member,
              "Lateword slow",
              null,
              "en",
              "approved");
      long second =
          db.contribution(discussion, 1, member, "Lateword quick", null, "en", "approved");
      index();
      long position = app.app.searchIndex.committedPosition();
      long olderTxid =
          ((Number)
                  DSL.using(c, SQLDialect.POSTGRES)
                      .fetchValue("SELECT (pg_current_xact_id()::text)::bigint"))
              .longValue();
      assertThat(position).isLessThanOrEqualTo(olderTxid);
      c.commit();
      index();
      assertThat(urls("lateword")).containsExactlyInAnyOrder("/c/" + first, "/c/" + second);
    }
  }

  @Test
  void afterAnAbruptStopTheIndexerReplaysTheOutboxAndMatchesARebuild() throws Exception {
    Path dir = temp.resolve("crashed");
    try (SearchIndex fresh = SearchIndex.open(dir)) {
      new SearchIndexer(fresh, sources()).runOnce();
    }
    db.contribution(discussion, 2, member, "Crashword one", null, "en", "approved");
    long edited = db.contribution(discussion, 2, member, "Crashword two", null, "en", "approved");
    db.editBody(edited, "Crashword two, edited");
    long committedBefore;
    try (SearchIndex crashed = SearchIndex.open(dir)) {
      committedBefore = crashed.committedPosition();
      SearchIndexer indexer = new SearchIndexer(crashed, sources());
      SearchIndexer.Batch batch = indexer.nextBatch();
      indexer.apply(batch.entries());
      crashed.refreshBlocking();
      assertThat(crashed.search(SearchRequest.of("crashword")).total()).isEqualTo(2);
      // the process dies here: written, flushed to a reader, never committed
    }
    try (SearchIndex restarted = SearchIndex.open(dir)) {
      assertThat(restarted.committedPosition()).isEqualTo(committedBefore);
      assertThat(restarted.search(SearchRequest.of("crashword")).total()).isZero();
      SearchIndexer indexer = new SearchIndexer(restarted, sources());
      while (indexer.runOnce()) {
        // drain
      }
      try (SearchIndex rebuilt = SearchIndex.open(temp.resolve("rebuilt"))) {
        new SearchRebuild(sources()).rebuild(rebuilt, null);
        assertSameResults(restarted, rebuilt);
      }
    }
  }

  @Test
  void aRebuildGivesTheSameResultsAsTheIncrementalIndex() throws Exception {
    long d =
        db.discussion(
            "remesas-dialogo",
            "Remesas y desarrollo",
            "es",
            "Las **remesas** y el municipio.",
            false);
    db.theme(d, 1, "Remesas productivas", "¿Cómo invertir las remesas?", "es", true);
    long c1 =
        db.contribution(
            d,
            1,
            member,
            "Nuestra asociación invierte remesas en el agua.",
            null,
            "es",
            "approved");
    db.translation(
        ContentKind.CONTRIBUTION.code(),
        c1,
        "en",
        null,
        "Our association invests remittances in water.");
    long c2 =
        db.contribution(d, 1, null, "Les transferts financent l'école.", null, "fr", "approved");
    db.setStatus(c2, "rejected");
    db.contribution(d, 1, member, "Pending remesas", null, "es", "pending");
    long r = db.reply(d, "es", "Síntesis", "Las remesas financian escuelas.", true);
    db.translation(
        ContentKind.REPLY.code(), r, "fr", "Synthèse", "Les transferts financent des écoles.");
    index();
    try (SearchIndex rebuilt = SearchIndex.open(temp.resolve("rebuilt"))) {
      SearchRebuild.Summary summary = new SearchRebuild(sources()).rebuild(rebuilt, null);
      assertThat(summary.documents()).isEqualTo(app.app.searchIndex.count());
      assertThat(rebuilt.committedPosition()).isPositive();
      assertSameResults(app.app.searchIndex, rebuilt);
    }
  }

  @Test
  void twoServersSharingOneDatabaseEachKeepTheirOwnIndexCurrent() throws Exception {
    TestApp second = TestApp.start(app.databaseUrl, Map.of());
    try {
      long id =
          db.contribution(
              discussion, 1, member, "Twinword for both servers", null, "en", "approved");
      index();
      second.app.background.runNow("search-indexer");
      HttpSession other = second.browser();
      assertThat(other.get("/api/search?q=twinword").body()).contains("/c/" + id);
      assertThat(urls("twinword")).containsExactly("/c/" + id);
      db.setStatus(id, "deleted");
      second.app.background.runNow("search-indexer");
      index();
      assertThat(urls("twinword")).isEmpty();
      assertThat(second.app.searchIndex.count()).isEqualTo(app.app.searchIndex.count());
    } finally {
      second.close();
    }
  }

  static final List<String> QUERIES =
      List.of(
          "remesas",
          "remittances",
          "transferts",
          "crashword",
          "invest*",
          "lang:es",
          "type:reply",
          "week:1",
          "\"el agua\"",
          "agua OR water",
          "-remesas lang:es",
          "omar",
          "*");

  static void assertSameResults(SearchIndex a, SearchIndex b) throws Exception {
    a.refreshBlocking();
    assertThat(a.count()).isEqualTo(b.count());
    for (String q : QUERIES) {
      SearchRequest request = new SearchRequest(SearchQuery.parse(q), SortOrder.NEWEST, 1, 100);
      SearchResults ra = a.search(request);
      SearchResults rb = b.search(request);
      assertThat(rb.hits()).as(q).isEqualTo(ra.hits());
      assertThat(rb.total()).as(q).isEqualTo(ra.total());
      assertThat(rb.facets()).as(q).isEqualTo(ra.facets());
    }
    SearchResults everything =
        a.search(new SearchRequest(SearchQuery.all(), SortOrder.NEWEST, 1, 100));
    assertThat(b.search(new SearchRequest(SearchQuery.all(), SortOrder.NEWEST, 1, 100)).hits())
        .isEqualTo(everything.hits());
  }
}
