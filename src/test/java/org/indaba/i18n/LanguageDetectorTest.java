package org.indaba.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageDetectorTest {

  /** Long enough and in one language: what the fake classifiers below are asked about. */
  private static final String PLAIN_SENTENCE =
      "The municipal council discussed remittances and local savings groups yesterday.";

  /** Loading the real models takes seconds; every test that needs them shares this instance. */
  private static LanguageDetector real;

  @BeforeAll
  static void loadModelsOnce() {
    real = new LanguageDetector();
    assertThat(real.awaitReady(Duration.ofMinutes(2))).as("models loaded").isTrue();
  }

  @ParameterizedTest(name = "a paragraph in {0} is detected as {0}")
  @ValueSource(strings = {"en", "fr", "es", "pt", "ar"})
  void detectsTheLanguageOfAParagraphOnDevelopmentTopics(String language) throws IOException {
    assertThat(real.detect(sample(language))).isEqualTo(language);
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | I agree with the previous speaker about the role of local authorities.",
        "fr | Je partage l'avis de Moussa sur le rôle des collectivités.",
        "es | Estoy de acuerdo con lo que dijo Ana sobre las remesas.",
        "pt | Concordo com a Maria sobre o papel das prefeituras.",
        "it | Sono d'accordo con la proposta del comune."
      })
  void aOneSentenceContributionIsStillDetected(String language, String sentence) {
    assertThat(real.detect(sentence)).isEqualTo(language);
  }

  @Test
  void aTextThatSwitchesBetweenLatinScriptLanguagesIsUndetermined() {
    String text =
        "The mairie de Dakar organised a réunion publique sur les transferts with the diaspora associations last week.";
    assertThat(real.detect(text)).isEqualTo(LanguageDetector.UNDETERMINED);
  }

  @ParameterizedTest(name = "\"{0}\" is undetermined")
  @ValueSource(strings = {"Merci !", "ok", "Thanks a lot", "Gracias, saludos", "شكرا جزيلا", "+1"})
  void shortTextIsUndetermined(String text) {
    assertThat(real.detect(text)).isEqualTo(LanguageDetector.UNDETERMINED);
  }

  @Test
  void textMadeOnlyOfLinksAddressesAndCodeIsUndetermined() {
    String text =
        """
        https://example.org/remittances/report-2023 contact@example.org

        ```
        SELECT amount FROM remittances WHERE country = 'Senegal';
        ```
        """;
    assertThat(real.detect(text)).isEqualTo(LanguageDetector.UNDETERMINED);
  }

  @Test
  void mixedArabicAndFrenchTextIsUndeterminedAndDoesNotThrow() throws IOException {
    assertThat(real.detect(sample("ar-fr-mixed"))).isEqualTo(LanguageDetector.UNDETERMINED);
  }

  @Test
  void quotedLinesFromAnEarlierMessageDoNotDecideTheLanguage() throws IOException {
    String reply =
        """
        Je suis d'accord avec vous, la mairie doit publier son budget chaque année.

        %s
        """
            .formatted(
                sample("en").lines().map(line -> "> " + line).reduce("", (a, b) -> a + "\n" + b));
    assertThat(real.detect(reply)).isEqualTo("fr");
  }

  @Test
  void nullAndBlankTextAreUndetermined() {
    assertThat(real.detect(null)).isEqualTo(LanguageDetector.UNDETERMINED);
    assertThat(real.detect("   \n\t")).isEqualTo(LanguageDetector.UNDETERMINED);
  }

  @Test
  void theDefaultDetectorKnowsTheCommunityLanguages() {
    assertThat(real.languages())
        .containsExactlyInAnyOrder("en", "fr", "es", "pt", "ar", "de", "it");
  }

  @Test
  void anUnknownLanguageCodeIsRejectedWhenTheDetectorIsBuilt() {
    assertThatThrownBy(() -> new LanguageDetector(Set.of("en", "xx")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("xx");
  }

  @Test
  void aSingleLanguageIsRejectedBecauseThereIsNothingToChooseFrom() {
    assertThatThrownBy(() -> new LanguageDetector(Set.of("fr")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void detectAnswersUndeterminedAtOnceWhileTheModelsAreStillLoading() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    LanguageDetector detector =
        new LanguageDetector(
            Set.of("en", "fr"),
            () -> {
              release.await();
              return text -> Map.of("en", 1.0);
            },
            true);
    try {
      String answer =
          assertTimeoutPreemptively(Duration.ofMillis(500), () -> detector.detect(PLAIN_SENTENCE));
      assertThat(answer).isEqualTo(LanguageDetector.UNDETERMINED);
      assertThat(detector.isReady()).isFalse();
      assertThat(detector.awaitReady(Duration.ofMillis(50))).isFalse();
    } finally {
      release.countDown();
    }
    assertThat(detector.awaitReady(Duration.ofSeconds(10))).isTrue();
    assertThat(detector.detect(PLAIN_SENTENCE)).isEqualTo("en");
  }

  @Test
  void modelsAreLoadedOnceEvenWhenWarmUpIsCalledRepeatedly() {
    AtomicInteger loads = new AtomicInteger();
    LanguageDetector detector =
        new LanguageDetector(
            Set.of("en", "fr"),
            () -> {
              loads.incrementAndGet();
              return text -> Map.of("fr", 1.0);
            },
            false);
    assertThat(detector.detect(PLAIN_SENTENCE)).isEqualTo(LanguageDetector.UNDETERMINED);
    assertThat(loads).hasValue(0);

    detector.warmUp();
    detector.warmUp();
    assertThat(detector.awaitReady(Duration.ofSeconds(10))).isTrue();
    detector.warmUp();
    assertThat(loads).hasValue(1);
  }

  @Test
  void aFailedLoadLeavesEveryTextUndeterminedInsteadOfFailingRequests() {
    LanguageDetector detector =
        new LanguageDetector(
            Set.of("en", "fr"),
            () -> {
              throw new IllegalStateException("model file missing");
            },
            true);
    assertThat(detector.awaitReady(Duration.ofSeconds(10))).isFalse();
    assertThat(detector.isReady()).isFalse();
    assertThat(detector.detect(PLAIN_SENTENCE)).isEqualTo(LanguageDetector.UNDETERMINED);
  }

  @Test
  void anExceptionInsideTheClassifierYieldsUndetermined() {
    LanguageDetector detector =
        new LanguageDetector(
            Set.of("en", "fr"),
            () ->
                text -> {
                  throw new ArrayIndexOutOfBoundsException("inside the library");
                },
            true);
    assertThat(detector.awaitReady(Duration.ofSeconds(10))).isTrue();
    assertThat(detector.detect(PLAIN_SENTENCE)).isEqualTo(LanguageDetector.UNDETERMINED);
  }

  @Test
  void twoCandidatesTooCloseToCallGiveUndeterminedWhileAClearLeadGivesTheLeader() {
    assertThat(withScores(Map.of("es", 1.0, "pt", 0.95)).detect(PLAIN_SENTENCE))
        .isEqualTo(LanguageDetector.UNDETERMINED);
    assertThat(withScores(Map.of("es", 1.0, "pt", 0.6)).detect(PLAIN_SENTENCE)).isEqualTo("es");
  }

  @Test
  void aLanguageOutsideTheConfiguredSetIsNeverReturned() {
    assertThat(withScores(Map.of("nl", 1.0, "en", 0.2)).detect(PLAIN_SENTENCE))
        .isEqualTo(LanguageDetector.UNDETERMINED);
  }

  @Test
  void mostlyCyrillicTextIsUndeterminedBecauseNoConfiguredLanguageUsesThatScript() {
    assertThat(
            withScores(Map.of("en", 1.0))
                .detect("Местные власти обсуждают денежные переводы мигрантов"))
        .isEqualTo(LanguageDetector.UNDETERMINED);
  }

  /** A ready detector whose classifier always answers {@code scores}, best first. */
  private static LanguageDetector withScores(Map<String, Double> scores) {
    Map<String, Double> ranked = new LinkedHashMap<>();
    scores.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> ranked.put(e.getKey(), e.getValue()));
    LanguageDetector detector =
        new LanguageDetector(Set.of("en", "es", "pt"), () -> text -> ranked, true);
    assertThat(detector.awaitReady(Duration.ofSeconds(10))).isTrue();
    return detector;
  }

  private static String sample(String name) throws IOException {
    try (InputStream in = LanguageDetectorTest.class.getResourceAsStream(name + ".md")) {
      assertThat(in).as("sample %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
