package org.indaba.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.search.Docs.doc;

import java.nio.file.Path;
import org.indaba.model.ContentKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiltersAndFacetsTest extends IndexFixture {

  @TempDir Path dir;
  SearchIndex index;

  @BeforeEach
  void openIndex() throws Exception {
    index = open(dir);
    add(
        index,
        doc("theme:1")
            .type(ContentKind.THEME)
            .week(1)
            .lang("en")
            .title("Remittances")
            .body("Remittances and development.")
            .author("Moderator Team")
            .date("2024-01-10T09:00:00Z")
            .country(null),
        doc("contribution:1")
            .week(1)
            .lang("fr")
            .body("Les transferts de fonds et le développement.")
            .author("Aminata Diallo")
            .org("Réseau Migration")
            .country("Sénégal")
            .date("2024-01-12T09:00:00Z"),
        doc("contribution:2")
            .week(2)
            .lang("en")
            .body("Diaspora investment and development.")
            .author("John Smith")
            .org("Diaspora Fund")
            .country("Ghana")
            .date("2024-01-20T09:00:00Z"),
        doc("reply:1")
            .type(ContentKind.REPLY)
            .week(2)
            .lang("en")
            .body("Summary of week two on development.")
            .author("Moderator Team")
            .org("Indaba")
            .country("Ghana")
            .date("2024-01-25T09:00:00Z"),
        doc("contribution:3")
            .discussion("local-authorities", "Local authorities and migration")
            .week(1)
            .lang("es")
            .body("Las autoridades locales y el desarrollo.")
            .author("Maria Lopez")
            .country("Mexico")
            .date("2024-02-05T09:00:00Z"));
  }

  @AfterEach
  void closeIndex() throws Exception {
    index.close();
  }

  @Test
  void filtersRestrictByEachField() throws Exception {
    assertThat(ids(index, "development type:reply")).containsExactly("reply:1");
    assertThat(ids(index, "week:2")).containsExactlyInAnyOrder("contribution:2", "reply:1");
    assertThat(ids(index, "lang:fr")).containsExactly("contribution:1");
    assertThat(ids(index, "lang:fr,es"))
        .containsExactlyInAnyOrder("contribution:1", "contribution:3");
    assertThat(ids(index, "discussion:local-authorities")).containsExactly("contribution:3");
    assertThat(ids(index, "author:diallo")).containsExactly("contribution:1");
    assertThat(ids(index, "author:\"john smith\"")).containsExactly("contribution:2");
    assertThat(ids(index, "author:\"smith john\"")).isEmpty();
    assertThat(ids(index, "org:\"diaspora fund\"")).containsExactly("contribution:2");
    assertThat(ids(index, "country:senegal")).containsExactly("contribution:1");
    assertThat(ids(index, "country:ghana -type:reply")).containsExactly("contribution:2");
  }

  @Test
  void dateFiltersExcludeTheNamedDay() throws Exception {
    assertThat(ids(index, "before:2024-01-12")).containsExactly("theme:1");
    assertThat(ids(index, "after:2024-01-25")).containsExactly("contribution:3");
    assertThat(ids(index, "after:2024-01-11 before:2024-01-21"))
        .containsExactlyInAnyOrder("contribution:1", "contribution:2");
  }

  @Test
  void aFilterCanBeOneSideOfAnOr() throws Exception {
    assertThat(ids(index, "lang:fr OR type:theme"))
        .containsExactlyInAnyOrder("contribution:1", "theme:1");
  }

  @Test
  void facetsCountAllHitsOfTheQuery() throws Exception {
    SearchResults results =
        index.search(SearchRequest.of("development OR développement OR desarrollo").withPage(1, 1));
    assertThat(results.total()).isEqualTo(5);
    assertThat(results.hits()).hasSize(1);
    SearchFacets facets = results.facets();
    assertThat(facets.types())
        .containsExactly(
            new FacetCount("contribution", "contribution", 3),
            new FacetCount("reply", "reply", 1),
            new FacetCount("theme", "theme", 1));
    assertThat(facets.weeks())
        .containsExactly(new FacetCount("1", "1", 3), new FacetCount("2", "2", 2));
    assertThat(facets.languages())
        .containsExactly(
            new FacetCount("en", "en", 3),
            new FacetCount("es", "es", 1),
            new FacetCount("fr", "fr", 1));
    assertThat(facets.countries())
        .containsExactly(
            new FacetCount("Ghana", "Ghana", 2),
            new FacetCount("Mexico", "Mexico", 1),
            new FacetCount("Sénégal", "Sénégal", 1));
    assertThat(facets.discussions())
        .containsExactly(
            new FacetCount("migration-and-development", "Migration and development", 4),
            new FacetCount("local-authorities", "Local authorities and migration", 1));
  }

  @Test
  void facetsFollowTheFilters() throws Exception {
    SearchFacets facets = search(index, "week:2").facets();
    assertThat(facets.types())
        .containsExactly(
            new FacetCount("contribution", "contribution", 1), new FacetCount("reply", "reply", 1));
    assertThat(facets.weeks()).containsExactly(new FacetCount("2", "2", 2));
  }

  @Test
  void anEmptyQueryBrowsesEverything() throws Exception {
    SearchResults results =
        index.search(new SearchRequest(SearchQuery.all(), SortOrder.NEWEST, 1, 10));
    assertThat(results.total()).isEqualTo(5);
    assertThat(results.facets().types()).isNotEmpty();
  }

  @Test
  void hitsCarryTheirMetadata() throws Exception {
    SearchHit hit = search(index, "author:diallo").hits().get(0);
    assertThat(hit.id()).isEqualTo("contribution:1");
    assertThat(hit.type()).isEqualTo(ContentKind.CONTRIBUTION);
    assertThat(hit.language()).isEqualTo("fr");
    assertThat(hit.discussionSlug()).isEqualTo("migration-and-development");
    assertThat(hit.discussionTitle()).isEqualTo("Migration and development");
    assertThat(hit.week()).isEqualTo(1);
    assertThat(hit.date()).isEqualTo("2024-01-12T09:00:00Z");
    assertThat(hit.authorName()).isEqualTo("Aminata Diallo");
    assertThat(hit.organisation()).isEqualTo("Réseau Migration");
    assertThat(hit.country()).isEqualTo("Sénégal");
    assertThat(hit.url()).isEqualTo("/d/migration-and-development#contribution:1");
  }

  @Test
  void anEmptyIndexAnswersWithNoHitsAndNoFacets() throws Exception {
    index.deleteAll();
    index.refreshBlocking();
    SearchResults results = search(index, "development lang:en");
    assertThat(results.total()).isZero();
    assertThat(results.facets()).isEqualTo(SearchFacets.EMPTY);
  }
}
