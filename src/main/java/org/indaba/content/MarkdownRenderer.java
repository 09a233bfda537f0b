package org.indaba.content;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.LineBreakRendering;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * Turns member Markdown into HTML that is safe to put on a page.
 *
 * <p>CommonMark does the formatting and {@link HtmlSanitizer} has the last word on what survives,
 * so a mistake in one layer is caught by the other. Raw HTML typed into Markdown is escaped and
 * shown as written: members pasting a snippet see it, and nothing in it ever runs. Only core
 * CommonMark is enabled; the GFM table extension is not on the classpath.
 *
 * <p>Parser and renderers are immutable and thread-safe, so one set serves every request.
 */
public final class MarkdownRenderer {

  /** {@code [#123]}: a reference to another contribution by id. */
  private static final Pattern CITATION = Pattern.compile("\\[#(\\d{1,18})]");

  private static final Parser PARSER = Parser.builder().build();

  private static final HtmlRenderer HTML =
      HtmlRenderer.builder()
          .escapeHtml(true)
          // Many contributions arrive by mail or are typed by people who expect a line break to
          // stay a line break; plain CommonMark would join the lines into one.
          .softbreak("<br>\n")
          .build();

  private static final TextContentRenderer TEXT =
      TextContentRenderer.builder()
          .lineBreakRendering(LineBreakRendering.SEPARATE_BLOCKS)
          .nodeRendererFactory(PlainTextNodeRenderer::new)
          .build();

  private MarkdownRenderer() {}

  /** Renders Markdown to safe HTML, leaving {@code [#123]} references as written. */
  public static String render(String markdown) {
    return render(markdown, CitationResolver.NONE);
  }

  /**
   * Renders Markdown to safe HTML, turning each {@code [#id]} outside code and outside existing
   * links into a link to whatever {@code resolver} returns for the id.
   */
  public static String render(String markdown, CitationResolver resolver) {
    Objects.requireNonNull(resolver, "resolver");
    if (markdown == null || markdown.isBlank()) {
      return "";
    }
    Node document = PARSER.parse(markdown);
    linkCitations(document, resolver);
    linkBareUrls(document);
    return HtmlSanitizer.sanitize(HTML.render(document));
  }

  /**
   * Plain text for search indexing and the text part of mails: formatting marks are removed, link
   * targets are kept next to their text, and blocks are separated by blank lines.
   */
  public static String toPlainText(String markdown) {
    if (markdown == null || markdown.isBlank()) {
      return "";
    }
    return TEXT.render(PARSER.parse(markdown)).strip();
  }

  private static void linkCitations(Node document, CitationResolver resolver) {
    // Collect first: splitting text nodes while the visitor walks them would skip siblings.
    List<Text> candidates = new ArrayList<>();
    document.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Text text) {
            if (text.getLiteral().contains("[#") && !insideLinkOrImage(text)) {
              candidates.add(text);
            }
          }
        });
    // Resolvers usually query the database; a contribution citing the same id often asks once.
    Map<Long, Optional<Citation>> seen = new HashMap<>();
    CitationResolver once = id -> seen.computeIfAbsent(id, resolver::resolve);
    for (Text text : candidates) {
      splitCitations(text, once);
    }
  }

  /**
   * {@code https://…}, {@code http://…} and {@code www.…} written as plain text, outside code and
   * links: such a URL ends at white space or at a character that cannot end one (a final full stop,
   * comma, colon and the like, or a closing bracket without its opening one).
   */
  private static final Pattern BARE_URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s<>\"]+");

  private static void linkBareUrls(Node document) {
    List<Text> candidates = new ArrayList<>();
    document.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Text text) {
            String l = text.getLiteral();
            if ((l.contains("://") || l.toLowerCase(java.util.Locale.ROOT).contains("www."))
                && !insideLinkOrImage(text)) {
              candidates.add(text);
            }
          }
        });
    for (Text text : candidates) {
      splitUrls(text);
    }
  }

  private static void splitUrls(Text text) {
    String literal = text.getLiteral();
    Matcher m = BARE_URL.matcher(literal);
    List<Node> parts = new ArrayList<>();
    int last = 0;
    while (m.find()) {
      String url = trimUrlEnd(m.group());
      if (url.length() <= "https://".length() && !url.regionMatches(true, 0, "www.", 0, 4)) {
        continue;
      }
      int end = m.start() + url.length();
      if (m.start() > last) {
        parts.add(new Text(literal.substring(last, m.start())));
      }
      String target = url.regionMatches(true, 0, "www.", 0, 4) ? "https://" + url : url;
      Link link = new Link(target, null);
      link.appendChild(new Text(url));
      parts.add(link);
      last = end;
    }
    if (parts.isEmpty()) {
      return;
    }
    if (last < literal.length()) {
      parts.add(new Text(literal.substring(last)));
    }
    for (Node part : parts) {
      text.insertBefore(part);
    }
    text.unlink();
  }

  /** Drops what ends a sentence rather than the URL: punctuation, unbalanced closing brackets. */
  static String trimUrlEnd(String url) {
    String u = url;
    while (!u.isEmpty()) {
      char c = u.charAt(u.length() - 1);
      if (".,;:!?'*_~".indexOf(c) >= 0) {
        u = u.substring(0, u.length() - 1);
      } else if (c == ')' && count(u, '(') < count(u, ')')) {
        u = u.substring(0, u.length() - 1);
      } else if (c == ']' && count(u, '[') < count(u, ']')) {
        u = u.substring(0, u.length() - 1);
      } else {
        break;
      }
    }
    return u;
  }

  private static int count(String s, char c) {
    return (int) s.chars().filter(x -> x == c).count();
  }

  /** Code spans and code blocks carry literals, not Text children, so they are never visited. */
  private static boolean insideLinkOrImage(Node node) {
    for (Node n = node.getParent(); n != null; n = n.getParent()) {
      if (n instanceof Link || n instanceof Image) {
        return true;
      }
    }
    return false;
  }

  private static void splitCitations(Text text, CitationResolver resolver) {
    String literal = text.getLiteral();
    Matcher m = CITATION.matcher(literal);
    List<Node> parts = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    int last = 0;
    while (m.find()) {
      Optional<Citation> citation = resolve(resolver, m.group(1));
      pending.append(literal, last, m.start());
      last = m.end();
      if (citation.isEmpty()) {
        pending.append(m.group());
        continue;
      }
      if (!pending.isEmpty()) {
        parts.add(new Text(pending.toString()));
        pending.setLength(0);
      }
      Link link = new Link(citation.get().url(), null);
      link.appendChild(new Text(citation.get().label()));
      parts.add(link);
    }
    if (parts.isEmpty()) {
      return;
    }
    pending.append(literal, last, literal.length());
    if (!pending.isEmpty()) {
      parts.add(new Text(pending.toString()));
    }
    for (Node part : parts) {
      text.insertBefore(part);
    }
    text.unlink();
  }

  private static Optional<Citation> resolve(CitationResolver resolver, String digits) {
    long id;
    try {
      id = Long.parseLong(digits);
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
    Optional<Citation> citation = resolver.resolve(id);
    return citation == null ? Optional.empty() : citation;
  }
}
