package org.indaba.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Issue 10 item 5: the request log never holds a live secret from a path or a query. */
class RequestLogTest {
  static TestApp app;
  static Logger requests;
  static ListAppender<ILoggingEvent> lines;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    requests = (Logger) LoggerFactory.getLogger("org.indaba.web.requests");
    lines = new ListAppender<>();
    lines.start();
    requests.addAppender(lines);
    requests.setAdditive(false);
    requests.setLevel(Level.INFO);
  }

  @AfterAll
  static void stop() {
    requests.detachAppender(lines);
    requests.setLevel(Level.OFF);
    requests.setAdditive(true);
    app.close();
  }

  private static String logged(String pathStart) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      for (ILoggingEvent e : List.copyOf(lines.list)) {
        if (e.getFormattedMessage().contains(pathStart)) {
          return e.getFormattedMessage();
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no request log line for " + pathStart);
  }

  @Test
  void aLiveResetTokenIsMaskedInTheRequestLog() throws Exception {
    app.member("logged@example.org", "Logged", "member");
    app.browser().post("/reset", Map.of("email", "logged@example.org"));
    Matcher m =
        Pattern.compile("/reset/([A-Za-z0-9_-]+)")
            .matcher(app.outboxTo("logged@example.org").getLast().getTextBody());
    assertThat(m.find()).isTrue();
    String token = m.group(1);
    assertThat(app.browser().get("/reset/" + token).status()).isEqualTo(200);
    String line = logged("GET /reset/");
    assertThat(line).doesNotContain(token).contains("/reset/" + RequestLog.MASK);
  }

  @Test
  void verificationUnsubscribeAndConfirmationTokensAreMasked() throws Exception {
    String secret = "k3yq9mz2v8xw4tr7bn6pl5hd";
    for (String prefix : List.of("/verify/", "/unsubscribe/", "/confirm/")) {
      app.browser().get(prefix + secret);
      assertThat(logged("GET " + prefix)).doesNotContain(secret);
    }
  }

  @Test
  void tokenBearingQueryParametersAreMasked() throws Exception {
    app.browser().get("/search?q=wells&token=supersecretvalue1&key=anothersecret2");
    String line = logged("GET /search?q=wells");
    assertThat(line)
        .doesNotContain("supersecretvalue1")
        .doesNotContain("anothersecret2")
        .contains("q=wells");
  }
}
