package org.indaba.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocaleChoiceTest {
  private static Optional<String> o(String s) {
    return Optional.ofNullable(s);
  }

  @Test
  void theMembersPreferenceComesFirst() {
    assertThat(LocaleChoice.choose(o("ar"), o("fr"), o("es"), o("en"))).isEqualTo("ar");
  }

  @Test
  void thenTheExplicitChoiceInTheAddress() {
    assertThat(LocaleChoice.choose(o(null), o("fr"), o("es"), o("en"))).isEqualTo("fr");
  }

  @Test
  void thenTheRememberedCookie() {
    assertThat(LocaleChoice.choose(o(null), o(null), o("es"), o("fr-FR"))).isEqualTo("es");
  }

  @Test
  void thenAcceptLanguageByQuality() {
    assertThat(
            LocaleChoice.choose(o(null), o(null), o(null), o("de-DE,de;q=0.9,ar;q=0.5,fr;q=0.7")))
        .isEqualTo("fr");
    assertThat(LocaleChoice.choose(o(null), o(null), o(null), o("pt-BR, es-MX;q=0.8")))
        .isEqualTo("es");
  }

  @Test
  void unsupportedOrMalformedValuesFallBackToTheSiteDefault() {
    assertThat(LocaleChoice.choose(o("xx"), o("klingon"), o(""), o(";;;q=abc,,"))).isEqualTo("en");
    assertThat(LocaleChoice.choose(o(null), o(null), o(null), o("fr;q=0"))).isEqualTo("en");
  }
}
