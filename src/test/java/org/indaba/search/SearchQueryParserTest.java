package org.indaba.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.indaba.search.QueryNode.And;
import org.indaba.search.QueryNode.Filter;
import org.indaba.search.QueryNode.Not;
import org.indaba.search.QueryNode.Or;
import org.indaba.search.QueryNode.Phrase;
import org.indaba.search.QueryNode.Prefix;
import org.indaba.search.QueryNode.Word;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchQueryParserTest {

  private static QueryNode parse(String text) throws SearchQueryException {
    return SearchQuery.parse(text).root();
  }

  private static void assertError(String text, String key) {
    assertThatThrownBy(() -> SearchQuery.parse(text))
        .isInstanceOfSatisfying(
            SearchQueryException.class, e -> assertThat(e.key()).isEqualTo(key));
  }

  @Test
  void wordsAreJoinedByAnd() throws Exception {
    assertThat(parse("migration remittances"))
        .isEqualTo(new And(List.of(new Word("migration"), new Word("remittances"))));
  }

  @Test
  void quotedWordsFormAPhrase() throws Exception {
    assertThat(parse("\"local authorities\" diaspora"))
        .isEqualTo(new And(List.of(new Phrase("local authorities"), new Word("diaspora"))));
  }

  @Test
  void aDashExcludes() throws Exception {
    assertThat(parse("migration -tourism"))
        .isEqualTo(new And(List.of(new Word("migration"), new Not(new Word("tourism")))));
  }

  @Test
  void orBindsTighterThanTheImplicitAnd() throws Exception {
    assertThat(parse("remittances diaspora OR migrants"))
        .isEqualTo(
            new And(
                List.of(
                    new Word("remittances"),
                    new Or(List.of(new Word("diaspora"), new Word("migrants"))))));
  }

  @Test
  void parenthesesGroup() throws Exception {
    assertThat(parse("-(a1 OR b2)"))
        .isEqualTo(new Not(new Or(List.of(new Word("a1"), new Word("b2")))));
  }

  @Test
  void aTrailingStarMakesAPrefix() throws Exception {
    assertThat(parse("migra*")).isEqualTo(new Prefix("migra"));
  }

  @Test
  void lowerCaseOrIsAWordBecauseItIsOneInFrench() throws Exception {
    assertThat(parse("or noir")).isEqualTo(new And(List.of(new Word("or"), new Word("noir"))));
  }

  @Test
  void filtersAreParsedAndNormalised() throws Exception {
    assertThat(
            parse(
                "discussion:Migration-Dev week:03 lang:FR type:Reply before:2024-05-01 after:2024-01-31"))
        .isEqualTo(
            new And(
                List.of(
                    new Filter(FilterField.DISCUSSION, List.of("migration-dev")),
                    new Filter(FilterField.WEEK, List.of("3")),
                    new Filter(FilterField.LANGUAGE, List.of("fr")),
                    new Filter(FilterField.TYPE, List.of("reply")),
                    new Filter(FilterField.BEFORE, List.of("2024-05-01")),
                    new Filter(FilterField.AFTER, List.of("2024-01-31")))));
  }

  @Test
  void filterValuesMayBeQuoted() throws Exception {
    assertThat(parse("author:\"Aminata Diallo\" org:\"Réseau Migration\" country:\"Burkina Faso\""))
        .isEqualTo(
            new And(
                List.of(
                    new Filter(FilterField.AUTHOR, List.of("Aminata Diallo")),
                    new Filter(FilterField.ORGANISATION, List.of("Réseau Migration")),
                    new Filter(FilterField.COUNTRY, List.of("Burkina Faso")))));
  }

  @Test
  void listFiltersAcceptSeveralValues() throws Exception {
    assertThat(parse("lang:fr,es"))
        .isEqualTo(new Filter(FilterField.LANGUAGE, List.of("fr", "es")));
  }

  @Test
  void unknownFieldsAreSearchedAsWords() throws Exception {
    assertThat(parse("colour:blue"))
        .isEqualTo(new And(List.of(new Word("colour"), new Word("blue"))));
  }

  @Test
  void aQueryOfOnlyFiltersIsValid() throws Exception {
    SearchQuery query = SearchQuery.parse("lang:fr week:2");
    assertThat(query.isEmpty()).isFalse();
    assertThat(query.root()).isInstanceOf(And.class);
  }

  @Test
  void blankOrPunctuationOnlyInputIsTheEmptyQuery() throws Exception {
    assertThat(SearchQuery.parse("   ").isEmpty()).isTrue();
    assertThat(SearchQuery.parse(null).isEmpty()).isTrue();
    assertThat(SearchQuery.parse("/.*/ && || !").isEmpty()).isTrue();
  }

  @Test
  void unbalancedQuotesAndParenthesesAreForgiven() throws Exception {
    assertThat(parse("\"local authorities")).isEqualTo(new Phrase("local authorities"));
    assertThat(parse("((diaspora")).isEqualTo(new Word("diaspora"));
    assertThat(parse("diaspora))")).isEqualTo(new Word("diaspora"));
  }

  @Test
  void loneOperatorsAreIgnored() throws Exception {
    assertThat(parse("OR OR diaspora OR OR")).isEqualTo(new Word("diaspora"));
    assertThat(parse("- diaspora -")).isEqualTo(new Word("diaspora"));
  }

  @Test
  void controlCharactersSeparateWords() throws Exception {
    assertThat(parse("diaspora\u0000remittances"))
        .isEqualTo(new And(List.of(new Word("diaspora"), new Word("remittances"))));
  }

  @ParameterizedTest(name = "\"{0}\" is refused with {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mi*                              | search.error.prefixTooShort",
        "lang:                            | search.error.filterValueMissing",
        "author:\"\"                      | search.error.filterValueMissing",
        "week:three                       | search.error.invalidWeek",
        "week:-1                          | search.error.invalidWeek",
        "before:2024-13-45                | search.error.invalidDate",
        "after:yesterday                  | search.error.invalidDate",
        "lang:french                      | search.error.invalidLanguage",
        "type:comment                     | search.error.invalidType",
        "abc* bcd* cde* def* efg*         | search.error.tooManyPrefixes",
        "((((((((((diaspora))))))))))     | search.error.tooDeep",
      })
  void malformedInputGetsATypedError(String text, String key) {
    assertError(text, key);
  }

  @Test
  void tooLongInputIsRefused() {
    assertError("a".repeat(QueryLimits.MAX_LENGTH + 1), SearchQueryException.TOO_LONG);
  }

  @Test
  void tooManyTermsAreRefused() {
    assertError("word ".repeat(QueryLimits.MAX_TERMS + 1), SearchQueryException.TOO_MANY_TERMS);
  }

  @Test
  void phraseWordsCountTowardsTheTermLimit() {
    assertError(
        "\"" + "word ".repeat(QueryLimits.MAX_TERMS + 1) + "\"",
        SearchQueryException.TOO_MANY_TERMS);
  }

  @Test
  void errorsEchoTheOffendingValueShortened() {
    assertThatThrownBy(() -> SearchQuery.parse("week:" + "9".repeat(80)))
        .isInstanceOfSatisfying(
            SearchQueryException.class,
            e -> {
              assertThat(e.key()).isEqualTo(SearchQueryException.INVALID_WEEK);
              assertThat(e.arguments().get(0)).hasSize(40);
            });
  }
}
