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
import io.vertx.ext.web.handler.LoggerFormat;
import io.vertx.ext.web.handler.LoggerHandler;
import io.vertx.ext.web.handler.StaticHandler;
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
    router.route().handler(LoggerHandler.create(LoggerFormat.SHORT));
    router.route().handler(this::securityHeaders);
    router.route("/static/*").handler(StaticHandler.create("static").setMaxAgeSeconds(86400));
    router
        .route()
        .handler(
            BodyHandler.create(uploadsDir.toString())
                .setBodyLimit(maxUploadBytes + 64 * 1024)
                .setDeleteUploadedFilesOnEnd(true));
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
    router.route(method, path).handler(ctx -> dispatch(ctx, h, csrfChecked));
  }

  private void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .headers()
        .set("Content-Security-Policy", CSP)
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "same-origin");
    ctx.next();
  }

  private record Rendered(
      int status,
      String contentType,
      Buffer body,
      Map<String, String> headers,
      List<Cookie> cookies) {}

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
      return toResponse(req, h.handle(req));
    } catch (Refusal e) {
      if (e instanceof Refusal.Unauthenticated && !req.isApi()) {
        Map<String, String> h2 = new LinkedHashMap<>(req.headers);
        String next = req.method().equals("GET") ? req.uri() : "/";
        h2.put("Location", "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        return new Rendered(303, null, Buffer.buffer(), h2, req.cookies);
      }
      return errorResponse(req, toHttpError(e));
    } catch (Exception e) {
      log.error("Handler failed for {} {}", ctx.request().method(), ctx.request().path(), e);
      return errorResponse(req, new HttpError(500, "error.internal"));
    }
  }

  private Req newRequest(RoutingContext ctx) {
    boolean api = ctx.request().path().startsWith("/api/");
    String authz = ctx.request().getHeader("Authorization");
    Optional<Viewer> viewer;
    if (api && authz != null && authz.startsWith("Bearer ")) {
      viewer = auth.fromApiToken(authz.substring(7).trim());
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
    String csrfValue =
        csrfCookie == null || csrfCookie.getValue().isEmpty()
            ? Csrf.newCookieValue()
            : csrfCookie.getValue();
    Req req = new Req(ctx, viewer, messages.bundle(lang), csrf.tokenFor(csrfValue), secureCookies);
    if (csrfCookie == null || csrfCookie.getValue().isEmpty()) {
      req.setCookie(Csrf.COOKIE, csrfValue, -1);
    }
    queryLang.ifPresent(l -> req.setCookie(LocaleChoice.COOKIE, l, 365L * 24 * 3600));
    if (viewer.isEmpty() && ctx.request().getCookie(Req.SESSION_COOKIE) != null) {
      req.clearCookie(Req.SESSION_COOKIE);
    }
    return req;
  }

  private Rendered toResponse(Req req, Result result) {
    return switch (result) {
      case Result.Page p -> html(req, p.status(), renderPage(req, p));
      case Result.Redirect r -> {
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

  /** The model every page gets: viewer, language and direction, CSRF token, language switcher. */
  public Map<String, Object> commonModel(Req req) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("viewer", req.viewer().orElse(null));
    m.put("lang", req.lang());
    m.put("dir", Messages.isRightToLeft(req.lang()) ? "rtl" : "ltr");
    m.put("csrf", req.csrfToken());
    m.put("path", req.path());
    m.put("returnTo", req.uri());
    List<Map<String, Object>> langs = new ArrayList<>();
    for (String l : Messages.LANGUAGES) {
      langs.add(
          Map.of(
              "code",
              l,
              "current",
              l.equals(req.lang()),
              "href",
              req.path() + "?lang=" + l,
              "dir",
              Messages.isRightToLeft(l) ? "rtl" : "ltr"));
    }
    m.put("languages", langs);
    return m;
  }

  String renderPage(Req req, Result.Page p) {
    Map<String, Object> model = commonModel(req);
    model.putAll(p.model());
    ZoneId zone = req.zone();
    String content = views.render(p.template(), model, req.bundle(), zone);
    if (p.bare()) {
      return content;
    }
    model.put("content", content);
    return views.render("layout/base", model, req.bundle(), zone);
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
    if (r.contentType() != null && r.contentType().startsWith("text/html")) {
      res.putHeader("Cache-Control", "no-store");
    }
    res.end(r.body());
  }

  /** Errors raised outside a handler: no route, body too large, a handler crash. */
  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (ctx.failure() != null && status == 500) {
      log.error(
          "Request failed: {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
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
              "",
              secureCookies);
      send(ctx, errorResponse(req, e));
    } catch (RuntimeException ex) {
      log.error("Error page failed", ex);
      if (!ctx.response().ended()) {
        ctx.response().setStatusCode(status).end();
      }
    }
  }

  public Future<HttpServer> listen(int port) {
    router.route().last().handler(ctx -> ctx.fail(404));
    server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true));
    return server.requestHandler(router).listen(port);
  }

  public int actualPort() {
    return server.actualPort();
  }

  public Future<Void> close() {
    Future<Void> f = server == null ? Future.succeededFuture() : server.close();
    return f.onComplete(v -> requests.shutdown());
  }
}
