package org.indaba.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.i18n.Messages;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;

/**
 * One request as a handler sees it: parameters, the viewer, the interface language and the CSRF
 * token. Handlers run on a virtual thread, so they may block; what they want to change in the
 * response (cookies, headers) is collected here and applied by {@link WebServer}.
 */
public final class Req {
  public static final String SESSION_COOKIE = "indaba_session";

  private final RoutingContext ctx;
  private final Optional<Viewer> viewer;
  private final Messages.Bundle bundle;
  private final Csrf csrf;
  private String csrfCookie;
  private String csrfToken;
  private final boolean secureCookies;
  final List<Cookie> cookies = new ArrayList<>();
  final Map<String, String> headers = new java.util.LinkedHashMap<>();
  boolean viaApiToken;

  Req(
      RoutingContext ctx,
      Optional<Viewer> viewer,
      Messages.Bundle bundle,
      Csrf csrf,
      String csrfCookie,
      boolean secureCookies) {
    this.ctx = ctx;
    this.viewer = viewer;
    this.bundle = bundle;
    this.csrf = csrf;
    this.csrfCookie = csrfCookie == null || csrfCookie.isEmpty() ? null : csrfCookie;
    this.secureCookies = secureCookies;
  }

  public Optional<Viewer> viewer() {
    return viewer;
  }

  /** The signed-in viewer, or a redirect to the login page (401 for the API). */
  public Viewer requireViewer() {
    return viewer.orElseThrow(Refusal.Unauthenticated::new);
  }

  /** Whether the viewer was recognised by an API token rather than a browser session. */
  public boolean viaApiToken() {
    return viaApiToken;
  }

  /**
   * The viewer signed in through the browser: what an API token may never do (create tokens, change
   * roles) asks for this.
   */
  public Viewer requireBrowserViewer() {
    Viewer v = requireViewer();
    if (viaApiToken) {
      throw Refusal.forbidden();
    }
    return v;
  }

  /** A new CSRF cookie (at sign-in): a token planted before the sign-in stops working. */
  public void renewCsrfCookie() {
    csrfCookie = Csrf.newCookieValue();
    csrfToken = null;
    setCookie(Csrf.COOKIE, csrfCookie, -1);
  }

  public Viewer requireAdmin() {
    Viewer v = requireViewer();
    if (!v.isAdmin()) {
      throw Refusal.forbidden();
    }
    return v;
  }

  public String lang() {
    return bundle.language();
  }

  public Messages.Bundle bundle() {
    return bundle;
  }

  public String t(String key, Object... args) {
    return bundle.get(key, args);
  }

  /**
   * A refusal's field errors ({@code Refusal.Invalid}: field to bundle key) in the viewer's
   * language, in the order the service found them, for a form to show beside each field.
   */
  public Map<String, String> fieldErrors(Map<String, String> errors) {
    Map<String, String> shown = new java.util.LinkedHashMap<>();
    errors.forEach((field, key) -> shown.put(field, t(key)));
    return shown;
  }

  public ZoneId zone() {
    return viewer
        .map(
            v -> {
              try {
                return ZoneId.of(v.timeZone());
              } catch (RuntimeException e) {
                return ZoneId.of("UTC");
              }
            })
        .orElse(ZoneId.of("UTC"));
  }

  /**
   * The token this browser's forms carry. A browser without the double-submit cookie gets one with
   * this response, so only pages that print a token (pages with forms) set it.
   */
  public synchronized String csrfToken() {
    if (csrfToken == null) {
      if (csrfCookie == null) {
        csrfCookie = Csrf.newCookieValue();
        setCookie(Csrf.COOKIE, csrfCookie, -1);
      }
      csrfToken = csrf.tokenFor(csrfCookie);
    }
    return csrfToken;
  }

  public String method() {
    return ctx.request().method().name();
  }

  public String path() {
    return ctx.request().path();
  }

  public String uri() {
    return ctx.request().uri();
  }

  public String pathParam(String name) {
    String v = ctx.pathParam(name);
    if (v == null) {
      throw Refusal.notFound();
    }
    return v;
  }

  public long pathLong(String name) {
    try {
      return Long.parseLong(pathParam(name));
    } catch (NumberFormatException e) {
      throw Refusal.notFound();
    }
  }

  /** A query-string or form parameter, trimmed; empty when absent. */
  public Optional<String> param(String name) {
    String v = ctx.request().getFormAttribute(name);
    if (v == null) {
      v = ctx.request().getParam(name);
    }
    if (v != null && v.indexOf('\0') >= 0) {
      throw Refusal.badRequest("error.badRequest");
    }
    return v == null ? Optional.empty() : Optional.of(v.trim());
  }

  public String paramOr(String name, String def) {
    return param(name).filter(s -> !s.isEmpty()).orElse(def);
  }

  /** All values of a repeated parameter (checkboxes, multi-selects). */
  public List<String> params(String name) {
    List<String> out = new ArrayList<>(ctx.request().formAttributes().getAll(name));
    if (out.isEmpty()) {
      out.addAll(ctx.request().params().getAll(name));
    }
    return out;
  }

  public Optional<Integer> paramInt(String name) {
    return param(name)
        .filter(s -> !s.isEmpty())
        .map(
            s -> {
              try {
                return Integer.parseInt(s);
              } catch (NumberFormatException e) {
                throw Refusal.badRequest("error.badNumber", name);
              }
            });
  }

  public boolean checkbox(String name) {
    return param(name).map(v -> v.equals("on") || v.equals("true") || v.equals("1")).orElse(false);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(ctx.request().getHeader(name));
  }

  public Optional<String> cookie(String name) {
    Cookie c = ctx.request().getCookie(name);
    return c == null ? Optional.empty() : Optional.of(c.getValue());
  }

  public JsonObject jsonBody() {
    try {
      JsonObject o = ctx.body().asJsonObject();
      if (o == null) {
        throw Refusal.badRequest("error.jsonExpected");
      }
      return o;
    } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
      throw Refusal.badRequest("error.jsonExpected");
    }
  }

  public List<FileUpload> uploads() {
    return ctx.fileUploads();
  }

  public String remoteIp() {
    var a = ctx.request().remoteAddress();
    return a == null ? "unknown" : a.hostAddress();
  }

  public boolean isApi() {
    return WebServer.isApiPath(ctx);
  }

  public void setCookie(String name, String value, long maxAgeSeconds) {
    Cookie c =
        Cookie.cookie(name, value)
            .setPath("/")
            .setHttpOnly(true)
            .setSameSite(CookieSameSite.LAX)
            .setSecure(secureCookies);
    if (maxAgeSeconds >= 0) {
      c.setMaxAge(maxAgeSeconds);
    }
    cookies.add(c);
  }

  public void clearCookie(String name) {
    setCookie(name, "", 0);
  }

  public void setHeader(String name, String value) {
    headers.put(name, value);
  }
}
