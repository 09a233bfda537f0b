package org.indaba.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DetectionTextTest {

  @Test
  void urlsAndEmailAddressesAreRemoved() {
    String prepared =
        DetectionText.prepare(
            "Voir https://exemple.org/a?b=c et www.exemple.org ou écrire à marie.diallo@exemple.sn merci");
    assertThat(prepared).isEqualTo("Voir et ou écrire à merci");
  }

  @Test
  void addressesWrittenInCapitalsAreRemovedAndMentionsAndHashtagsToo() {
    String prepared =
        DetectionText.prepare(
            "Voir WWW.EXEMPLE.ORG, HTTPS://EXEMPLE.ORG/X et MAILTO:A@B.SN avec @aminata #diaspora");
    assertThat(prepared).isEqualTo("Voir et avec");
  }

  @Test
  void quotedLinesAreRemoved() {
    String prepared =
        DetectionText.prepare("Tout à fait.\n> You wrote this earlier\n>> and this\nMerci");
    assertThat(prepared)
        .doesNotContain("wrote")
        .doesNotContain("earlier")
        .contains("Tout à fait.")
        .contains("Merci");
  }

  @Test
  void markdownSyntaxIsRemovedButLinkTextIsKept() {
    String prepared =
        DetectionText.prepare(
            "## Titre\n\n* **gras** et _italique_\n* [le rapport](https://exemple.org/r.pdf) ![img](https://x.org/i.png)");
    assertThat(prepared).isEqualTo("Titre gras et italique le rapport img");
  }

  @Test
  void codeSpansCodeBlocksRawHtmlAndCitationsAreRemoved() {
    String prepared =
        DetectionText.prepare(
            "Selon [#42], utilisez `SELECT *` <b>ici</b>\n\n```\nfor (int i = 0; i < n; i++) {}\n```\n\n    indented code\n\nFin");
    assertThat(prepared).isEqualTo("Selon , utilisez ici Fin");
  }

  @Test
  void nullAndBlankInputGiveEmptyText() {
    assertThat(DetectionText.prepare(null)).isEmpty();
    assertThat(DetectionText.prepare(" \n ")).isEmpty();
  }
}
