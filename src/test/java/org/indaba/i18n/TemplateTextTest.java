package org.indaba.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.junit.jupiter.api.Test;

/**
 * Templates may not carry user-visible words of their own: every sentence comes from the bundles
 * through {@code {{t "key"}}}. Handlebars expressions are removed first; what is left must have no
 * letters in text nodes or in the attributes people read (title, alt, placeholder, aria-label,
 * value of buttons).
 */
class TemplateTextTest {
  private static final Path TEMPLATES = Path.of("templates");

  @Test
  void noTemplateContainsLiteralUserVisibleText() throws IOException {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".hbs")).toList()) {
        String source = Files.readString(p);
        String stripped =
            source
                .replaceAll("(?s)\\{\\{!--.*?--}}", " ")
                .replaceAll("(?s)\\{\\{\\{.*?}}}", " ")
                .replaceAll("(?s)\\{\\{.*?}}", " ");
        String name = TEMPLATES.relativize(p).toString();
        if (name.endsWith(".txt.hbs") || name.endsWith(".subject.hbs")) {
          if (stripped.codePoints().anyMatch(Character::isLetter)) {
            problems.add(name + ": " + stripped.strip());
          }
          continue;
        }
        checkHtml(name, stripped, problems);
      }
    }
    assertThat(problems).as("literal text in templates").isEmpty();
  }

  private static void checkHtml(String name, String html, List<String> problems) {
    Document doc = Jsoup.parse(html);
    NodeTraversor.traverse(
        new NodeVisitor() {
          @Override
          public void head(org.jsoup.nodes.Node node, int depth) {
            if (node instanceof TextNode t
                && t.parent() instanceof Element parent
                && !parent.tagName().equals("style")
                && !parent.tagName().equals("script")) {
              String text = t.text();
              if (text.codePoints().anyMatch(Character::isLetter)) {
                problems.add(name + ": text '" + text.strip() + "'");
              }
            }
            if (node instanceof Element e) {
              for (String attr : List.of("title", "alt", "placeholder", "aria-label")) {
                if (e.hasAttr(attr) && e.attr(attr).codePoints().anyMatch(Character::isLetter)) {
                  problems.add(name + ": " + attr + "='" + e.attr(attr) + "'");
                }
              }
              if ((e.tagName().equals("input") && e.attr("type").matches("submit|button|reset"))
                  && e.attr("value").codePoints().anyMatch(Character::isLetter)) {
                problems.add(name + ": button value '" + e.attr("value") + "'");
              }
            }
          }

          @Override
          public void tail(org.jsoup.nodes.Node node, int depth) {
            // nothing to do on the way out
          }
        },
        doc);
  }

  @Test
  void theCheckCatchesLiteralText() {
    List<String> problems = new ArrayList<>();
    checkHtml("sample", "<p>Hello</p><img alt=\"A photo\"><p> · </p>", problems);
    assertThat(problems).hasSize(2);
  }
}
