package org.indaba.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchAnalyzersTest {

  private static final Analyzer ANALYZER = SearchAnalyzers.perField();

  @AfterAll
  static void close() {
    ANALYZER.close();
  }

  @ParameterizedTest(name = "in {0}, \"{1}\" and \"{2}\" share a token")
  @CsvSource({
    "en, migrants, migrant",
    "en, communities, community",
    "fr, collectivités, collectivité",
    "fr, locales, locale",
    "fr, developpement, développement",
    "fr, l'Europe, europe",
    "fr, l’État, etat",
    "es, remesas, remesa",
    "es, migración, migracion",
    "es, políticas, politica",
    "pt, migrações, migração",
    "pt, migracoes, migrações",
    "pt, autoridades, autoridade",
    "pt, locais, local",
    "de, Gemeinden, gemeinde",
    "de, Städte, stadte",
    "it, migranti, migrante",
    "ar, الْمُهَاجِرِينَ, المهاجرين",
    "ar, أفريقيا, افريقيا",
    "ar, إفريقيا, افريقيا",
    "und, ÇA, ca",
  })
  void languageAnalysisMakesVariantsMeet(String language, String left, String right)
      throws IOException {
    String field = IndexFields.text(language);
    assertThat(tokens(field, left)).containsAnyElementsOf(tokens(field, right));
  }

  @Test
  void unrelatedWordsDoNotMeet() throws IOException {
    String field = IndexFields.text("en");
    assertThat(tokens(field, "migration")).doesNotContainAnyElementsOf(tokens(field, "remittance"));
  }

  @Test
  void stopWordsAreDroppedInTheirLanguageOnly() throws IOException {
    assertThat(tokens(IndexFields.text("fr"), "les")).isEmpty();
    assertThat(tokens(IndexFields.text("und"), "les")).containsExactly("les");
  }

  @Test
  void icuFallbackSegmentsScriptsWithoutSpaces() throws IOException {
    assertThat(tokens(IndexFields.ALL, "การย้ายถิ่น")).hasSizeGreaterThan(1);
    assertThat(tokens(IndexFields.ALL, "Ｍigration")).containsExactly("migration");
  }

  static List<String> tokens(String field, String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream stream = ANALYZER.tokenStream(field, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        out.add(term.toString());
      }
      stream.end();
    }
    return out;
  }
}
