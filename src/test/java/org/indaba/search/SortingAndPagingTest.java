package org.indaba.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.search.Docs.doc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.indaba.model.ContentKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SortingAndPagingTest extends IndexFixture {

  @TempDir Path dir;
  SearchIndex index;

  @BeforeEach
  void openIndex() throws Exception {
    index = open(dir);
    add(
        index,
        doc("contribution:old").body("Remittances to rural areas.").date("2023-05-01T00:00:00Z"),
        doc("reply:1")
            .type(ContentKind.REPLY)
            .body("Remittances to rural areas.")
            .date("2024-01-01T00:00:00Z"),
        doc("contribution:new").body("Remittances to rural areas.").date("2024-06-01T00:00:00Z"),
        doc("contribution:mid")
            .body("Remittances remittances remittances, rural remittances.")
            .date("2024-03-01T00:00:00Z"));
  }

  @AfterEach
  void closeIndex() throws Exception {
    index.close();
  }

  private SearchResults search(String text, SortOrder sort, int page, int size) throws Exception {
    return index.search(SearchRequest.of(text).withSort(sort).withPage(page, size));
  }

  @Test
  void newestFirstSortsByDateWhateverTheScore() throws Exception {
    assertThat(search("remittances", SortOrder.NEWEST, 1, 10).hits())
        .extracting(SearchHit::id)
        .containsExactly("contribution:new", "contribution:mid", "reply:1", "contribution:old");
  }

  @Test
  void relevanceLiftsConsolidatedRepliesAboveEqualContributions() throws Exception {
    assertThat(search("\"rural areas\"", SortOrder.RELEVANCE, 1, 10).hits())
        .extracting(SearchHit::id)
        .containsExactly("reply:1", "contribution:new", "contribution:old");
  }

  @Test
  void pagesSliceTheSortedHits() throws Exception {
    SearchResults second = search("remittances", SortOrder.NEWEST, 2, 2);
    assertThat(second.total()).isEqualTo(4);
    assertThat(second.pageCount()).isEqualTo(2);
    assertThat(second.hits())
        .extracting(SearchHit::id)
        .containsExactly("reply:1", "contribution:old");
    assertThat(search("remittances", SortOrder.NEWEST, 3, 2).hits()).isEmpty();
  }

  @Test
  void relevancePagesGiveEveryHitOnceWithRepliesLiftedAboveContributions() throws Exception {
    add(
        index,
        doc("reply:2")
            .type(ContentKind.REPLY)
            .body("Remittances, remittances and remittances.")
            .date("2024-02-01T00:00:00Z"));
    List<String> onePage =
        search("remittances", SortOrder.RELEVANCE, 1, 10).hits().stream()
            .map(SearchHit::id)
            .toList();
    assertThat(onePage)
        .containsExactly(
            "reply:2", "reply:1", "contribution:mid", "contribution:new", "contribution:old");
    List<String> pageByPage = new ArrayList<>();
    for (int page = 1; page <= 5; page++) {
      SearchResults results = search("remittances", SortOrder.RELEVANCE, page, 1);
      assertThat(results.total()).isEqualTo(5);
      results.hits().forEach(hit -> pageByPage.add(hit.id()));
    }
    assertThat(pageByPage).isEqualTo(onePage);
  }

  @Test
  void outOfRangePagingIsClamped() {
    SearchRequest request = new SearchRequest(null, null, -5, 10_000);
    assertThat(request.pageSize()).isEqualTo(SearchRequest.MAX_PAGE_SIZE);
    assertThat(request.page()).isEqualTo(1);
    assertThat(new SearchRequest(null, null, 1_000_000, 20).page())
        .isEqualTo(SearchRequest.MAX_WINDOW / 20);
    assertThat(request.sort()).isEqualTo(SortOrder.RELEVANCE);
    assertThat(request.query().isEmpty()).isTrue();
  }
}
