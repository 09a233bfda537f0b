package org.indaba.mail.parse;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Evaluator;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.QueryParser;

/**
 * Renders an HTML mail body as readable plain text: paragraphs separated by a blank line, line
 * breaks kept, list items bulleted or numbered, links written as {@code text (url)}, and
 * blockquotes prefixed with {@code >} so that quoted replies stay recognisable as quotes. Scripts,
 * styles and hidden elements produce nothing.
 */
public final class HtmlToText {

  private static final Set<String> SKIPPED =
      Set.of(
          "script",
          "style",
          "head",
          "title",
          "meta",
          "link",
          "noscript",
          "template",
          "iframe",
          "object",
          "embed",
          "svg",
          "canvas",
          "button",
          "select",
          "input",
          "textarea");

  private static final Set<String> PARAGRAPHS =
      Set.of(
          "p",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "blockquote",
          "pre",
          "table",
          "ul",
          "ol",
          "dl",
          "hr",
          "figure",
          "address");

  private static final Set<String> BLOCKS =
      Set.of(
          "div",
          "li",
          "tr",
          "dt",
          "dd",
          "section",
          "article",
          "header",
          "footer",
          "nav",
          "aside",
          "main",
          "center",
          "form",
          "fieldset",
          "caption",
          "figcaption",
          "details",
          "summary",
          "tbody",
          "thead",
          "tfoot");

  /** Gmail's signature block, parsed once as the sanitiser's selectors are. */
  private static final Evaluator GMAIL_SIGNATURE =
      QueryParser.parse("div.gmail_signature, [data-smartmail=gmail_signature]");

  private HtmlToText() {}

  /** Converts an HTML document or fragment to plain text with '\n' line breaks. */
  public static String convert(String html) {
    if (html == null || html.isBlank()) {
      return "";
    }
    Document doc = Jsoup.parse(html);
    // Gmail's signature block becomes a signature after the usual separator, so that the reply
    // trimmer keeps it apart like a plain-text one
    for (org.jsoup.nodes.Element sig : doc.select(GMAIL_SIGNATURE)) {
      sig.before("<div>-- </div>");
    }
    Renderer renderer = new Renderer();
    NodeTraversor.filter(renderer, doc.body() != null ? doc.body() : doc);
    return tidy(renderer.out.toString());
  }

  /** Trailing spaces go, runs of blank lines become one, and the ends are trimmed. */
  private static String tidy(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int blank = 0;
    for (String line : text.split("\n", -1)) {
      String stripped = line.stripTrailing();
      if (stripped.isEmpty()) {
        blank++;
        continue;
      }
      if (out.length() > 0) {
        out.append(blank > 0 ? "\n\n" : "\n");
      }
      blank = 0;
      out.append(stripped);
    }
    return out.toString();
  }

  private static final class Renderer implements NodeFilter {
    final StringBuilder out = new StringBuilder();
    private int pendingNewlines;
    private int pendingDepth; // quote depth when the pending line breaks were asked for
    private boolean atLineStart = true;
    private int quoteDepth;
    private int preDepth;
    private final Deque<int[]> lists = new ArrayDeque<>(); // {ordered ? 1 : 0, next number}
    private final Deque<Object[]> links = new ArrayDeque<>(); // {start index, href}

    @Override
    public FilterResult head(Node node, int depth) {
      if (node instanceof TextNode text) {
        text(text.getWholeText());
        return FilterResult.CONTINUE;
      }
      if (!(node instanceof Element el)) {
        return FilterResult.SKIP_ENTIRELY; // comments, including Outlook's conditional ones
      }
      String tag = el.normalName();
      if (SKIPPED.contains(tag) || hidden(el)) {
        return FilterResult.SKIP_ENTIRELY;
      }
      switch (tag) {
        case "br" -> lineBreak();
        case "blockquote" -> {
          block(2);
          quoteDepth++;
        }
        case "pre" -> {
          block(2);
          preDepth++;
        }
        case "ul", "ol" -> {
          block(lists.isEmpty() ? 2 : 1);
          lists.push(new int[] {tag.equals("ol") ? 1 : 0, startNumber(el)});
        }
        case "li" -> {
          block(1);
          int[] list = lists.peek();
          String indent = "  ".repeat(Math.max(0, lists.size() - 1));
          String bullet = list != null && list[0] == 1 ? (list[1]++) + ". " : "- ";
          write(indent + bullet);
        }
        case "td", "th" -> {
          if (!atLineStart && pendingNewlines == 0) {
            write("  ");
          }
        }
        case "a" -> links.push(new Object[] {out.length(), el.attr("href").strip()});
        default -> {
          if (PARAGRAPHS.contains(tag)) {
            block(2);
          } else if (BLOCKS.contains(tag)) {
            block(1);
          }
        }
      }
      return FilterResult.CONTINUE;
    }

    @Override
    public FilterResult tail(Node node, int depth) {
      if (!(node instanceof Element el)) {
        return FilterResult.CONTINUE;
      }
      String tag = el.normalName();
      switch (tag) {
        case "blockquote" -> {
          quoteDepth = Math.max(0, quoteDepth - 1);
          block(2);
        }
        case "pre" -> {
          preDepth = Math.max(0, preDepth - 1);
          block(2);
        }
        case "ul", "ol" -> {
          lists.poll();
          block(lists.isEmpty() ? 2 : 1);
        }
        case "a" -> closeLink();
        default -> {
          if (PARAGRAPHS.contains(tag)) {
            block(2);
          } else if (BLOCKS.contains(tag)) {
            block(1);
          }
        }
      }
      return FilterResult.CONTINUE;
    }

    private void closeLink() {
      Object[] link = links.poll();
      if (link == null) {
        return;
      }
      int start = Math.min((Integer) link[0], out.length());
      String href = (String) link[1];
      String lower = href.toLowerCase(Locale.ROOT);
      String label = out.substring(start).strip();
      if (label.isEmpty()
          || !(lower.startsWith("http://")
              || lower.startsWith("https://")
              || lower.startsWith("ftp://")
              || lower.startsWith("mailto:"))) {
        return;
      }
      String bare = href.replaceFirst("(?i)^(mailto:|https?://)", "").replaceFirst("/$", "");
      String labelBare = label.replaceFirst("(?i)^(mailto:|https?://)", "").replaceFirst("/$", "");
      if (labelBare.equalsIgnoreCase(bare)) {
        return; // the link text already shows where it goes
      }
      write(" (" + href + ")");
    }

    private static int startNumber(Element el) {
      try {
        return el.hasAttr("start") ? Integer.parseInt(el.attr("start").strip()) : 1;
      } catch (NumberFormatException e) {
        return 1;
      }
    }

    private static boolean hidden(Element el) {
      if (el.hasAttr("hidden")) {
        return true;
      }
      String style = el.attr("style").toLowerCase(Locale.ROOT).replace(" ", "");
      return style.contains("display:none") || style.contains("visibility:hidden");
    }

    private void text(String raw) {
      if (preDepth > 0) {
        String[] lines = raw.replace("\r\n", "\n").replace('\u00A0', ' ').split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          if (i > 0) {
            lineBreak();
          }
          if (!lines[i].isEmpty()) {
            write(lines[i]);
          }
        }
        return;
      }
      // HTML whitespace collapsing; a no-break space is kept as a plain space.
      String collapsed = raw.replaceAll("[ \\t\\n\\r\\f]+", " ").replace('\u00A0', ' ');
      if (atLineStart || pendingNewlines > 0 || endsWithSpace()) {
        collapsed = collapsed.stripLeading();
      }
      if (!collapsed.isEmpty()) {
        write(collapsed);
      }
    }

    private boolean endsWithSpace() {
      return out.length() > 0 && out.charAt(out.length() - 1) == ' ';
    }

    private void block(int newlines) {
      if (out.length() > 0) {
        markPendingDepth();
        pendingNewlines = Math.max(pendingNewlines, newlines);
      }
    }

    private void lineBreak() {
      if (out.length() > 0) {
        markPendingDepth();
        pendingNewlines++;
      }
    }

    private void markPendingDepth() {
      if (pendingNewlines == 0) {
        pendingDepth = quoteDepth;
      }
    }

    private void write(String s) {
      if (pendingNewlines > 0) {
        trimTrailingSpace();
        for (int i = 0; i < pendingNewlines; i++) {
          out.append('\n');
          int blankDepth = Math.min(pendingDepth, quoteDepth);
          if (i < pendingNewlines - 1 && blankDepth > 0) {
            out.append(">".repeat(blankDepth)); // a blank line inside a quote stays quoted
          }
        }
        pendingNewlines = 0;
        atLineStart = true;
      }
      if (atLineStart && quoteDepth > 0) {
        out.append(">".repeat(quoteDepth)).append(' ');
      }
      out.append(s);
      atLineStart = false;
    }

    private void trimTrailingSpace() {
      int end = out.length();
      while (end > 0 && out.charAt(end - 1) == ' ') {
        end--;
      }
      out.setLength(end);
    }
  }
}
