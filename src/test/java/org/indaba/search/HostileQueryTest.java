package org.indaba.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.search.Docs.doc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever is typed, the answer is results or a typed error, and it comes quickly. */
class HostileQueryTest extends IndexFixture {

  private static final Duration BOUND = Duration.ofSeconds(3);
  private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

  @TempDir static Path dir;
  static SearchIndex index;

  @BeforeAll
  static void openIndex() throws Exception {
    index = SearchIndex.open(dir);
    List<Docs> docs = new ArrayList<>();
    // Many distinct words under one prefix, so "pre*" has more expansions than allowed.
    IntStream.range(0, 500)
        .forEach(
            i ->
                docs.add(
                    doc("contribution:" + i)
                        .lang(i % 2 == 0 ? "en" : "fr")
                        .body("migration remittances pre%04d développement".formatted(i))));
    docs.add(doc("contribution:ar").lang("ar").body("مهاجر اللاجئين"));
    docs.add(doc("contribution:zh").lang("zh").body("移民 汇款"));
    add(index, docs.toArray(Docs[]::new));
  }

  @AfterAll
  static void closeIndex() throws Exception {
    index.close();
  }

  static List<String> hostileQueries() throws IOException {
    try (InputStream in = HostileQueryTest.class.getResourceAsStream("hostile-queries.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.startsWith("#"))
          .map(HostileQueryTest::unescape)
          .toList();
    }
  }

  static Stream<String> generatedQueries() {
    return Stream.of(
        "migration ".repeat(5_000),
        "a".repeat(QueryLimits.MAX_LENGTH),
        "(".repeat(QueryLimits.MAX_LENGTH),
        ")".repeat(QueryLimits.MAX_LENGTH),
        "\"".repeat(QueryLimits.MAX_LENGTH),
        "-".repeat(QueryLimits.MAX_LENGTH),
        "*".repeat(QueryLimits.MAX_LENGTH),
        "OR ".repeat(300),
        "a OR ".repeat(190),
        "(a ".repeat(200),
        "pre* ".repeat(4),
        "pre* migr* remi* dev*",
        "x".repeat(900) + "*",
        "lang:fr ".repeat(40),
        "\"" + "migration ".repeat(31) + "\"",
        "\u0000".repeat(QueryLimits.MAX_LENGTH),
        "é".repeat(QueryLimits.MAX_LENGTH),
        "e\u0301".repeat(QueryLimits.MAX_LENGTH / 2));
  }

  @Test
  void theResourceFileHoldsAtLeastFortyQueries() throws IOException {
    assertThat(hostileQueries()).hasSizeGreaterThanOrEqualTo(40);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("hostileQueries")
  void aHostileQueryFromTheListGetsResultsOrATypedError(String query) {
    assertAnswered(query);
  }

  @ParameterizedTest(name = "[{index}] generated query")
  @MethodSource("generatedQueries")
  void aHugeOrRepetitiveQueryGetsResultsOrATypedError(String query) {
    assertAnswered(query);
  }

  @Test
  void randomNoiseAlwaysGetsResultsOrATypedError() {
    Random random = new Random(20240601L);
    String alphabet = "ab é-*\"():OR|/\\[]{}~^!?,.'\u0000\u200bل移lang:week:type:before:author:";
    for (int i = 0; i < 1_000; i++) {
      StringBuilder query = new StringBuilder();
      int length = random.nextInt(60);
      for (int j = 0; j < length; j++) {
        query.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertAnswered(query.toString());
    }
  }

  @Test
  void aBoundedPrefixStillFindsDocuments() throws Exception {
    SearchResults results = search(index, "pre*");
    assertThat(results.total()).isPositive();
    assertThat(results.total()).isLessThanOrEqualTo(QueryLimits.MAX_PREFIX_EXPANSIONS);
  }

  @Test
  void aSpentTimeBudgetGivesPartialResultsNotAnError(@TempDir Path other) throws Exception {
    try (SearchIndex slow = SearchIndex.open(other, new SearchIndex.Settings(Duration.ZERO))) {
      add(slow, doc("contribution:1").body("migration"), doc("contribution:2").body("migration"));
      SearchResults results = slow.search(SearchRequest.of("migration"));
      assertThat(results.partial()).isTrue();
    }
  }

  private static void assertAnswered(String query) {
    Assertions.assertTimeoutPreemptively(
        BOUND,
        () -> {
          try {
            SearchResults results =
                index.search(
                    new SearchRequest(SearchQuery.parse(query), SortOrder.RELEVANCE, 1, 10));
            assertThat(results.total()).isNotNegative();
            assertThat(results.hits())
                .allSatisfy(hit -> assertThat(hit.snippetHtml()).doesNotContain("<script"));
          } catch (SearchQueryException e) {
            assertThat(e.key()).startsWith("search.error.");
          }
        },
        () -> "no answer in time for: " + query);
  }

  private static String unescape(String line) {
    Matcher matcher = ESCAPE.matcher(line);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(
          out,
          Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(matcher.group(1), 16))));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
