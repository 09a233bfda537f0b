package org.indaba.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whatever a reader or a robot sends, the answer over HTTP is results or a friendly 4xx, quickly.
 */
class HostileSearchHttpTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  /** Vert.x's default limit on the request line. */
  private static final int MAX_REQUEST_LINE = 4096;

  static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    SearchFixtures db = new SearchFixtures(app.app.db, app.clock);
    long member = app.member("robot-target@example.org", "Awa Ndiaye", "member");
    long d = db.discussion("hostile", "Hostile inputs", "en", "Migration and development", false);
    for (int i = 0; i < 200; i++) {
      db.contribution(
          d,
          1 + i % 4,
          member,
          "migration remittances pre%04d développement مهاجر".formatted(i),
          null,
          i % 2 == 0 ? "en" : "fr",
          "approved");
    }
    app.app.background.runNow("search-indexer");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static List<String> queries() throws Exception {
    List<String> all = new ArrayList<>(HostileQueryTest.hostileQueries());
    HostileQueryTest.generatedQueries().forEach(all::add);
    return all;
  }

  @Test
  void everyHostileQueryGetsResultsOrAFriendlyMessageOnEveryEndpoint() throws Exception {
    HttpSession browser = app.browser();
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (String q : queries()) {
      for (String path : List.of("/search?q=", "/api/search?q=", "/search/feed.atom?q=")) {
        if (++n % 100 == 0) {
          app.clock.advance(
              Duration.ofMinutes(2)); // stay under the rate limit; it has its own test
        }
        String url =
            path
                + URLEncoder.encode(q, StandardCharsets.UTF_8)
                + "&page="
                + (n % 7 == 0 ? "99999" : "1");
        long start = System.nanoTime();
        HttpSession.Response r;
        try {
          r = browser.get(url);
        } catch (IllegalStateException e) {
          // Beyond the HTTP server's request-line limit the connection is refused before any
          // handler
          // runs (a 414 or a close): nothing reaches search. Anything shorter must be answered.
          if (url.length() <= MAX_REQUEST_LINE) {
            failures.add(path + " length " + url.length() + ": " + e.getMessage());
          }
          continue;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        boolean ok = r.status() >= 200 && r.status() < 500 && r.status() != 429;
        if (!ok || took.compareTo(BOUND) > 0) {
          failures.add(
              path
                  + " "
                  + q.substring(0, Math.min(60, q.length()))
                  + " -> "
                  + r.status()
                  + " in "
                  + took);
        }
        if (r.status() == 400 && !path.startsWith("/api")) {
          assertThat(r.body()).as(q).doesNotContain("??search.");
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void hostileMarkupInAQueryIsNeverReflectedAsMarkup() {
    app.clock.advance(Duration.ofMinutes(2));
    HttpSession.Response r =
        app.browser()
            .get(
                "/search?q="
                    + URLEncoder.encode(
                        "<script>alert(1)</script> \"><img src=x onerror=alert(1)> migration",
                        StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("<script>alert").doesNotContain("<img src=x");
  }
}
