package org.indaba.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

  /** Knows contributions 12 and 40; records every id it is asked about. */
  private final List<Long> asked = new ArrayList<>();

  private final CitationResolver resolver =
      id -> {
        asked.add(id);
        if (id == 12) {
          return Optional.of(new Citation("/contributions/12", "Amina D., 3 March"));
        }
        if (id == 40) {
          return Optional.of(
              new Citation("https://indaba.example/c/40", "<b>Jo</b> & \"friends\""));
        }
        return Optional.empty();
      };

  @Test
  void everydayFormattingIsRendered() {
    String html =
        MarkdownRenderer.render(
            """
            Some *emphasis*, **strong** and `code`.

            1. first
            2. second

            - bullet

            > quoted

            ```
            block
            ```
            """);
    Element body = Jsoup.parseBodyFragment(html).body();
    assertThat(body.select("p > em").text()).isEqualTo("emphasis");
    assertThat(body.select("p > strong").text()).isEqualTo("strong");
    assertThat(body.select("p > code").text()).isEqualTo("code");
    assertThat(body.select("ol > li").eachText()).containsExactly("first", "second");
    assertThat(body.select("ul > li").eachText()).containsExactly("bullet");
    assertThat(body.select("blockquote > p").text()).isEqualTo("quoted");
    assertThat(body.select("pre > code").text()).isEqualTo("block");
  }

  @Test
  void headingsMoveDownOneLevelSoThatTheFirstLevelStaysWithThePage() {
    Element body =
        body(MarkdownRenderer.render("# One\n\n## Two\n\n### Three\n\n#### Four\n\n###### Six"));
    assertThat(body.select("h1")).isEmpty();
    assertThat(body.select("h2").text()).isEqualTo("One");
    assertThat(body.select("h3").text()).isEqualTo("Two");
    assertThat(body.select("h4").eachText()).containsExactly("Three", "Four", "Six");
  }

  @Test
  void linksCarryTheUserContentRel() {
    Elements links =
        body(MarkdownRenderer.render(
                "[report](https://example.org/r.pdf) and <http://example.org>"))
            .select("a");
    assertThat(links).hasSize(2);
    assertThat(links.eachAttr("rel")).containsOnly("nofollow ugc noopener");
    assertThat(links.eachAttr("href"))
        .containsExactly("https://example.org/r.pdf", "http://example.org");
  }

  @Test
  void mailtoLinksAreKept() {
    Element link =
        body(MarkdownRenderer.render("[write to us](mailto:secretariat@example.org)"))
            .selectFirst("a");
    assertThat(link).isNotNull();
    assertThat(link.attr("href")).isEqualTo("mailto:secretariat@example.org");
    assertThat(link.attr("rel")).isEqualTo("nofollow ugc noopener");
  }

  @Test
  void pathsInsideTheSiteAreKeptButLinksToOtherSchemesOrHostsWithoutSchemeLoseTheirTarget() {
    Element body =
        body(
            MarkdownRenderer.render(
                "[inside](/threads/3) [ftp](ftp://example.org/f) [sneaky](//evil.example/x)"));
    assertThat(body.select("a").eachAttr("href")).containsExactly("/threads/3");
    assertThat(body.text()).isEqualTo("inside ftp sneaky");
  }

  @Test
  void remoteImagesBecomeLinksInsteadOfBeingLoaded() {
    Element body =
        body(MarkdownRenderer.render("![Map of the region](https://example.org/map.png)"));
    assertThat(body.select("img")).isEmpty();
    Element link = body.selectFirst("a");
    assertThat(link).isNotNull();
    assertThat(link.attr("href")).isEqualTo("https://example.org/map.png");
    assertThat(link.text()).isEqualTo("Map of the region");
  }

  @Test
  void anImageWithoutDescriptionIsLinkedByItsAddress() {
    Element link =
        body(MarkdownRenderer.render("![](https://example.org/map.png)")).selectFirst("a");
    assertThat(link).isNotNull();
    assertThat(link.text()).isEqualTo("https://example.org/map.png");
  }

  @Test
  void anImageInsideALinkLeavesOnlyItsDescriptionInThatLink() {
    Elements links =
        body(MarkdownRenderer.render("[![logo](https://example.org/l.png)](https://example.org)"))
            .select("a");
    assertThat(links).hasSize(1);
    assertThat(links.first().attr("href")).isEqualTo("https://example.org");
    assertThat(links.first().text()).isEqualTo("logo");
  }

  @Test
  void rawHtmlIsShownAsTextRatherThanInterpreted() {
    String html = MarkdownRenderer.render("Use <b>bold</b> here");
    assertThat(body(html).select("b")).isEmpty();
    assertThat(body(html).text()).isEqualTo("Use <b>bold</b> here");
  }

  @Test
  void lineBreaksWithinAParagraphAreKept() {
    assertThat(body(MarkdownRenderer.render("first line\nsecond line")).select("p > br"))
        .hasSize(1);
  }

  @Test
  void arabicAndAccentedTextIsOutputAsCharactersNotEntities() {
    assertThat(MarkdownRenderer.render("التحويلات المالية — café"))
        .isEqualTo("<p>التحويلات المالية — café</p>");
  }

  @Test
  void nullOrBlankMarkdownRendersAsNothing() {
    assertThat(MarkdownRenderer.render(null)).isEmpty();
    assertThat(MarkdownRenderer.render(" \n ")).isEmpty();
  }

  @Test
  void aCitationOfAKnownContributionBecomesALink() {
    Element body = body(MarkdownRenderer.render("As [#12] said, it works.", resolver));
    Element link = body.selectFirst("a");
    assertThat(link).isNotNull();
    assertThat(link.attr("href")).isEqualTo("/contributions/12");
    assertThat(link.text()).isEqualTo("Amina D., 3 March");
    assertThat(link.attr("rel")).isEqualTo("nofollow ugc noopener");
    assertThat(body.text()).isEqualTo("As Amina D., 3 March said, it works.");
  }

  @Test
  void aCitationOfAnUnknownContributionStaysAsWritten() {
    Element body = body(MarkdownRenderer.render("See [#7] and [#12].", resolver));
    assertThat(body.text()).isEqualTo("See [#7] and Amina D., 3 March.");
    assertThat(body.select("a")).hasSize(1);
  }

  @Test
  void anIdCitedSeveralTimesIsLookedUpOnce() {
    Element body =
        body(MarkdownRenderer.render("[#12], again [#12] and **[#12]**; [#7] [#7]", resolver));
    assertThat(body.select("a")).hasSize(3);
    assertThat(asked).containsExactly(12L, 7L);
  }

  @Test
  void citationLabelsAreEscapedNotInterpreted() {
    String html = MarkdownRenderer.render("[#40]", resolver);
    Element link = body(html).selectFirst("a");
    assertThat(link).isNotNull();
    assertThat(link.children()).isEmpty();
    assertThat(link.text()).isEqualTo("<b>Jo</b> & \"friends\"");
  }

  @Test
  void citationsInsideCodeStayLiteralAndAreNotLookedUp() {
    String html =
        MarkdownRenderer.render(
            "Inline `[#12]`\n\n```\n[#12]\n```\n\n    [#12] indented", resolver);
    Element body = body(html);
    assertThat(body.select("a")).isEmpty();
    assertThat(body.select("code").eachText()).containsExactly("[#12]", "[#12]", "[#12] indented");
    assertThat(asked).isEmpty();
  }

  @Test
  void aCitationInsideLinkTextIsNotNestedIntoASecondLink() {
    Elements links =
        body(MarkdownRenderer.render("[see [#12]](https://example.org)", resolver)).select("a");
    assertThat(links).hasSize(1);
    assertThat(links.first().text()).isEqualTo("see [#12]");
  }

  @Test
  void aCitationResolvingToAForbiddenUrlLosesItsLink() {
    CitationResolver hostile = id -> Optional.of(new Citation("javascript:alert(1)", "label"));
    Element body = body(MarkdownRenderer.render("[#1]", hostile));
    assertThat(body.select("a")).isEmpty();
    assertThat(body.text()).isEqualTo("label");
  }

  @Test
  void withoutAResolverCitationsStayAsWritten() {
    assertThat(body(MarkdownRenderer.render("See [#12]")).text()).isEqualTo("See [#12]");
  }

  @Test
  void plainTextDropsInlineFormattingAndKeepsListMarkersAndWhereLinksLead() {
    String text =
        MarkdownRenderer.toPlainText(
            """
            ## Week 3

            **Remittances** and `mobile money`: see [the report](https://example.org/r.pdf).

            - first
            - second
            """);
    assertThat(text)
        .isEqualTo(
            "Week 3\n\nRemittances and mobile money: see the report (https://example.org/r.pdf).\n\n- first\n- second");
  }

  @Test
  void plainTextLeavesOutTargetsThePageWouldNotShow() {
    String text =
        MarkdownRenderer.toPlainText(
            "[click](javascript:alert(1)) [us](mailto:a@example.org) [here](/t/1)");
    assertThat(text).isEqualTo("click us (a@example.org) here");
  }

  @Test
  void plainTextOfNothingIsEmpty() {
    assertThat(MarkdownRenderer.toPlainText(null)).isEmpty();
    assertThat(MarkdownRenderer.toPlainText("")).isEmpty();
  }

  private static Element body(String html) {
    return Jsoup.parseBodyFragment(html).body();
  }

  @Test
  void bareUrlsBecomeLinksWithoutTheirSentencePunctuation() {
    String html =
        MarkdownRenderer.render(
            "See https://example.org/reports/2026/accounts.pdf, and www.example.org/kayes.\n\n"
                + "(Also https://en.wikipedia.org/wiki/Remittance_(economics)) done.");
    Elements links = Jsoup.parse(html).select("a");
    assertThat(links.eachAttr("href"))
        .containsExactly(
            "https://example.org/reports/2026/accounts.pdf",
            "https://www.example.org/kayes",
            "https://en.wikipedia.org/wiki/Remittance_(economics)");
    assertThat(links.eachText())
        .containsExactly(
            "https://example.org/reports/2026/accounts.pdf",
            "www.example.org/kayes",
            "https://en.wikipedia.org/wiki/Remittance_(economics)");
    assertThat(Jsoup.parse(html).text()).contains("accounts.pdf, and").contains(") done.");
  }

  @Test
  void urlsInCodeAndInLinksAndUnsafeSchemesAreLeftAlone() {
    String html =
        MarkdownRenderer.render(
            "`https://example.org/in-code` and [a link](https://example.org/linked) and"
                + " javascript://alert(1)");
    Elements links = Jsoup.parse(html).select("a");
    assertThat(links.eachAttr("href")).containsExactly("https://example.org/linked");
    assertThat(html).contains("<code>https://example.org/in-code</code>");
  }
}
