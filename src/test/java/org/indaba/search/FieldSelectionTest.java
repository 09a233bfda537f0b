package org.indaba.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.search.Docs.doc;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.FSDirectory;
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

  @Test
  void aWordInLanguagesThatNoDocumentMixesScoresExactlyAsTheSumOverItsFields() throws Exception {
    Query query = index.matchingQuery(SearchQuery.parse("migration"));
    // the best field bounds each block of documents, where the sum would add up both fields' bounds
    assertThat(query).isInstanceOf(DisjunctionMaxQuery.class);
    assertThat(((DisjunctionMaxQuery) query).getTieBreakerMultiplier()).isZero();
    assertThat(fields("migration")).containsExactlyInAnyOrder("text.en", "text.fr");
    BooleanQuery.Builder sum = new BooleanQuery.Builder();
    for (Query field : ((DisjunctionMaxQuery) query).getDisjuncts()) {
      sum.add(field, BooleanClause.Occur.SHOULD);
    }
    Map<Integer, Float> scores = scores(query);
    assertThat(scores).hasSize(2).isEqualTo(scores(sum.build()));
  }

  @Test
  void aWordInLanguagesThatADocumentMixesStillSumsItsFields() throws Exception {
    add(
        index,
        doc("contribution:both")
            .lang("en")
            .body("Migration of skilled workers.")
            .translation("fr", "La migration des travailleurs qualifiés."));
    Query query = index.matchingQuery(SearchQuery.parse("migration"));
    // the translated text counts on top of the original, as it always has
    assertThat(query).isInstanceOf(BooleanQuery.class);
    assertThat(fields("migration")).containsExactlyInAnyOrder("text.en", "text.fr");
    assertThat(ids(index, "migration").getFirst()).isEqualTo("contribution:both");
  }

  @Test
  void alternativesInLanguagesThatNoDocumentMixesTakeTheBestOfThem() throws Exception {
    assertThat(index.matchingQuery(SearchQuery.parse("desarrollo OR communes")))
        .isInstanceOf(DisjunctionMaxQuery.class);
    assertThat(ids(index, "desarrollo OR communes"))
        .containsExactlyInAnyOrder("contribution:es", "contribution:fr");
    // both in English: a document may have both words, and then both count
    assertThat(index.matchingQuery(SearchQuery.parse("region OR development")))
        .isInstanceOf(BooleanQuery.class);
  }

  /** The score of each document the query matches, searched on the committed index. */
  private Map<Integer, Float> scores(Query query) throws Exception {
    index.commit(1);
    try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
      Map<Integer, Float> scores = new HashMap<>();
      for (ScoreDoc hit : new IndexSearcher(reader).search(query, 10).scoreDocs) {
        scores.put(hit.doc, hit.score);
      }
      return scores;
    }
  }
}
