package org.indaba.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.search.Docs.doc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Past the sample size, totals and facet counts are estimated rather than counted; below it they
 * stay exact. The sample is made small here so a few hundred documents show both sides.
 */
class LargeResultSetsTest extends IndexFixture {

  static final int SAMPLE = 50;
  static final int COMMON = 600;
  static final int RARE = 20;

  @TempDir Path dir;
  SearchIndex index;

  @BeforeEach
  void openIndex() throws Exception {
    index = SearchIndex.open(dir, new SearchIndex.Settings(Duration.ofSeconds(5), SAMPLE));
    // several commits give several segments, as a real index has
    for (int batch = 0; batch < 4; batch++) {
      List<SearchDocument> docs = new ArrayList<>();
      for (int i = batch * COMMON / 4; i < (batch + 1) * COMMON / 4; i++) {
        docs.add(
            doc("contribution:" + i)
                .lang(i % 3 == 0 ? "fr" : "en")
                .week(1 + i % 2)
                .body(
                    i < RARE ? "Common remittances and a rare kingfisher." : "Common remittances.")
                .date(String.format("2024-01-%02dT09:00:00Z", 1 + i % 28))
                .build());
      }
      index.upsert(docs);
      index.commit(batch + 1);
    }
    index.refreshBlocking();
  }

  @AfterEach
  void closeIndex() throws Exception {
    index.close();
  }

  @Test
  void aQueryWithFewerHitsThanTheSampleIsCountedExactly() throws Exception {
    SearchResults rare = search(index, "kingfisher");
    assertThat(rare.totalEstimated()).isFalse();
    assertThat(rare.total()).isEqualTo(RARE);
    assertThat(rare.facets().weeks().stream().mapToLong(FacetCount::count).sum()).isEqualTo(RARE);
  }

  @Test
  void aQueryWithManyHitsHasAnEstimatedTotalCloseToTheTruth() throws Exception {
    SearchResults common = search(index, "remittances");
    assertThat(common.totalEstimated()).isTrue();
    assertThat(common.total()).isBetween((long) (COMMON * 0.7), (long) (COMMON * 1.3));
    assertThat(common.hits()).hasSize(50);
  }

  @Test
  void facetCountsOfAnEstimatedQueryAreScaledToTheEstimate() throws Exception {
    SearchResults common = search(index, "remittances");
    Map<String, Long> languages =
        common.facets().languages().stream()
            .collect(Collectors.toMap(FacetCount::value, FacetCount::count));
    // a third of the documents are French, two thirds English
    assertThat(languages.get("en")).isBetween((long) (COMMON * 0.45), (long) (COMMON * 0.9));
    assertThat(languages.get("fr")).isBetween((long) (COMMON * 0.2), (long) (COMMON * 0.45));
  }

  @Test
  void anEstimatedTotalIsShownRoundedToTwoSignificantDigits() throws Exception {
    SearchResults common = search(index, "remittances");
    long shown = common.shownTotal();
    assertThat(shown % 10).isZero();
    assertThat(Math.abs(shown - common.total())).isLessThanOrEqualTo(5);
    assertThat(
            new SearchResults(43_217, List.of(), SearchFacets.EMPTY, 1, 10, false, true)
                .shownTotal())
        .isEqualTo(43_000);
    assertThat(
            new SearchResults(43_217, List.of(), SearchFacets.EMPTY, 1, 10, false, false)
                .shownTotal())
        .isEqualTo(43_217);
  }

  @Test
  void theBestHitsAreTheSameWhetherTheTotalIsCountedOrEstimated() throws Exception {
    // the rare word lifts its documents to the top of a query that also matches every document
    List<String> top =
        index
            .search(
                new SearchRequest(
                    SearchQuery.parse("kingfisher OR remittances"), SortOrder.RELEVANCE, 1, RARE))
            .hits()
            .stream()
            .map(SearchHit::id)
            .toList();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < RARE; i++) {
      expected.add("contribution:" + i);
    }
    assertThat(top).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void hitsWithEqualScoresAndDatesComeInIdOrder() throws Exception {
    List<String> ids =
        index
            .search(new SearchRequest(SearchQuery.parse("remittances"), SortOrder.NEWEST, 1, 100))
            .hits()
            .stream()
            .map(SearchHit::id)
            .toList();
    // same date every 28 documents: within one date, ids ascend (as strings)
    for (int i = 1; i < ids.size(); i++) {
      int a = Integer.parseInt(ids.get(i - 1).substring("contribution:".length()));
      int b = Integer.parseInt(ids.get(i).substring("contribution:".length()));
      if (a % 28 == b % 28) {
        assertThat(ids.get(i - 1).compareTo(ids.get(i))).as(ids.toString()).isNegative();
      }
    }
  }
}
