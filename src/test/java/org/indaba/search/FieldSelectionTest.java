package org.indaba.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.search.Docs.doc;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query looks for its words only in the fields where they can match, given what the documents
 * hold, and finds the same documents as if it looked everywhere.
 */
class FieldSelectionTest extends IndexFixture {

  @TempDir Path dir;
  SearchIndex index;

  @BeforeEach
  void openIndex() throws Exception {
    index = open(dir);
    add(
        index,
        doc("contribution:en").lang("en").body("Migration and development in the region."),
        doc("contribution:fr").lang("fr").body("La migration et les communes."),
        doc("contribution:es").lang("es").body("La migración y el desarrollo local."));
  }

  @AfterEach
  void closeIndex() throws Exception {
    index.close();
  }

  /** The fields a query looks in, leaving out the ones it only excludes with. */
  private Set<String> fields(String query) throws Exception {
    return new TreeSet<>(SnippetMaker.queriedFields(index.matchingQuery(SearchQuery.parse(query))));
  }

  @Test
  void aWordTheLanguageFieldsHoldIsNotLookedForInTheUnstemmedFieldToo() throws Exception {
    assertThat(fields("migration")).contains("text.en", "text.fr").doesNotContain("all");
    assertThat(ids(index, "migration"))
        .containsExactlyInAnyOrder("contribution:en", "contribution:fr");
  }

  @Test
  void aWordThatOnlyTheUnstemmedFieldHoldsIsFoundThere() throws Exception {
    // the language analyzers keep the breve of "й", the unstemmed field folds it away
    add(index, doc("contribution:yo").lang("en").body("A visit to Йошкар-Ола last spring."));
    assertThat(fields("Иошкар")).containsExactly("all");
    assertThat(ids(index, "Иошкар")).containsExactly("contribution:yo");
  }

  @Test
  void underALanguageFilterWordsAreLookedForOnlyInTheFieldsOfThatLanguage() throws Exception {
    assertThat(fields("migration lang:fr")).containsExactlyInAnyOrder("text.fr", "lang");
    assertThat(ids(index, "migration lang:fr")).containsExactly("contribution:fr");
    assertThat(ids(index, "migration lang:de")).isEmpty();
  }

  @Test
  void aLanguageFilterStillFindsADocumentThroughItsTranslation() throws Exception {
    add(
        index,
        doc("contribution:tr")
            .lang("fr")
            .body("Les associations de ressortissants financent des écoles.")
            .translation("en", "Hometown associations fund schools."));
    assertThat(fields("hometown lang:fr")).contains("text.en");
    assertThat(ids(index, "hometown lang:fr")).containsExactly("contribution:tr");
    assertThat(ids(index, "hometown lang:en")).isEmpty();
  }

  @Test
  void wordsOfAnAndSkipFieldsThatNoDocumentSharesWithTheOtherWords() throws Exception {
    // "development" is only in English, and no document has English and French text both
    assertThat(fields("migration development")).contains("text.en").doesNotContain("text.fr");
    assertThat(ids(index, "migration development")).containsExactly("contribution:en");
  }

  @Test
  void wordsOfAnAndMatchAcrossADocumentsOwnTextAndItsTranslation() throws Exception {
    assertThat(ids(index, "schools financent")).isEmpty();
    // a new segment where English and French text meet in one document
    add(
        index,
        doc("contribution:both")
            .lang("en")
            .body("Hometown associations fund schools.")
            .translation("fr", "Les associations de ressortissants financent des écoles."));
    assertThat(fields("schools financent")).contains("text.en", "text.fr");
    assertThat(ids(index, "schools financent")).containsExactly("contribution:both");
    assertThat(ids(index, "migration communes")).containsExactly("contribution:fr");
  }

  @Test
  void aWordNoDocumentCanShareWithTheOthersMakesTheAndMatchNothing() throws Exception {
    // "communes" is only in French, "desarrollo" only in Spanish
    assertThat(ids(index, "communes desarrollo")).isEmpty();
    assertThat(ids(index, "communes OR desarrollo"))
        .containsExactlyInAnyOrder("contribution:fr", "contribution:es");
  }
}
