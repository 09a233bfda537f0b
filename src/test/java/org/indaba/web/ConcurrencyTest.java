package org.indaba.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Handlers run on virtual threads: many requests that each wait one second on the database finish
 * together in about one second, not one after the other, and the event loop stays free meanwhile.
 */
@ExtendWith(VertxExtension.class)
class ConcurrencyTest {
  static TestApp app;
  static final int REQUESTS = 16;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    app.app.web.get(
        "/slow",
        req -> {
          app.app.db.dsl().execute("SELECT pg_sleep(1)");
          return Result.json(Map.of("slept", true));
        });
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void sixteenSlowRequestsAtOnceFinishInAboutTheTimeOfOne(Vertx vertx, VertxTestContext ctx) {
    // one connection per request, as many browsers would open
    WebClient client =
        WebClient.create(
            vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(REQUESTS + 1));
    long start = System.nanoTime();
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      calls.add(client.get(app.app.httpPort(), "localhost", "/slow").send());
    }
    // while they all sleep, a fast page is still served: it comes back before any slow one
    java.util.concurrent.atomic.AtomicInteger slowDone =
        new java.util.concurrent.atomic.AtomicInteger();
    calls.forEach(f -> f.onComplete(x -> slowDone.incrementAndGet()));
    client
        .get(app.app.httpPort(), "localhost", "/healthz")
        .send()
        .onComplete(
            ctx.succeeding(
                fast ->
                    ctx.verify(
                        () -> {
                          assertThat(fast.statusCode()).isEqualTo(200);
                          assertThat(slowDone.get()).isZero();
                        })));
    Future.all(calls)
        .onComplete(
            ctx.succeeding(
                all ->
                    ctx.verify(
                        () -> {
                          long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                          for (int i = 0; i < REQUESTS; i++) {
                            assertThat(all.<HttpResponse<Buffer>>resultAt(i).statusCode())
                                .isEqualTo(200);
                          }
                          // one after the other this takes 16 s; together about 1 s, with slack for
                          // a loaded two-core machine
                          assertThat(elapsedMs).isLessThan(5_000);
                          ctx.completeNow();
                        })));
  }
}
