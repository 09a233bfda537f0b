package org.indaba.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a local HTTP server that speaks the LibreTranslate API, as a self-hosted one would. */
class LibreTranslateClientTest {
  static Vertx vertx;
  static HttpServer server;
  static final AtomicReference<JsonObject> lastRequest = new AtomicReference<>();
  static volatile int status = 200;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              if (!req.path().equals("/translate")
                                  || !req.method().name().equals("POST")) {
                                req.response().setStatusCode(404).end();
                                return;
                              }
                              JsonObject in = body.toJsonObject();
                              lastRequest.set(in);
                              String out =
                                  in.getString("target").equals("fr")
                                      ? "Les transferts de fonds financent des écoles."
                                      : "?";
                              req.response()
                                  .setStatusCode(status)
                                  .putHeader("Content-Type", "application/json")
                                  .end(
                                      status == 200
                                          ? new JsonObject().put("translatedText", out).encode()
                                          : "{\"error\":\"busy\"}");
                            }))
            .listen(0)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  @Test
  void aDraftComesBackFromTheService() {
    status = 200;
    var client = new LibreTranslateClient("http://localhost:" + server.actualPort());
    assertThat(client.translate("Remittances fund schools.", "en", "fr"))
        .contains("Les transferts de fonds financent des écoles.");
    assertThat(lastRequest.get().getString("source")).isEqualTo("en");
    assertThat(lastRequest.get().getString("format")).isEqualTo("text");
  }

  @Test
  void anUnknownSourceLanguageIsLeftToTheServiceToDetect() {
    status = 200;
    new LibreTranslateClient("http://localhost:" + server.actualPort() + "/")
        .translate("Hola", "und", "fr");
    assertThat(lastRequest.get().getString("source")).isEqualTo("auto");
  }

  @Test
  void aFailingServiceGivesNoDraftInsteadOfAnError() {
    status = 503;
    assertThat(
            new LibreTranslateClient("http://localhost:" + server.actualPort())
                .translate("Hello there", "en", "fr"))
        .isEmpty();
    assertThat(new LibreTranslateClient("http://localhost:1").translate("Hello there", "en", "fr"))
        .isEmpty();
  }

  @Test
  void theServiceIsOffByDefault() {
    assertThat(MachineTranslator.OFF.enabled()).isFalse();
    assertThat(MachineTranslator.OFF.translate("Hello", "en", "fr")).isEmpty();
  }
}
