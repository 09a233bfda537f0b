package org.indaba.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;

/**
 * {@code /metrics} on a listener of its own, bound to the loopback interface only
 * (INDABA_METRICS_PORT, off by default): a scraper on the same host reads it without a token, and
 * nobody else can reach it.
 */
final class MetricsListener {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final HttpServer server;

  private MetricsListener(HttpServer server) {
    this.server = server;
  }

  static MetricsListener start(Vertx vertx, PrometheusMeterRegistry registry, int port)
      throws Exception {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  if (!"/metrics".equals(req.path())) {
                    req.response().setStatusCode(404).end();
                    return;
                  }
                  req.response().putHeader("Content-Type", CONTENT_TYPE).end(registry.scrape());
                });
    server
        .listen(port, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    return new MetricsListener(server);
  }

  int port() {
    return server.actualPort();
  }

  void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the process is stopping anyway
    }
  }
}
