package org.indaba.i18n;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.indaba.model.NetworkGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a self-hosted LibreTranslate-compatible API ({@code POST /translate} with {@code q, source,
 * target, format}; answer {@code translatedText}). Bounded in time and size; any failure yields no
 * draft rather than an error for the person who asked.
 */
public final class LibreTranslateClient implements MachineTranslator {
  private static final Logger log = LoggerFactory.getLogger(LibreTranslateClient.class);
  static final int MAX_CHARS = 20_000;
  private final URI endpoint;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public LibreTranslateClient(String baseUrl) {
    this.endpoint =
        URI.create(baseUrl.endsWith("/") ? baseUrl + "translate" : baseUrl + "/translate");
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public Optional<String> translate(String text, String sourceLanguage, String targetLanguage) {
    if (text == null
        || text.isBlank()
        || text.length() > MAX_CHARS
        || sourceLanguage.equals(targetLanguage)) {
      return Optional.empty();
    }
    String body =
        new JsonObject()
            .put("q", text)
            .put("source", "und".equals(sourceLanguage) ? "auto" : sourceLanguage)
            .put("target", targetLanguage)
            .put("format", "text")
            .encode();
    HttpRequest req =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    try {
      NetworkGuard.beforeNetworkCall("machine translation request");
      HttpResponse<String> res =
          http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (res.statusCode() != 200) {
        log.warn(
            "Translation service answered {} for {} -> {}",
            res.statusCode(),
            sourceLanguage,
            targetLanguage);
        return Optional.empty();
      }
      String translated = new JsonObject(res.body()).getString("translatedText");
      return translated == null || translated.isBlank()
          ? Optional.empty()
          : Optional.of(translated);
    } catch (java.io.IOException | RuntimeException e) {
      log.warn("Translation service failed: {}", e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
