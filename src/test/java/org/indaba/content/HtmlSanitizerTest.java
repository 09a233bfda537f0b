package org.indaba.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlSanitizerTest {

  @Test
  void allowedMarkupPassesUnchanged() {
    String html =
        "<p>Text with <em>em</em>, <strong>strong</strong> and <code>code</code>.</p>"
            + "<ul><li>one</li></ul><ol start=\"3\"><li>three</li></ol>"
            + "<blockquote><p>quote</p></blockquote><pre><code class=\"language-java\">int x;</code></pre>";
    assertThat(HtmlSanitizer.sanitize(html)).isEqualTo(html);
  }

  @Test
  void headingsMoveDownOneLevelAndStopAtFour() {
    assertThat(HtmlSanitizer.sanitize("<h1>a</h1><h2>b</h2><h3>c</h3><h5>d</h5>"))
        .isEqualTo("<h2>a</h2><h3>b</h3><h4>c</h4><h4>d</h4>");
  }

  @Test
  void layoutBlocksDisappearButTheirLinesStaySeparate() {
    assertThat(HtmlSanitizer.sanitize("<div>first</div><div>second</div>"))
        .isEqualTo("first<br>second");
  }

  @Test
  void tablesAreFlattenedToText() {
    assertThat(HtmlSanitizer.sanitize("<table><tr><td>a</td><td>b</td></tr></table>"))
        .isEqualTo("a b");
  }

  @Test
  void imagesBecomeLinksWhenRemoteAndTheirDescriptionOtherwise() {
    assertThat(HtmlSanitizer.sanitize("<img src=\"https://example.org/a.png\" alt=\"chart\">"))
        .isEqualTo("<a href=\"https://example.org/a.png\" rel=\"nofollow ugc noopener\">chart</a>");
    assertThat(HtmlSanitizer.sanitize("<img src=\"cid:part1\" alt=\"logo\">")).isEqualTo("logo");
  }

  @Test
  void everyLinkGetsTheRelWhateverItHadBefore() {
    assertThat(
            HtmlSanitizer.sanitize(
                "<a href=\"https://example.org\" rel=\"opener\" target=\"_blank\">x</a>"))
        .isEqualTo("<a href=\"https://example.org\" rel=\"nofollow ugc noopener\">x</a>");
  }

  @Test
  void classesOtherThanACodeLanguageAreRemoved() {
    assertThat(
            HtmlSanitizer.sanitize(
                "<code class=\"hidden language-js\">x</code><p class=\"alert\">y</p>"))
        .isEqualTo("<code class=\"language-js\">x</code><p>y</p>");
  }

  @Test
  void aListStartThatIsNotANumberIsRemoved() {
    assertThat(HtmlSanitizer.sanitize("<ol start=\"x\"><li>a</li></ol>"))
        .isEqualTo("<ol><li>a</li></ol>");
  }

  @Test
  void textIsEscapedAndNonAsciiCharactersAreKept() {
    assertThat(HtmlSanitizer.sanitize("a &lt;b&gt; &amp; ç ع")).isEqualTo("a &lt;b&gt; &amp; ç ع");
  }

  @Test
  void nullAndBlankGiveEmptyOutput() {
    assertThat(HtmlSanitizer.sanitize(null)).isEmpty();
    assertThat(HtmlSanitizer.sanitize("  ")).isEmpty();
  }
}
