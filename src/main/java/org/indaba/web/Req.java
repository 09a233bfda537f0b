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
  private final String csrfToken;
  private final boolean secureCookies;
  final List<Cookie> cookies = new ArrayList<>();
  final Map<String, String> headers = new java.util.LinkedHashMap<>();

  Req(
      RoutingContext ctx,
      Optional<Viewer> viewer,
      Messages.Bundle bundle,
      String csrfToken,
      boolean secureCookies) {
    this.ctx = ctx;
    this.viewer = viewer;
    this.bundle = bundle;
    this.csrfToken = csrfToken;
    this.secureCookies = secureCookies;
  }

  public RoutingContext routingContext() {
    return ctx;
  }

  public Optional<Viewer> viewer() {
    return viewer;
  }

  /** The signed-in viewer, or a redirect to the login page (401 for the API). */
  public Viewer requireViewer() {
    return viewer.orElseThrow(Refusal.Unauthenticated::new);
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

  public String csrfToken() {
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
    return path().startsWith("/api/");
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
