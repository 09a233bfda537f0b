package org.indaba.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vector in {@code xss-vectors.txt} goes through both entry points, and the output is
 * inspected the way a browser would see it: parsed again into a DOM.
 */
class XssVectorsTest {

  private static final Map<String, Set<String>> ALLOWED_ATTRIBUTES =
      Map.of("a", Set.of("href", "title", "rel"), "ol", Set.of("start"), "code", Set.of("class"));

  /** Markup that must never appear unescaped, whatever the DOM check makes of it. */
  private static final List<String> FORBIDDEN_MARKUP =
      List.of(
          "<script",
          "<svg",
          "<math",
          "<iframe",
          "<img",
          "<style",
          "<form",
          "<meta",
          "<object",
          "<embed",
          "<base",
          "<link",
          "<input",
          "<textarea",
          "<template");

  static Stream<Arguments> vectors() throws IOException {
    try (InputStream in = XssVectorsTest.class.getResourceAsStream("xss-vectors.txt")) {
      assertThat(in).as("xss-vectors.txt on the test classpath").isNotNull();
      // One vector a line; "\n" stands for a line break so multi-line Markdown fits on one line.
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(line -> !line.isBlank())
              .map(line -> line.replace("\\n", "\n"))
              .toList()
              .stream()
              .flatMap(
                  vector ->
                      Stream.of(Arguments.of("markdown", vector), Arguments.of("html", vector)));
    }
  }

  @Test
  void theVectorListIsLongEnoughToMeanSomething() throws IOException {
    assertThat(vectors().count() / 2).isGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("vectors")
  void eachVectorIsNeutralised(String entryPoint, String vector) {
    String output = entryPoint(entryPoint).apply(vector);

    String lower = output.toLowerCase(Locale.ROOT);
    for (String markup : FORBIDDEN_MARKUP) {
      assertThat(lower).as("raw %s in output", markup).doesNotContain(markup);
    }
    for (Element element : Jsoup.parseBodyFragment(output).body().getAllElements()) {
      if (element.tagName().equals("body")) {
        continue;
      }
      assertThat(HtmlSanitizer.ALLOWED_TAGS).as("tag in %s", output).contains(element.tagName());
      for (Attribute attribute : element.attributes()) {
        String name = attribute.getKey().toLowerCase(Locale.ROOT);
        assertThat(name).as("attribute in %s", output).doesNotStartWith("on").isNotEqualTo("style");
        assertThat(ALLOWED_ATTRIBUTES.getOrDefault(element.tagName(), Set.of()))
            .as("attributes of <%s> in %s", element.tagName(), output)
            .contains(name);
        assertThat(squeeze(attribute.getValue()))
            .as("value of %s in %s", name, output)
            .doesNotContain("javascript:", "vbscript:", "data:", "expression(");
      }
      if (element.tagName().equals("a")) {
        assertThat(squeeze(element.attr("href")))
            .as("link target in %s", output)
            .matches("(https?://|mailto:|/(?![/\\\\])).+");
        assertThat(element.attr("rel")).isEqualTo(HtmlSanitizer.LINK_REL);
      }
    }
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("vectors")
  void sanitisingTheOutputAgainChangesNothing(String entryPoint, String vector) {
    // A browser re-parses what we send; if a second pass changes the markup, the first pass's
    // output means something different from what was checked (mutation XSS).
    String once = entryPoint(entryPoint).apply(vector);
    assertThat(HtmlSanitizer.sanitize(once)).isEqualTo(once);
  }

  private static UnaryOperator<String> entryPoint(String name) {
    return name.equals("markdown") ? MarkdownRenderer::render : HtmlSanitizer::sanitize;
  }

  /** Lower case without whitespace, controls or invisible marks, as a browser reads a URL. */
  private static String squeeze(String value) {
    StringBuilder sb = new StringBuilder();
    value
        .codePoints()
        .filter(
            cp ->
                !Character.isWhitespace(cp)
                    && !Character.isISOControl(cp)
                    && Character.getType(cp) != Character.FORMAT)
        .forEach(sb::appendCodePoint);
    return sb.toString().toLowerCase(Locale.ROOT);
  }
}
