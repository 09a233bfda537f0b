package org.indaba.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OperationsTest {
  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void healthzReportsEachPartAsUp() {
    var r = app.browser().get("/healthz");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"status\":\"up\"")
        .contains("\"database\":\"up\"")
        .contains("\"search\":\"up\"")
        .contains("\"smtp\":\"up\"");
  }

  @Test
  void healthzAnswers503WhenAPartIsDown() {
    app.app.addHealthCheck("broken-for-test", () -> false);
    try {
      var r = app.browser().get("/healthz");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.body()).contains("\"broken-for-test\":\"down\"");
    } finally {
      app.app.addHealthCheck("broken-for-test", () -> true);
    }
  }

  @Test
  void metricsAreExposedForPrometheusToAnAdminsToken() {
    app.browser().get("/");
    long admin = app.member("ops-admin@example.org", "Ops", "admin");
    String token =
        app.app.accountService.createApiToken(
            app.app.accounts.byId(admin).orElseThrow().toViewer(), "prometheus");
    var r = app.browser().get("/api/metrics", java.util.Map.of("Authorization", "Bearer " + token));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("vertx_http_server_requests");
  }
}
