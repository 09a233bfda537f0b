package org.indaba.content;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * Reduces any HTML to the small vocabulary contributions are shown with.
 *
 * <p>Rendered Markdown passes through here as well, so pages only ever hold one kind of HTML
 * whatever its origin (the Markdown renderer, mail bodies, imported archives). The steps are:
 * reshape what the allowlist would otherwise mangle (headings, images, layout blocks), let jsoup's
 * {@link Cleaner} copy only allowlisted tags and attributes into a fresh document, then check every
 * remaining URL against {@link UrlPolicy} and mark every link as user-generated.
 */
public final class HtmlSanitizer {

  /** Tags that can appear in the output. */
  public static final Set<String> ALLOWED_TAGS =
      Set.of(
          "p",
          "br",
          "hr",
          "em",
          "strong",
          "i",
          "b",
          "del",
          "s",
          "sub",
          "sup",
          "ul",
          "ol",
          "li",
          "blockquote",
          "code",
          "pre",
          "h2",
          "h3",
          "h4",
          "a");

  /** The rel every link carries: member links earn no search ranking and get no window handle. */
  public static final String LINK_REL = "nofollow ugc noopener";

  /**
   * Elements dropped together with everything inside them: active content, embedded documents and
   * form controls, whose inner text would only be noise once the element itself is gone.
   */
  private static final Evaluator DROPPED_WITH_CONTENT =
      QueryParser.parse(
          String.join(
              ",",
              List.of(
                  "script",
                  "style",
                  "template",
                  "svg",
                  "math",
                  "iframe",
                  "frame",
                  "frameset",
                  "object",
                  "embed",
                  "applet",
                  "noscript",
                  "noembed",
                  "noframes",
                  "head",
                  "title",
                  "meta",
                  "link",
                  "base",
                  "input",
                  "button",
                  "select",
                  "textarea",
                  "option",
                  "optgroup",
                  "datalist",
                  "audio",
                  "video",
                  "source",
                  "track",
                  "canvas",
                  "map",
                  "area",
                  "param",
                  "portal",
                  "dialog")));

  /**
   * Block containers that are not allowed but whose text is kept: a line break after each keeps
   * lines of a mail body from running together once the container disappears.
   */
  private static final Evaluator LINE_BLOCKS =
      QueryParser.parse(
          "div,section,article,header,footer,main,aside,nav,center,address,figure,figcaption,"
              + "details,summary,fieldset,form,table,caption,tr,dl,dt,dd");

  // Selectors parsed once: every contribution is sanitised, and parsing them each time costs more
  // than matching them.
  private static final Evaluator HEADINGS = QueryParser.parse("h1,h2,h3,h4,h5,h6");
  private static final Evaluator CELLS = QueryParser.parse("td,th");
  private static final Evaluator IMAGES = QueryParser.parse("img");
  private static final Evaluator LINKS = QueryParser.parse("a");
  private static final Evaluator CODE_WITH_CLASS = QueryParser.parse("code[class]");
  private static final Evaluator LISTS_WITH_START = QueryParser.parse("ol[start]");

  /** Fenced code keeps its language hint (for later highlighting); nothing else gets a class. */
  private static final Pattern CODE_LANGUAGE_CLASS =
      Pattern.compile("language-[A-Za-z0-9_+#.-]{1,40}");

  private static final Safelist SAFELIST =
      new Safelist()
          .addTags(ALLOWED_TAGS.toArray(String[]::new))
          .addAttributes("a", "href", "title")
          .addAttributes("ol", "start")
          .addAttributes("code", "class")
          .addEnforcedAttribute("a", "rel", LINK_REL)
          // UrlPolicy decides about hrefs afterwards; jsoup would otherwise drop the
          // root-relative links citations use, since fragments have no base URI.
          .preserveRelativeLinks(true);

  private HtmlSanitizer() {}

  /** Returns safe HTML for any input; {@code null} gives an empty string. */
  public static String sanitize(String html) {
    if (html == null || html.isBlank()) {
      return "";
    }
    Document dirty = Jsoup.parseBodyFragment(html);
    reshape(dirty.body());
    Document clean = new Cleaner(SAFELIST).clean(dirty);
    checkAttributes(clean.body());
    clean
        .outputSettings()
        .prettyPrint(false)
        .charset(StandardCharsets.UTF_8)
        .escapeMode(Entities.EscapeMode.base);
    // Surrounding whitespace carries no meaning in HTML and would make equal results differ.
    return clean.body().html().strip();
  }

  private static void reshape(Element body) {
    body.select(DROPPED_WITH_CONTENT).remove();
    for (Element heading : body.select(HEADINGS)) {
      // The page title owns h1 and the discussion structure the level below; member headings
      // move down one level (keeping their relative order) and stop at h4.
      int level = heading.tagName().charAt(1) - '0';
      heading.tagName("h" + Math.min(level + 1, 4));
    }
    for (Element block : body.select(LINE_BLOCKS)) {
      if (block.nextSibling() != null) {
        block.after(new Element("br"));
      }
    }
    for (Element cell : body.select(CELLS)) {
      cell.appendText(" ");
    }
    for (Element img : body.select(IMAGES)) {
      replaceImage(img);
    }
  }

  /**
   * Remote images are shown as links: pages stay light on slow connections, and authors cannot
   * learn who read a contribution from image requests.
   */
  private static void replaceImage(Element img) {
    String alt = img.attr("alt").strip();
    Optional<String> src = UrlPolicy.imageSource(img.attr("src"));
    boolean insideLink = img.closest("a") != null;
    if (src.isPresent() && !insideLink) {
      Element link = new Element("a").attr("href", src.get());
      link.text(alt.isEmpty() ? src.get() : alt);
      img.replaceWith(link);
    } else {
      // Inside a link the surrounding link already leads somewhere; nesting links is invalid.
      img.replaceWith(new TextNode(alt));
    }
  }

  private static void checkAttributes(Element body) {
    for (Element a : body.select(LINKS)) {
      Optional<String> href = UrlPolicy.linkTarget(a.attr("href"));
      if (href.isPresent()) {
        a.attr("href", href.get());
      } else {
        a.unwrap();
      }
    }
    for (Element code : body.select(CODE_WITH_CLASS)) {
      String kept =
          code.classNames().stream()
              .filter(c -> CODE_LANGUAGE_CLASS.matcher(c).matches())
              .findFirst()
              .orElse("");
      if (kept.isEmpty()) {
        code.removeAttr("class");
      } else {
        code.attr("class", kept);
      }
    }
    for (Element ol : body.select(LISTS_WITH_START)) {
      if (!ol.attr("start").matches("\\d{1,9}")) {
        ol.removeAttr("start");
      }
    }
  }
}
