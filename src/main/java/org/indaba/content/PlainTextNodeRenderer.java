package org.indaba.content;

import java.util.Optional;
import java.util.Set;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.text.TextContentNodeRendererContext;
import org.commonmark.renderer.text.TextContentWriter;

/**
 * Plain-text forms of links, images and inline code that read well in a mail and index well.
 *
 * <p>CommonMark's own text renderer quotes link text and repeats every destination, including ones
 * the HTML page would never show such as {@code javascript:}. Here a link becomes {@code text
 * (url)} only when the URL would survive on the page and adds something, and inline code loses its
 * quotes.
 */
final class PlainTextNodeRenderer implements NodeRenderer {

  private final TextContentNodeRendererContext context;
  private final TextContentWriter writer;

  PlainTextNodeRenderer(TextContentNodeRendererContext context) {
    this.context = context;
    this.writer = context.getWriter();
  }

  @Override
  public Set<Class<? extends Node>> getNodeTypes() {
    return Set.of(Link.class, Image.class, Code.class);
  }

  @Override
  public void render(Node node) {
    switch (node) {
      case Code code -> writer.write(code.getLiteral());
      case Link link -> {
        renderChildren(link);
        appendTarget(textOf(link), UrlPolicy.linkTarget(link.getDestination()));
      }
      case Image image -> {
        String alt = textOf(image);
        writer.write(alt);
        appendTarget(alt, UrlPolicy.imageSource(image.getDestination()));
      }
      default -> renderChildren(node);
    }
  }

  private void appendTarget(String text, Optional<String> target) {
    // A path inside Indaba means nothing in a mail or an index without the host in front.
    if (target.isEmpty() || target.get().startsWith("/")) {
      return;
    }
    String url = target.get();
    String shown = url.startsWith("mailto:") ? url.substring("mailto:".length()) : url;
    if (text.isBlank()) {
      writer.write(shown);
    } else if (!text.strip().equals(shown)) {
      writer.write(" (" + shown + ")");
    }
  }

  private void renderChildren(Node parent) {
    Node child = parent.getFirstChild();
    while (child != null) {
      Node next = child.getNext();
      context.render(child);
      child = next;
    }
  }

  private static String textOf(Node node) {
    StringBuilder sb = new StringBuilder();
    node.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Text text) {
            sb.append(text.getLiteral());
          }

          @Override
          public void visit(Code code) {
            sb.append(code.getLiteral());
          }
        });
    return sb.toString();
  }
}
