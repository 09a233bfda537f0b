package org.indaba.i18n;

import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Block;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * Reduces a contribution to the prose its author wrote, which is all language detection should see:
 * URLs, addresses and code are language-neutral noise that pulls short texts towards English, and
 * quoted lines are somebody else's words, often in another language.
 */
final class DetectionText {

  private static final Parser PARSER = Parser.builder().build();

  /** Lines quoted with '>' in mail replies and Markdown block quotes. */
  private static final Pattern QUOTED_LINE = Pattern.compile("(?m)^[ \\t]*>.*$");

  private static final Pattern URL =
      Pattern.compile("(?i)\\b(?:[a-z][a-z0-9+.-]*://|www\\.)\\S+|\\bmailto:\\S+");

  private static final Pattern EMAIL =
      Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+");

  /** Citations ({@code [#12]}), mentions and hashtags name things rather than say them. */
  private static final Pattern REFERENCES = Pattern.compile("\\[#\\d+]|[@#][\\p{L}\\p{N}_]+");

  private static final Pattern SPACES = Pattern.compile("\\s+");

  private DetectionText() {}

  static String prepare(String markdown) {
    if (markdown == null || markdown.isBlank()) {
      return "";
    }
    // each pattern runs only where the character it cannot match without is present: the result
    // is the same, and most texts hold no '>', '@', '#', URL or address at all
    String unquoted =
        markdown.indexOf('>') < 0 ? markdown : QUOTED_LINE.matcher(markdown).replaceAll("");
    StringBuilder prose = new StringBuilder(unquoted.length());
    // Only Text nodes are collected: code spans, code blocks, raw HTML and link destinations
    // hold their content elsewhere and so drop out, while link text (which is prose) stays.
    PARSER
        .parse(unquoted)
        .accept(
            new AbstractVisitor() {
              @Override
              public void visit(Text text) {
                prose.append(text.getLiteral());
              }

              @Override
              public void visit(SoftLineBreak softLineBreak) {
                prose.append(' ');
              }

              @Override
              public void visit(HardLineBreak hardLineBreak) {
                prose.append(' ');
              }

              @Override
              protected void visitChildren(Node parent) {
                super.visitChildren(parent);
                if (parent instanceof Block) {
                  prose.append('\n');
                }
              }
            });
    String text = prose.toString();
    if (mayHoldUrl(text)) {
      text = URL.matcher(text).replaceAll(" ");
    }
    if (text.indexOf('@') >= 0) {
      text = EMAIL.matcher(text).replaceAll(" ");
    }
    if (text.indexOf('@') >= 0 || text.indexOf('#') >= 0) {
      text = REFERENCES.matcher(text).replaceAll(" ");
    }
    return SPACES.matcher(text).replaceAll(" ").strip();
  }

  /** Whether {@link #URL} can match: it needs "://", "www." or "mailto:" (in any case). */
  private static boolean mayHoldUrl(String text) {
    if (text.contains("://")) {
      return true;
    }
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("www.") || lower.contains("mailto:");
  }
}
