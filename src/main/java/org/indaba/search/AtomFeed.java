package org.indaba.search;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.indaba.web.Req;

/** The newest results of a search as an Atom feed (RFC 4287), for feed readers. */
final class AtomFeed {
  private static final String NS = "http://www.w3.org/2005/Atom";

  private AtomFeed() {}

  static byte[] write(Req req, String baseUrl, String q, SearchResults results) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.writeStartElement("feed");
      w.writeDefaultNamespace(NS);
      String self = baseUrl + "/search/feed.atom?q=" + SearchView.encode(q);
      element(w, "title", q.isBlank() ? req.t("search.feed.titleAll") : req.t("search.feed.title", q));
      element(w, "id", self);
      Instant updated = results.hits().stream().map(SearchHit::date).max(Instant::compareTo).orElse(Instant.EPOCH);
      element(w, "updated", updated.toString());
      link(w, "self", self, "application/atom+xml");
      link(w, "alternate", baseUrl + SearchView.href(q, SortOrder.NEWEST, 1), "text/html");
      w.writeStartElement("author");
      element(w, "name", req.t("site.name"));
      w.writeEndElement();
      for (SearchHit h : results.hits()) {
        w.writeStartElement("entry");
        element(w, "title", SearchView.title(req, h));
        element(w, "id", baseUrl + h.url());
        link(w, "alternate", baseUrl + h.url(), "text/html");
        element(w, "updated", h.date().toString());
        if (h.authorName() != null) {
          w.writeStartElement("author");
          element(w, "name", h.authorName());
          w.writeEndElement();
        }
        w.writeStartElement("summary");
        w.writeAttribute("type", "html");
        w.writeCharacters(xmlSafe(h.snippetHtml()));
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

  private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(xmlSafe(text));
    w.writeEndElement();
  }

  private static void link(XMLStreamWriter w, String rel, String href, String type) throws XMLStreamException {
    w.writeEmptyElement("link");
    w.writeAttribute("rel", rel);
    w.writeAttribute("type", type);
    w.writeAttribute("href", xmlSafe(href));
  }

  /** XML 1.0 cannot carry most control characters, even escaped: drop them. */
  static String xmlSafe(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000).forEach(sb::appendCodePoint);
    return sb.toString();
  }
}
