package org.indaba.web;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.indaba.i18n.LocaleChoice;
import org.indaba.i18n.Messages;
import org.indaba.model.Authenticator;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP plumbing shared by every feature. Each route handler runs on its own virtual thread, so it
 * may call blocking services (jOOQ, Argon2, Lucene) in straight-line code without holding the event
 * loop; the response is written back on the event loop. Concurrency is bounded by the connection
 * pool, not by a worker pool.
 */
public final class WebServer {
  private static final Logger log = LoggerFactory.getLogger(WebServer.class);
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

  private final Vertx vertx;
  private final Router router;
  private final Views views;
  private final Messages messages;
  private final Csrf csrf;
  private final Authenticator auth;
  private final boolean secureCookies;
  private final ExecutorService requests =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory());
  private HttpServer server;
  private final List<RouteInfo> routes = new ArrayList<>();

  /** Cache-Control of every answer that depends on who is signed in. */
  public static final String PERSONAL_CACHE_CONTROL = "private, no-store";

  /** A route registered through this class: what a permission test enumerates. */
  public record RouteInfo(String method, String path, boolean csrfChecked) {
    public boolean changesState() {
      return !method.equals("GET") && !method.equals("HEAD");
    }
  }

  /** Every route registered through {@link #get}, {@link #post} and {@link #route}. */
  public List<RouteInfo> routes() {
    return List.copyOf(routes);
  }

  /**
   * Where each reader's CSRF token goes in a shared page: random per process, so no text written by
   * a member can predict it.
   */
  private static final String TOKEN_PLACEHOLDER =
      "csrf" + Csrf.newCookieValue().replace('-', 'x').replace('_', 'y');

  private final PageCache pages = new PageCache(64L * 1024 * 1024);

  public WebServer(
      Vertx vertx,
      Views views,
      Csrf csrf,
      Authenticator auth,
      String baseUrl,
      Path uploadsDir,
      long maxUploadBytes) {
    this.vertx = vertx;
    this.views = views;
    this.messages = views.messages();
    this.csrf = csrf;
    this.auth = auth;
    this.secureCookies = baseUrl.startsWith("https:");
    this.router = Router.router(vertx);
    router.route().handler(this::refuseAmbiguousTargets);
    router.route().handler(RequestLog::handle);
    router.route().handler(this::securityHeaders);
    // the body (empty for a GET) is read before anything answers: a request whose end was never
    // read stays counted in vertx_http_server_active_requests
    router
        .route()
        .handler(
            BodyHandler.create(uploadsDir.toString())
                .setBodyLimit(maxUploadBytes + 64 * 1024)
                .setDeleteUploadedFilesOnEnd(true));
    router.get("/static/*").handler(new StaticFiles("static", 86400)::handle);
    // browsers ask for /favicon.ico on their first visit, whatever the page says
    router.get("/favicon.ico").handler(ctx -> ctx.reroute("/static/favicon.ico"));
    router.route().failureHandler(this::failure);
  }

  public Router router() {
    return router;
  }

  public Views views() {
    return views;
  }

  public void get(String path, Handler h) {
    route(HttpMethod.GET, path, h, true);
  }

  public void post(String path, Handler h) {
    route(HttpMethod.POST, path, h, true);
  }

  /**
   * A POST whose authority is a signed token in the request itself (one-click unsubscribe from a
   * mail client, RFC 8058), where no browser cookie exists to carry a CSRF token.
   */
  public void postWithoutCsrf(String path, Handler h) {
    route(HttpMethod.POST, path, h, false);
  }

  /**
   * GET requests to {@code path} for which {@code moved} gives a target (from the path and the raw
   * query) answer 301 with that target, before anything else reads the request (no viewer, no
   * language cookie). Register it before the route itself.
   */
  public void movedPermanently(
      String path, java.util.function.BiFunction<String, String, Optional<String>> moved) {
    router
        .get(path)
        .handler(
            ctx -> {
              Optional<String> to = moved.apply(ctx.request().path(), ctx.request().query());
              if (to.isPresent() && to.get().startsWith("/") && !to.get().startsWith("//")) {
                ctx.response()
                    .setStatusCode(301)
                    .putHeader("Location", to.get())
                    .putHeader("Cache-Control", "max-age=86400")
                    .end();
              } else {
                ctx.next();
              }
            });
  }

  /**
   * On matching GET requests to {@code path}, {@code ?lang=} filters content by its language (a
   * discussion week, the API) instead of choosing the interface language. Register it before the
   * route itself.
   */
  public void langFiltersContent(
      String path, java.util.function.Predicate<io.vertx.core.http.HttpServerRequest> when) {
    router
        .get(path)
        .handler(
            ctx -> {
              if (when.test(ctx.request())) {
                ctx.put(LANG_FILTERS_CONTENT, Boolean.TRUE);
              }
              ctx.next();
            });
  }

  private static final String LANG_FILTERS_CONTENT = "indaba.langFiltersContent";

  public void route(HttpMethod method, String path, Handler h, boolean csrfChecked) {
    routes.add(new RouteInfo(method.name(), path, csrfChecked));
    router.route(method, path).handler(ctx -> dispatch(ctx, h, csrfChecked));
  }

  private void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .headers()
        .set("Content-Security-Policy", CSP)
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "same-origin");
    if (secureCookies) {
      ctx.response().headers().set("Strict-Transport-Security", HSTS);
    }
    ctx.next();
  }

  static final String HSTS = "max-age=31536000; includeSubDomains";

  /**
   * Runs before routing: a target that could be read two ways (dot or empty segments, backslashes,
   * in any encoding), malformed percent-encoding or a NUL byte is answered 400, so the path every
   * check sees is the path the router matched.
   */
  private void refuseAmbiguousTargets(RoutingContext ctx) {
    if (ctx.request().uri().length() > MAX_REQUEST_LINE) {
      problem(ctx.request().response(), 414, "URI Too Long");
      return;
    }
    if (PathRules.refusal(ctx.request().uri()) != null) {
      ctx.fail(400);
      return;
    }
    ctx.next();
  }

  /** Whether a request is for the JSON API, decided on the path the router matched. */
  static boolean isApiPath(RoutingContext ctx) {
    String p;
    try {
      p = ctx.normalizedPath();
    } catch (RuntimeException e) {
      // a target refused before routing (malformed encoding): judged on its raw path
      p = ctx.request().path();
    }
    return p != null && p.startsWith("/api/");
  }

  private record Rendered(
      int status,
      String contentType,
      Buffer body,
      Map<String, String> headers,
      List<Cookie> cookies,
      boolean personal) {
    Rendered(
        int status,
        String contentType,
        Buffer body,
        Map<String, String> headers,
        List<Cookie> cookies) {
      this(status, contentType, body, headers, cookies, false);
    }

    Rendered personalIf(boolean p) {
      return p ? new Rendered(status, contentType, body, headers, cookies, true) : this;
    }
  }

  private void dispatch(RoutingContext ctx, Handler h, boolean csrfChecked) {
    Context context = vertx.getOrCreateContext();
    try {
      requests.execute(
          () -> {
            Rendered out;
            try {
              out = handle(ctx, h, csrfChecked);
            } catch (Throwable t) {
              out = null;
              Throwable failure = t;
              context.runOnContext(v -> ctx.fail(failure));
            }
            if (out != null) {
              Rendered r = out;
              context.runOnContext(v -> send(ctx, r));
            }
          });
    } catch (RejectedExecutionException e) {
      ctx.fail(503);
    }
  }

  private Rendered handle(RoutingContext ctx, Handler h, boolean csrfChecked) {
    Req req = newRequest(ctx);
    try {
      boolean unsafe =
          ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD;
      boolean bearer = req.header("Authorization").map(a -> a.startsWith("Bearer ")).orElse(false);
      if (unsafe && csrfChecked && !(bearer && req.isApi())) {
        String token = req.param(Csrf.FIELD).or(() -> req.header(Csrf.HEADER)).orElse(null);
        if (!csrf.verify(req.cookie(Csrf.COOKIE).orElse(null), token)) {
          return errorResponse(req, new HttpError(403, "error.csrf"));
        }
      }
      return toResponse(req, h.handle(req)).personalIf(personal(req));
    } catch (Refusal e) {
      if (e instanceof Refusal.Unauthenticated && !req.isApi()) {
        Map<String, String> h2 = new LinkedHashMap<>(req.headers);
        String next = req.method().equals("GET") ? req.uri() : "/";
        h2.put("Location", "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        return new Rendered(303, null, Buffer.buffer(), h2, req.cookies).personalIf(personal(req));
      }
      return errorResponse(req, toHttpError(e)).personalIf(personal(req));
    } catch (Exception e) {
      log.error(
          "Handler failed for {} {}",
          ctx.request().method(),
          RequestLog.mask(ctx.request().path()),
          e);
      return errorResponse(req, new HttpError(500, "error.internal")).personalIf(personal(req));
    }
  }

  /** An answer for a signed-in viewer, or to a request that presented credentials. */
  private static boolean personal(Req req) {
    return req.viewer().isPresent()
        || req.header("Authorization").isPresent()
        || req.cookie(Req.SESSION_COOKIE).isPresent();
  }

  private Req newRequest(RoutingContext ctx) {
    boolean api = isApiPath(ctx);
    String authz = ctx.request().getHeader("Authorization");
    Optional<Viewer> viewer;
    boolean viaToken = false;
    if (api && authz != null && authz.startsWith("Bearer ")) {
      // bearer tokens are for the API only: on a page they would skip the CSRF check
      viewer = auth.fromApiToken(authz.substring(7).trim());
      viaToken = viewer.isPresent();
    } else {
      Cookie c = ctx.request().getCookie(Req.SESSION_COOKIE);
      viewer =
          c == null || c.getValue().isEmpty() ? Optional.empty() : auth.fromSession(c.getValue());
    }
    boolean langIsFilter = Boolean.TRUE.equals(ctx.get(LANG_FILTERS_CONTENT));
    Optional<String> queryLang =
        Optional.ofNullable(langIsFilter ? null : ctx.request().getParam("lang"))
            .map(LocaleChoice::normalise)
            .filter(Messages::isSupported);
    Cookie langCookie = ctx.request().getCookie(LocaleChoice.COOKIE);
    String lang =
        LocaleChoice.choose(
            viewer.flatMap(Viewer::preferredLanguage),
            queryLang,
            Optional.ofNullable(langCookie).map(Cookie::getValue),
            Optional.ofNullable(ctx.request().getHeader("Accept-Language")));
    Cookie csrfCookie = ctx.request().getCookie(Csrf.COOKIE);
    Req req =
        new Req(
            ctx,
            viewer,
            messages.bundle(lang),
            csrf,
            csrfCookie == null ? null : csrfCookie.getValue(),
            secureCookies);
    req.viaApiToken = viaToken;
    queryLang.ifPresent(l -> req.setCookie(LocaleChoice.COOKIE, l, 365L * 24 * 3600));
    if (viewer.isEmpty() && ctx.request().getCookie(Req.SESSION_COOKIE) != null) {
      req.clearCookie(Req.SESSION_COOKIE);
    }
    return req;
  }

  private Rendered toResponse(Req req, Result result) throws Exception {
    return switch (result) {
      case Result.Page p -> html(req, p.status(), renderPage(req, p));
      case Result.Shared s -> shared(req, s);
      case Result.Redirect r -> {
        if (r.location().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
          throw org.indaba.model.Refusal.badRequest("error.badRequest");
        }
        Map<String, String> h = new LinkedHashMap<>(req.headers);
        h.put("Location", r.location());
        yield new Rendered(303, null, Buffer.buffer(), h, req.cookies);
      }
      case Result.Json j ->
          new Rendered(
              j.status(),
              j.contentType() + "; charset=utf-8",
              Buffer.buffer(Json.encode(j.body())),
              req.headers,
              req.cookies);
      case Result.Raw r -> {
        Map<String, String> h = new LinkedHashMap<>(req.headers);
        h.putAll(r.headers());
        yield new Rendered(r.status(), r.contentType(), Buffer.buffer(r.body()), h, req.cookies);
      }
    };
  }

  private Rendered html(Req req, int status, String body) {
    return new Rendered(
        status, "text/html; charset=utf-8", Buffer.buffer(body), req.headers, req.cookies);
  }

  /**
   * The CSRF token as templates see it: made (and its cookie set) only when a page prints it, so
   * pages without forms set no cookie.
   */
  private record CsrfValue(Req req) {
    @Override
    public String toString() {
      return req.csrfToken();
    }
  }

  /** The model every page gets: viewer, language and direction, CSRF token, language switcher. */
  public Map<String, Object> commonModel(Req req) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("viewer", req.viewer().orElse(null));
    m.put("lang", req.lang());
    m.put("dir", Messages.isRightToLeft(req.lang()) ? "rtl" : "ltr");
    m.put("csrf", new CsrfValue(req));
    m.put("path", req.path());
    m.put("returnTo", req.uri());
    m.put("signInHref", signInHref(req.uri()));
    List<Map<String, Object>> langs = new ArrayList<>();
    for (String l : Messages.LANGUAGES) {
      langs.add(
          Map.of(
              "code",
              l,
              "current",
              l.equals(req.lang()),
              "href",
              withLanguage(req.uri(), l),
              "dir",
              Messages.isRightToLeft(l) ? "rtl" : "ltr"));
    }
    m.put("languages", langs);
    return m;
  }

  /** The login page, returning to {@code uri} once signed in. */
  static String signInHref(String uri) {
    return "/login?next="
        + java.net.URLEncoder.encode(uri, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The same page in interface language {@code lang}: every other query parameter is kept (the
   * week, the page, a search), only {@code lang} is replaced. {@code lang} comes first, so that a
   * language link is never read as the old week filter {@code ?week=N&lang=xx} (see {@code
   * discussion.OldWeekLinks}).
   */
  static String withLanguage(String uri, String lang) {
    int q = uri.indexOf('?');
    StringBuilder out =
        new StringBuilder(q < 0 ? uri : uri.substring(0, q)).append("?lang=").append(lang);
    if (q >= 0) {
      for (String part : uri.substring(q + 1).split("&")) {
        if (part.isEmpty() || part.equals("lang") || part.startsWith("lang=")) {
          continue;
        }
        out.append('&').append(part);
      }
    }
    return out.toString();
  }

  String renderPage(Req req, Result.Page p) {
    return render(req, commonModel(req), p);
  }

  private String render(Req req, Map<String, Object> model, Result.Page p) {
    model.putAll(p.model());
    ZoneId zone = req.zone();
    String content = views.render(p.template(), model, req.bundle(), zone);
    if (p.bare()) {
      return content;
    }
    model.put("content", content);
    return views.render("layout/base", model, req.bundle(), zone);
  }

  /**
   * The viewer as a shared page's templates see it: a role, never a name or an address, so that
   * nothing of one member can reach a page another member is given.
   */
  public record SharedViewer(boolean moderator, boolean admin) {}

  /**
   * A shared page from the cache (rendered on a miss), sent compressed when the client accepts
   * gzip. Anonymous readers get a validator and may revalidate ({@code 304}); pages for a signed-in
   * viewer, or with forms, are never stored by the browser or a proxy.
   */
  private Rendered shared(Req req, Result.Shared s) throws Exception {
    Optional<Viewer> viewer = req.viewer();
    String role =
        viewer
            .map(v -> v.isAdmin() ? "admin" : v.isModerator() ? "moderator" : "member")
            .orElse("anonymous");
    String key =
        String.join(
            "|", s.key(), req.lang(), req.zone().getId(), role, req.uri().replace('|', '!'));
    RenderedPage page =
        pages.get(
            key,
            () -> {
              Result.Page p = s.page().get();
              if (p.status() != 200) {
                throw new IllegalStateException("a shared page is a 200 page: " + p.template());
              }
              Map<String, Object> model = commonModel(req);
              model.put(
                  "viewer",
                  viewer.map(v -> new SharedViewer(v.isModerator(), v.isAdmin())).orElse(null));
              model.put("csrf", TOKEN_PLACEHOLDER);
              return RenderedPage.of(render(req, model, p), TOKEN_PLACEHOLDER);
            });
    boolean gzip = acceptsGzip(req.header("Accept-Encoding").orElse(null));
    Map<String, String> h = new LinkedHashMap<>(req.headers);
    h.put("Vary", "Accept-Encoding, Accept-Language, Cookie");
    if (viewer.isPresent() || page.needsToken()) {
      h.put("Cache-Control", "private, no-store");
    } else {
      h.put("Cache-Control", "no-cache");
      h.put("ETag", page.etag(gzip));
      if (page.matches(req.header("If-None-Match").orElse(null))) {
        return new Rendered(304, null, Buffer.buffer(), h, req.cookies);
      }
    }
    String token = page.needsToken() ? req.csrfToken() : "";
    if (gzip) {
      h.put("Content-Encoding", "gzip");
    }
    return new Rendered(
        200,
        "text/html; charset=utf-8",
        Buffer.buffer(gzip ? page.gzip(token) : page.plain(token)),
        h,
        req.cookies);
  }

  /** Whether an Accept-Encoding header value allows gzip (RFC 9110 §12.5.3). */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      String[] bits = part.trim().split(";");
      String coding = bits[0].trim().toLowerCase(java.util.Locale.ROOT);
      if (!coding.equals("gzip") && !coding.equals("x-gzip")) {
        continue;
      }
      for (int i = 1; i < bits.length; i++) {
        String q = bits[i].trim().replace(" ", "");
        if (q.startsWith("q=")) {
          try {
            return Double.parseDouble(q.substring(2)) > 0;
          } catch (NumberFormatException e) {
            return false;
          }
        }
      }
      return true;
    }
    return false;
  }

  /** The one table from a service's refusal to the status of the answer. */
  public static int statusOf(Refusal r) {
    return switch (r.kind()) {
      case NOT_FOUND -> 404;
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN -> 403;
      case CONFLICT -> 409;
      case INVALID -> 400;
      case TOO_LARGE -> 413;
      case UNSUPPORTED_TYPE -> 415;
      case TOO_MANY -> 429;
      case UNAVAILABLE -> 503;
    };
  }

  static HttpError toHttpError(Refusal r) {
    return new HttpError(
        statusOf(r),
        r.messageKey(),
        r.args(),
        r instanceof Refusal.Invalid inv ? inv.fieldErrors() : Map.of());
  }

  private Rendered errorResponse(Req req, HttpError e) {
    String detail = req.t(e.messageKey(), e.args());
    if (req.isApi()) {
      JsonObject problem =
          new JsonObject()
              .put("type", "about:blank")
              .put("title", req.t("error.title." + titleKey(e.status())))
              .put("status", e.status())
              .put("detail", detail);
      if (!e.fieldErrors().isEmpty()) {
        JsonObject fields = new JsonObject();
        e.fieldErrors().forEach((f, k) -> fields.put(f, req.t(k)));
        problem.put("errors", fields);
      }
      return new Rendered(
          e.status(),
          "application/problem+json; charset=utf-8",
          Buffer.buffer(problem.encode()),
          req.headers,
          req.cookies);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("status", e.status());
    model.put("titleKey", "error.title." + titleKey(e.status()));
    model.put("detail", detail);
    if (!e.fieldErrors().isEmpty()) {
      model.put("fieldErrors", e.fieldErrors().values().stream().map(req::t).toList());
    }
    return html(
        req, e.status(), renderPage(req, new Result.Page("error", model, e.status(), false)));
  }

  private static String titleKey(int status) {
    return switch (status) {
      case 400, 403, 404, 409, 413, 429 -> String.valueOf(status);
      case 401 -> "403";
      default -> status >= 500 ? "500" : "400";
    };
  }

  private void send(RoutingContext ctx, Rendered r) {
    HttpServerResponse res = ctx.response();
    if (res.ended() || res.closed()) {
      return;
    }
    r.cookies().forEach(res::addCookie);
    r.headers().forEach(res::putHeader);
    res.setStatusCode(r.status());
    if (r.contentType() != null) {
      res.putHeader("Content-Type", r.contentType());
    }
    if (r.personal()) {
      // depends on who is signed in: never kept by a shared cache, nor by the browser
      res.putHeader("Cache-Control", PERSONAL_CACHE_CONTROL);
    } else if (!r.headers().containsKey("Cache-Control")
        && r.contentType() != null
        && r.contentType().startsWith("text/html")) {
      res.putHeader("Cache-Control", "no-store");
    }
    res.end(r.body());
  }

  /** Errors raised outside a handler: no route, body too large, a handler crash. */
  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (ctx.failure() != null && status == 500) {
      log.error(
          "Request failed: {} {}",
          ctx.request().method(),
          RequestLog.mask(ctx.request().path()),
          ctx.failure());
    }
    String key =
        switch (status) {
          case 404 -> "error.notFound";
          case 413 -> "error.tooLarge";
          case 403 -> "error.forbidden";
          case 400 -> "error.badRequest";
          default -> "error.internal";
        };
    HttpError e = new HttpError(status, key);
    try {
      // rendering an error page is cheap CPU work with no blocking call: done here
      Req req =
          new Req(
              ctx,
              Optional.empty(),
              messages.bundle(
                  LocaleChoice.choose(
                      Optional.empty(),
                      Optional.empty(),
                      Optional.ofNullable(ctx.request().getCookie(LocaleChoice.COOKIE))
                          .map(Cookie::getValue),
                      Optional.ofNullable(ctx.request().getHeader("Accept-Language")))),
              csrf,
              Optional.ofNullable(ctx.request().getCookie(Csrf.COOKIE))
                  .map(Cookie::getValue)
                  .orElse(null),
              secureCookies);
      send(ctx, errorResponse(req, e));
    } catch (RuntimeException ex) {
      log.error("Error page failed", ex);
      if (!ctx.response().ended()) {
        ctx.response().setStatusCode(status).end();
      }
    }
  }

  /**
   * A form field may hold the longest text any form accepts (a consolidated reply of 200,000
   * characters, up to four bytes each once encoded); services check the real limits and keep the
   * text.
   */
  static final int MAX_FORM_FIELD_BYTES = 4 * 200_000 + 64 * 1024;

  /** The longest request target served; longer ones get 414 with a problem body. */
  static final int MAX_REQUEST_LINE = 8192;

  /**
   * What the HTTP decoder accepts before giving up on a request line; above {@link
   * #MAX_REQUEST_LINE} so that a long target is refused by the router (which keeps the metrics
   * right) rather than by the decoder.
   */
  static final int MAX_DECODED_LINE = 64 * 1024;

  public Future<HttpServer> listen(int port) {
    return listen(port, "0.0.0.0");
  }

  public Future<HttpServer> listen(int port, String host) {
    router.route().last().handler(ctx -> ctx.fail(404));
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setCompressionSupported(true)
                .setMaxInitialLineLength(MAX_DECODED_LINE)
                .setMaxFormAttributeSize(MAX_FORM_FIELD_BYTES));
    return server
        .requestHandler(router)
        .invalidRequestHandler(this::invalidRequest)
        .listen(port, host);
  }

  /** A request Vert.x could not parse (a request line or headers too long): a problem body. */
  private void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String title;
    if (cause instanceof io.netty.handler.codec.TooLongFrameException
        && cause.getMessage() != null
        && cause.getMessage().contains("line")) {
      status = 414;
      title = "URI Too Long";
    } else if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
      status = 431;
      title = "Request Header Fields Too Large";
    } else {
      status = 400;
      title = "Bad Request";
    }
    request.response().putHeader("Connection", "close");
    problem(request.response(), status, title);
  }

  private static void problem(HttpServerResponse response, int status, String title) {
    JsonObject problem =
        new JsonObject().put("type", "about:blank").put("title", title).put("status", status);
    response
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json; charset=utf-8")
        .end(problem.encode());
  }

  public int actualPort() {
    return server.actualPort();
  }

  public Future<Void> close() {
    Future<Void> f = server == null ? Future.succeededFuture() : server.close();
    return f.onComplete(v -> requests.shutdown());
  }
}
