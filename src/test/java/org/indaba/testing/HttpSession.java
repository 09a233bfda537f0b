package org.indaba.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript: keeps cookies, does not follow redirects, and fills in the CSRF
 * token of the forms it posts the way a real page would.
 */
public final class HttpSession {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private final String base;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient client;

  public HttpSession(String base) {
    this.base = base;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  public record Response(int status, String body, Map<String, String> headers) {
    public String header(String name) {
      return headers.get(name.toLowerCase());
    }

    public String location() {
      return header("location");
    }
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), Map.of());
  }

  public Response get(String path, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
  }

  /** The CSRF token a page of this site would put in its forms for this browser. */
  public String csrfToken() {
    Response r = get("/login");
    Matcher m = CSRF.matcher(r.body());
    if (!m.find()) {
      throw new IllegalStateException("no CSRF token on the login page");
    }
    return m.group(1);
  }

  /** Posts a form as the site's own page would (with its CSRF token). */
  public Response post(String path, Map<String, String> form) {
    Map<String, String> f = new LinkedHashMap<>(form);
    f.putIfAbsent("_csrf", csrfToken());
    return postRaw(path, f);
  }

  /** Posts exactly the given fields: no CSRF token unless the caller adds one. */
  public Response postRaw(String path, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        Map.of());
  }

  public Response postJson(String path, String json, Map<String, String> headers) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)),
        headers);
  }

  public Response send(HttpRequest.Builder b, Map<String, String> headers) {
    headers.forEach(b::header);
    try {
      HttpResponse<String> r =
          client.send(
              b.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Map<String, String> h = new LinkedHashMap<>();
      r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(), String.join(", ", v)));
      return new Response(r.statusCode(), r.body(), h);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public void login(String email, String password) {
    Response r = post("/login", Map.of("email", email, "password", password));
    if (r.status() != 303) {
      throw new IllegalStateException("login failed for " + email + ": " + r.status());
    }
  }

  public String base() {
    return base;
  }

  public CookieManager cookies() {
    return cookies;
  }
}
