package org.indaba.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.search.Docs.doc;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnippetTest extends IndexFixture {

  @TempDir Path dir;
  SearchIndex index;

  @BeforeEach
  void openIndex() throws Exception {
    index = open(dir);
  }

  @AfterEach
  void closeIndex() throws Exception {
    index.close();
  }

  @Test
  void snippetsMarkStemmedMatches() throws Exception {
    add(index, doc("contribution:1").lang("en").body("Migrants often support their families."));
    assertThat(search(index, "migrant").hits().get(0).snippetHtml())
        .contains("<mark>Migrants</mark>");
  }

  @Test
  void aSnippetIsCutFromTheFirstFiftyThousandCharactersOfAVeryLongText() throws Exception {
    String filler = "Savings groups meet every week in the village hall. ".repeat(1_100);
    add(
        index,
        doc("contribution:1").lang("en").body("Remittances arrive. " + filler + " Kingfisher."),
        doc("contribution:2").lang("en").body("Kingfisher nests by the river."));
    SearchResults results = search(index, "kingfisher");
    assertThat(results.hits()).extracting(SearchHit::id).contains("contribution:1");
    for (SearchHit hit : results.hits()) {
      if (hit.id().equals("contribution:1")) {
        // the word lies past the part of the text that snippets are cut from
        assertThat(hit.snippetHtml()).doesNotContain("<mark>").startsWith("Remittances arrive.");
      } else {
        assertThat(hit.snippetHtml()).contains("<mark>Kingfisher</mark>");
      }
    }
  }

  @Test
  void snippetsMarkFoldedMatchesInFrench() throws Exception {
    add(
        index,
        doc("contribution:1").lang("fr").body("Le développement des collectivités locales."));
    String snippet = search(index, "developpement").hits().get(0).snippetHtml();
    assertThat(snippet).contains("<mark>développement</mark>");
  }

  @Test
  void snippetsEscapeTheDocumentText() throws Exception {
    add(
        index,
        doc("contribution:1")
            .lang("en")
            .body("<script>alert('x')</script> remittances & <b>savings</b> \"quoted\""));
    String snippet = search(index, "remittances").hits().get(0).snippetHtml();
    assertThat(snippet)
        .contains("<mark>remittances</mark>")
        .contains("&lt;script&gt;")
        .contains("&amp;")
        .doesNotContain("<script>")
        .doesNotContain("<b>");
    assertThat(snippet.replace("<mark>", "").replace("</mark>", ""))
        .doesNotContain("<")
        .doesNotContain(">");
  }

  @Test
  void markupInTheQueryCannotReachTheSnippet() throws Exception {
    add(index, doc("contribution:1").lang("en").body("Savings groups and mark ups."));
    String snippet = search(index, "savings <mark>").hits().get(0).snippetHtml();
    assertThat(snippet).isEqualTo("<mark>Savings</mark> groups and <mark>mark</mark> ups.");
  }

  @Test
  void snippetsMarkPrefixMatches() throws Exception {
    add(index, doc("contribution:1").lang("en").body("Hometown associations matter."));
    assertThat(search(index, "associat*").hits().get(0).snippetHtml())
        .contains("<mark>associations</mark>");
  }

  @Test
  void aHitWithoutMatchingTextStartsWithItsOpening() throws Exception {
    add(index, doc("contribution:1").lang("en").body("Opening sentence. Second sentence."));
    assertThat(search(index, "lang:en").hits().get(0).snippetHtml())
        .startsWith("Opening sentence.")
        .doesNotContain("<mark>");
  }

  @Test
  void longTextsGiveShortSnippetsAroundTheMatch() throws Exception {
    String filler = "Words without interest fill this sentence. ".repeat(40);
    add(
        index,
        doc("contribution:1").lang("en").body(filler + "Here the diaspora invests. " + filler));
    String snippet = search(index, "diaspora").hits().get(0).snippetHtml();
    assertThat(snippet).contains("<mark>diaspora</mark>").hasSizeLessThan(400);
  }
}
