package org.indaba.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.search.Docs.doc;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanguageSearchTest extends IndexFixture {

  @TempDir Path dir;
  SearchIndex index;

  @BeforeEach
  void openIndex() throws Exception {
    index = open(dir);
    add(
        index,
        doc("contribution:1").lang("en").body("Every migrant sends money home."),
        doc("contribution:2")
            .lang("fr")
            .body("Le rôle de chaque collectivité locale dans le développement."),
        doc("contribution:3").lang("es").body("La remesa llega cada mes a la familia."),
        doc("contribution:4").lang("pt").body("As migrações internas e a autoridade local."),
        doc("contribution:5").lang("ar").body("دور الْمُهَاجِرِينَ في أفريقيا"),
        doc("contribution:6").lang("sw").body("Wahamiaji wanatuma pesa nyumbani."),
        doc("contribution:7").lang("de").body("Die Städte und Gemeinden helfen."),
        doc("contribution:8").lang("en").body("Tourism statistics for the coast."));
  }

  @AfterEach
  void closeIndex() throws Exception {
    index.close();
  }

  @Test
  void anEnglishPluralFindsTheSingular() throws Exception {
    assertThat(ids(index, "migrants")).containsExactly("contribution:1");
  }

  @Test
  void frenchPluralsFindTheSingularPhrase() throws Exception {
    assertThat(ids(index, "collectivités locales")).containsExactly("contribution:2");
    assertThat(ids(index, "\"collectivités locales\"")).containsExactly("contribution:2");
  }

  @Test
  void aSpanishPluralFindsTheSingular() throws Exception {
    assertThat(ids(index, "remesas")).containsExactly("contribution:3");
  }

  @Test
  void accentsAreOptional() throws Exception {
    assertThat(ids(index, "developpement")).containsExactly("contribution:2");
    assertThat(ids(index, "DÉVELOPPEMENT")).containsExactly("contribution:2");
    assertThat(ids(index, "role")).containsExactly("contribution:2");
  }

  @Test
  void aPortuguesePluralFindsTheSingularAndBack() throws Exception {
    assertThat(ids(index, "autoridades locais")).containsExactly("contribution:4");
    assertThat(ids(index, "migração")).containsExactly("contribution:4");
    assertThat(ids(index, "migracoes")).containsExactly("contribution:4");
  }

  @Test
  void arabicMatchesWithOrWithoutDiacriticsAndAlefVariants() throws Exception {
    assertThat(ids(index, "المهاجرين")).containsExactly("contribution:5");
    assertThat(ids(index, "الْمُهَاجِرِينَ")).containsExactly("contribution:5");
    assertThat(ids(index, "افريقيا")).containsExactly("contribution:5");
    assertThat(ids(index, "إفريقيا")).containsExactly("contribution:5");
  }

  @Test
  void germanUmlautsAreOptional() throws Exception {
    assertThat(ids(index, "Stadte")).containsExactly("contribution:7");
  }

  @Test
  void aLanguageWithoutStemmerIsFoundThroughTheFallback() throws Exception {
    assertThat(ids(index, "wahamiaji")).containsExactly("contribution:6");
    assertThat(ids(index, "wahami*")).containsExactly("contribution:6");
  }

  @Test
  void aStopWordOfSomeLanguageDoesNotHideDocuments() throws Exception {
    assertThat(ids(index, "the migrant")).containsExactly("contribution:1");
    assertThat(ids(index, "la remesa")).containsExactly("contribution:3");
  }

  @Test
  void aPrefixMatchesWordsOfAnyLanguage() throws Exception {
    assertThat(ids(index, "migra*")).containsExactlyInAnyOrder("contribution:1", "contribution:4");
  }

  @Test
  void wordsAreRequiredAndExclusionsExclude() throws Exception {
    assertThat(ids(index, "migrant money")).containsExactly("contribution:1");
    assertThat(ids(index, "migrant tourism")).isEmpty();
    assertThat(ids(index, "migrant OR tourism"))
        .containsExactlyInAnyOrder("contribution:1", "contribution:8");
    assertThat(ids(index, "lang:en -tourism")).containsExactly("contribution:1");
  }

  @Test
  void aPhraseKeepsItsOrderAcrossStopWords() throws Exception {
    add(
        index,
        doc("contribution:30").lang("fr").body("Les droits de l'homme des travailleurs migrants."));
    assertThat(ids(index, "\"droits de l'homme\"")).containsExactly("contribution:30");
    assertThat(ids(index, "\"droits de l’homme\"")).containsExactly("contribution:30");
    assertThat(ids(index, "\"homme droits\"")).isEmpty();
  }

  @Test
  void aFrenchQueryFindsAnEnglishContributionThroughItsTranslation() throws Exception {
    add(
        index,
        doc("contribution:20")
            .lang("en")
            .body("Hometown associations fund schools.")
            .translation("fr", "Les associations de ressortissants financent des écoles."));
    assertThat(ids(index, "écoles")).containsExactly("contribution:20");
    assertThat(ids(index, "ressortissant")).containsExactly("contribution:20");
    SearchHit hit = search(index, "ecoles").hits().get(0);
    assertThat(hit.language()).isEqualTo("en");
    assertThat(hit.snippetHtml()).contains("<mark>écoles</mark>");
  }
}
