package org.indaba.discussion;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.indaba.i18n.Messages;

/**
 * An Atom feed of a discussion. Written with the JDK's XML writer, so every title, name and HTML
 * body is escaped by the writer rather than by hand.
 */
final class AtomFeed {
  private static final String NS = "http://www.w3.org/2005/Atom";

  private AtomFeed() {}

  static byte[] render(DiscussionReader.Feed f, String baseUrl, Messages.Bundle bundle) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      Discussion d = f.discussion();
      String page = baseUrl + d.url();
      w.writeStartDocument("UTF-8", "1.0");
      w.writeStartElement("feed");
      w.writeDefaultNamespace(NS);
      text(w, "title", d.title());
      if (!d.summary().isEmpty()) {
        text(w, "subtitle", d.summary());
      }
      text(w, "id", page);
      link(w, "self", page + "/feed.atom");
      link(w, "alternate", page);
      text(w, "updated", iso(f.updated()));
      // entries newest first: themes and contributions interleaved by time
      var themes = f.themes().iterator();
      var contributions = f.contributions().iterator();
      Theme t = themes.hasNext() ? themes.next() : null;
      ContributionView c = contributions.hasNext() ? contributions.next() : null;
      while (t != null || c != null) {
        if (c == null || (t != null && !t.publishedAt().isBefore(c.c().createdAt()))) {
          String title = bundle.get("discussion.week", t.week()) + (t.title().isEmpty() ? "" : ": " + t.title());
          entry(w, page + "?week=" + t.week(), title, t.publishedAt(), t.publishedAt(), null, t.questionHtml());
          t = themes.hasNext() ? themes.next() : null;
        } else {
          String title = bundle.get("discussion.feed.contributionTitle", c.author().name(), c.c().week());
          entry(w, baseUrl + c.c().url(), title, c.c().createdAt(), c.c().updatedAt(), c.author().name(),
              c.c().bodyHtml());
          c = contributions.hasNext() ? contributions.next() : null;
        }
      }
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write the feed", e);
    }
    return out.toByteArray();
  }

  private static void entry(XMLStreamWriter w, String url, String title, Instant published, Instant updated,
      String author, String html) throws XMLStreamException {
    w.writeStartElement("entry");
    text(w, "title", title);
    text(w, "id", url);
    link(w, "alternate", url);
    text(w, "published", iso(published));
    text(w, "updated", iso(updated));
    if (author != null) {
      w.writeStartElement("author");
      text(w, "name", author);
      w.writeEndElement();
    }
    w.writeStartElement("content");
    w.writeAttribute("type", "html");
    w.writeCharacters(stripInvalid(html));
    w.writeEndElement();
    w.writeEndElement();
  }

  private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(stripInvalid(value));
    w.writeEndElement();
  }

  private static void link(XMLStreamWriter w, String rel, String href) throws XMLStreamException {
    w.writeEmptyElement("link");
    w.writeAttribute("rel", rel);
    w.writeAttribute("href", href);
  }

  private static String iso(Instant i) {
    return DateTimeFormatter.ISO_INSTANT.format(i);
  }

  /** Control characters other than tab and newlines cannot appear in XML 1.0 at all, escaped or not. */
  static String stripInvalid(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().filter(cp -> cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000).forEach(b::appendCodePoint);
    return b.toString();
  }

}
