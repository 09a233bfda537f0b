package org.indaba.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.testing.RawHttp;
import org.indaba.testing.TestApp;
import org.indaba.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 items 7 and 15: metrics on a loopback-only listener when INDABA_METRICS_PORT is set, an
 * active-requests gauge that comes back down, and INDABA_BIND_ADDRESS for HTTP and SMTP.
 */
class MetricsListenerTest {
  static TestApp app;
  static int metricsPort;

  @BeforeAll
  static void start() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      metricsPort = free.getLocalPort();
    }
    app =
        TestApp.start(
            TestDatabase.freshDatabaseUrl(),
            Map.of(
                "INDABA_METRICS_PORT",
                String.valueOf(metricsPort),
                "INDABA_BIND_ADDRESS",
                "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static double activeRequests() {
    String body = RawHttp.get(metricsPort, "/metrics", Map.of()).body();
    Matcher m =
        Pattern.compile("(?m)^vertx_http_server_active_requests\\{[^}]*\\} ([0-9.eE+-]+)$")
            .matcher(body);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }

  @Test
  void metricsAreOnTheirOwnListenerOnLoopbackOnly() {
    assertThat(app.app.metricsPort()).isEqualTo(metricsPort);
    var r = RawHttp.get(metricsPort, "/metrics", Map.of());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("vertx_http_server");
    externalAddress()
        .ifPresent(a -> assertThat(connects(a, metricsPort)).as("reachable on " + a).isFalse());
  }

  @Test
  void theActiveRequestsGaugeComesBackDownAfterStaticFilesAndRefusedRequests() {
    int port = app.app.httpPort();
    RawHttp.get(port, "/", Map.of());
    double before = activeRequests();
    for (int i = 0; i < 20; i++) {
      assertThat(RawHttp.get(port, "/static/style.css", Map.of()).status()).isEqualTo(200);
      String etag = RawHttp.get(port, "/static/style.css", Map.of()).header("etag");
      assertThat(RawHttp.get(port, "/static/style.css", Map.of("If-None-Match", etag)).status())
          .isEqualTo(304);
      RawHttp.get(port, "/d/../x", Map.of());
      RawHttp.get(port, "/search?q=" + "b".repeat(9000), Map.of());
    }
    assertThat(activeRequests()).isEqualTo(before);
  }

  @Test
  void httpAndSmtpListenOnlyOnTheBindAddress() {
    assertThat(connects(InetAddress.getLoopbackAddress(), app.app.httpPort())).isTrue();
    assertThat(connects(InetAddress.getLoopbackAddress(), app.app.smtpPort())).isTrue();
    Optional<InetAddress> other = externalAddress();
    other.ifPresent(
        a -> {
          assertThat(connects(a, app.app.httpPort())).as("HTTP on " + a).isFalse();
          assertThat(connects(a, app.app.smtpPort())).as("SMTP on " + a).isFalse();
        });
    try (TestApp everywhere = TestApp.start()) {
      other.ifPresent(
          a -> assertThat(connects(a, everywhere.app.httpPort())).as("default").isTrue());
    }
  }

  private static boolean connects(InetAddress a, int port) {
    try (Socket s = new Socket()) {
      s.connect(new java.net.InetSocketAddress(a, port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** An address of this machine that is not loopback, when it has one. */
  private static Optional<InetAddress> externalAddress() {
    try {
      for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!n.isUp() || n.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(n.getInetAddresses())) {
          if (a instanceof java.net.Inet4Address) {
            return Optional.of(a);
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
