package org.indaba.web;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Atom feeds (RFC 4287) for any feature. Written with the JDK's XML writer, so every title, name
 * and HTML body is escaped by the writer rather than by hand.
 */
public final class AtomWriter {
  private static final String NS = "http://www.w3.org/2005/Atom";

  private AtomWriter() {}

  /** The feed itself; {@code subtitle} and {@code author} may be null. */
  public record Feed(
      String title,
      String subtitle,
      String selfUrl,
      String alternateUrl,
      Instant updated,
      String author,
      List<Entry> entries) {}

  /**
   * One entry; {@code published} and {@code author} may be null. {@code html} is sent as the
   * entry's content, or as its summary when it is only an extract.
   */
  public record Entry(
      String url,
      String title,
      Instant published,
      Instant updated,
      String author,
      String html,
      boolean summaryOnly) {}

  public static byte[] write(Feed feed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.writeStartElement("feed");
      w.writeDefaultNamespace(NS);
      text(w, "title", feed.title());
      if (feed.subtitle() != null && !feed.subtitle().isEmpty()) {
        text(w, "subtitle", feed.subtitle());
      }
      text(w, "id", feed.selfUrl());
      link(w, "self", feed.selfUrl(), "application/atom+xml");
      link(w, "alternate", feed.alternateUrl(), "text/html");
      text(w, "updated", iso(feed.updated()));
      author(w, feed.author());
      for (Entry e : feed.entries()) {
        w.writeStartElement("entry");
        text(w, "title", e.title());
        text(w, "id", e.url());
        link(w, "alternate", e.url(), "text/html");
        if (e.published() != null) {
          text(w, "published", iso(e.published()));
        }
        text(w, "updated", iso(e.updated()));
        author(w, e.author());
        w.writeStartElement(e.summaryOnly() ? "summary" : "content");
        w.writeAttribute("type", "html");
        w.writeCharacters(xmlSafe(e.html()));
        w.writeEndElement();
        w.writeEndElement();
      }
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write the feed", e);
    }
    return out.toByteArray();
  }

  private static void author(XMLStreamWriter w, String name) throws XMLStreamException {
    if (name != null) {
      w.writeStartElement("author");
      text(w, "name", name);
      w.writeEndElement();
    }
  }

  private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(xmlSafe(value));
    w.writeEndElement();
  }

  private static void link(XMLStreamWriter w, String rel, String href, String type)
      throws XMLStreamException {
    w.writeEmptyElement("link");
    w.writeAttribute("rel", rel);
    w.writeAttribute("type", type);
    w.writeAttribute("href", xmlSafe(href));
  }

  private static String iso(Instant i) {
    return DateTimeFormatter.ISO_INSTANT.format(i);
  }

  /**
   * Control characters other than tab and newlines cannot appear in XML 1.0 at all, escaped or not.
   */
  public static String xmlSafe(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .filter(
            cp ->
                cp == 0x9
                    || cp == 0xA
                    || cp == 0xD
                    || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD)
                    || cp >= 0x10000)
        .forEach(b::appendCodePoint);
    return b.toString();
  }
}
