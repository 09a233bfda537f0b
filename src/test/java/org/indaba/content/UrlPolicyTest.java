package org.indaba.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPolicyTest {

  @ParameterizedTest(name = "{0} is linked as {1}")
  @CsvSource({
    "https://example.org/a?b=c#d, https://example.org/a?b=c#d",
    "HTTP://EXAMPLE.ORG, HTTP://EXAMPLE.ORG",
    "mailto:someone@example.org, mailto:someone@example.org",
    "/threads/12#c4, /threads/12#c4",
    "'  https://example.org/x  ', https://example.org/x",
    "https://example.org/a file.pdf, https://example.org/a%20file.pdf"
  })
  void allowedLinksAreKeptAndTidied(String raw, String expected) {
    assertThat(UrlPolicy.linkTarget(raw)).contains(expected);
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(
      strings = {
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\u0001javascript:alert(1)",
        "java\u200Bscript:alert(1)",
        "java script:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "file:///etc/passwd",
        "ftp://example.org",
        "http:example.org",
        "https:",
        "//evil.example/x",
        "/\\evil.example/x",
        "relative/path",
        "#top",
        "",
        "   "
      })
  void otherLinksAreRefused(String raw) {
    assertThat(UrlPolicy.linkTarget(raw)).isEmpty();
  }

  @ParameterizedTest(name = "image {0} is refused")
  @ValueSource(
      strings = {
        "mailto:a@example.org",
        "/static/logo.png",
        "data:image/png;base64,AAAA",
        "cid:part1"
      })
  void imagesOnlyComeFromTheWeb(String raw) {
    assertThat(UrlPolicy.imageSource(raw)).isEmpty();
  }
}
