package org.indaba.web;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a route handler returns; {@link WebServer} turns it into a response on the event loop. */
public sealed interface Result {

  /** A page rendered from {@code templates/<template>.hbs} inside the layout. */
  record Page(String template, Map<String, Object> model, int status, boolean bare)
      implements Result {
    public Page with(String key, Object value) {
      model.put(key, value);
      return this;
    }

    public Page status(int s) {
      return new Page(template, model, s, bare);
    }

    /** Rendered without the site layout (printable pages, feeds). */
    public Page asBare() {
      return new Page(template, model, status, true);
    }
  }

  /**
   * A page every reader with the same {@code key} may be given, rendered once and kept as bytes.
   * The key holds everything the page shows; the server adds what the layout adds (interface
   * language, time zone, address, whether a viewer is signed in and their role), and templates get
   * no viewer's name or address, only that role. {@code page} runs on a miss and must not set
   * cookies or headers. A reader who may see something of their own must never get one: the route
   * returns a plain {@link Page} for them.
   */
  record Shared(String key, PageSource page) implements Result {}

  /** Builds the page of a {@link Shared} result on a miss. */
  @FunctionalInterface
  interface PageSource {
    Page get() throws Exception;
  }

  record Redirect(String location) implements Result {}

  /** A JSON body: maps, lists, strings, numbers, booleans and Vert.x JSON types. */
  record Json(int status, Object body, String contentType) implements Result {}

  /** Any other body (feeds, files) with its own headers. */
  record Raw(int status, String contentType, byte[] body, Map<String, String> headers)
      implements Result {}

  static Page page(String template) {
    return new Page(template, new LinkedHashMap<>(), 200, false);
  }

  static Page page(String template, Map<String, Object> model) {
    return new Page(template, new LinkedHashMap<>(model), 200, false);
  }

  static Redirect redirect(String location) {
    return new Redirect(location);
  }

  static Json json(Object body) {
    return new Json(200, body, "application/json");
  }

  static Json json(int status, Object body) {
    return new Json(status, body, "application/json");
  }

  static Raw raw(String contentType, byte[] body) {
    return new Raw(200, contentType, body, Map.of());
  }
}
