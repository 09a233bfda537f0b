package org.indaba.discussion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.discussion.Fixtures.idFrom;
import static org.indaba.discussion.Fixtures.post;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Week pages are rendered once and shared by readers who see nothing of their own: these tests
 * prove a change shows at the very next read (on this server and on a second one sharing the
 * database) and that what only some readers may see never reaches another reader.
 */
class SharedPagesTest {
  private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final String WEEK = "/d/shared?week=1";

  private TestApp app;
  private HttpSession mod;
  private HttpSession alice;

  @BeforeEach
  void openADiscussion() {
    app = TestApp.start();
    mod = app.signedIn("mod@shared.test", "moderator");
    alice = app.signedIn("alice@shared.test", "member");
    // starts today (2 March 2026 on the test clock), not pre-moderated
    Fixtures.createDiscussion(mod, "shared", "2026-03-02", 3, false, "mod@shared.test");
    Fixtures.setTheme(mod, "shared", 1, "Remittances", "What do they pay for?");
    assertThat(mod.post("/d/shared/themes/1/publish", Map.of()).status()).isEqualTo(303);
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void aChangeIsOnTheWeekPageAtTheVeryNextRead() {
    HttpSession reader = app.browser();
    HttpSession bob = app.signedIn("bob@shared.test", "member");
    assertThat(reader.get(WEEK).body()).doesNotContain("Schools first");
    assertThat(bob.get(WEEK).body()).doesNotContain("Schools first");

    long id = idFrom(post(alice, "shared", 1, "Schools first, then clinics.", null));
    assertThat(reader.get(WEEK).body()).contains("Schools first, then clinics.");
    assertThat(bob.get(WEEK).body()).contains("Schools first, then clinics.");

    assertThat(alice.post("/c/" + id + "/edit", Map.of("body", "Clinics first.")).status())
        .isEqualTo(303);
    assertThat(reader.get(WEEK).body()).contains("Clinics first.").doesNotContain("Schools first");

    // the author's name on the card follows their profile
    assertThat(
            alice
                .post(
                    "/profile",
                    Map.of(
                        "displayName",
                        "Alice Renamed",
                        "organisation",
                        "",
                        "city",
                        "",
                        "country",
                        "",
                        "preferredLanguage",
                        "en",
                        "timeZone",
                        "UTC"))
                .status())
        .isEqualTo(303);
    assertThat(reader.get(WEEK).body()).contains("Alice Renamed");

    // a moderator's decision too
    long other = idFrom(post(bob, "shared", 1, "Roads matter more.", null));
    assertThat(reader.get(WEEK).body()).contains("Roads matter more.");
    assertThat(
            mod.post("/moderation/contributions/" + other + "/delete", Map.of("reason", "spam"))
                .status())
        .isEqualTo(303);
    assertThat(reader.get(WEEK).body()).doesNotContain("Roads matter more.");
  }

  @Test
  void aChangeMadeThroughAnotherServerOnTheSameDatabaseIsSeenAtOnce() {
    try (TestApp second = TestApp.start(app.databaseUrl, Map.of())) {
      HttpSession reader = second.browser();
      assertThat(reader.get(WEEK).body()).doesNotContain("Posted on the first server");
      post(alice, "shared", 1, "Posted on the first server.", null);
      assertThat(reader.get(WEEK).body()).contains("Posted on the first server.");
      Fixtures.setTheme(mod, "shared", 1, "Remittances, revised", "What do they pay for?");
      assertThat(reader.get(WEEK).body()).contains("Remittances, revised");
    }
  }

  @Test
  void heldPostsAndModeratorToolsNeverReachAnotherReader() {
    HttpSession pre = app.signedIn("pre@shared.test", "moderator");
    Fixtures.createDiscussion(pre, "held", "2026-03-02", 2, true, "pre@shared.test");
    Fixtures.setTheme(pre, "held", 1, "Held week", "Anything?");
    assertThat(pre.post("/d/held/themes/1/publish", Map.of()).status()).isEqualTo(303);
    HttpSession anonymous = app.browser();
    HttpSession bob = app.signedIn("bob@shared.test", "member");
    // readers of every kind read first, so that a shared page exists before the post is held
    anonymous.get("/d/held?week=1");
    bob.get("/d/held?week=1");

    post(alice, "held", 1, "Waiting for a moderator.", null);
    assertThat(pre.get("/d/held?week=1").body())
        .contains("Waiting for a moderator.")
        .contains("/d/held/close");
    assertThat(alice.get("/d/held?week=1").body()).contains("Waiting for a moderator.");
    for (HttpSession other : new HttpSession[] {anonymous, bob, app.browser()}) {
      String page = other.get("/d/held?week=1").body();
      assertThat(page).doesNotContain("Waiting for a moderator.").doesNotContain("/d/held/close");
      assertThat(other.get("/d/held").body()).doesNotContain("Waiting for a moderator.");
    }
  }

  @Test
  void anAnonymousPageWithoutFormsSetsNoCookieAndAnswersARevalidationWith304() {
    post(alice, "shared", 1, "Schools first.", null);
    HttpSession reader = app.browser();
    HttpSession.Response first = reader.get(WEEK);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("set-cookie")).isNull();
    assertThat(first.header("cache-control")).isEqualTo("no-cache");
    String etag = first.header("etag");
    assertThat(etag).startsWith("\"");

    HttpSession.Response again = reader.get(WEEK, Map.of("If-None-Match", etag));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    post(alice, "shared", 1, "Clinics next.", null);
    HttpSession.Response changed = reader.get(WEEK, Map.of("If-None-Match", etag));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body()).contains("Clinics next.");
    assertThat(changed.header("etag")).isNotEqualTo(etag);

    // a page with a form still gives the browser its cookie
    assertThat(app.browser().get("/login").header("set-cookie")).contains("indaba_csrf=");
  }

  @Test
  void membersShareThePageButEachGetsTheirOwnWorkingToken() throws Exception {
    HttpSession bob = app.signedIn("bob@shared.test", "member");
    HttpSession carol = app.signedIn("carol@shared.test", "member");
    String bobPage = bob.get(WEEK).body();
    HttpSession.Response carolResponse = carol.get(WEEK);
    assertThat(carolResponse.header("cache-control")).isEqualTo("private, no-store");
    assertThat(carolResponse.header("etag")).isNull();
    String bobToken = token(bobPage);
    String carolToken = token(carolResponse.body());
    assertThat(bobToken).isNotEqualTo(carolToken);
    assertThat(carolResponse.body()).doesNotContain(bobToken).doesNotContain("bob@shared.test");
    assertThat(bobPage).contains("name=\"body\"");

    // the compressed page is the same page, with the same token, and that token is accepted
    String gzipped = gunzip(getGzip(carol, WEEK));
    assertThat(gzipped).isEqualTo(carolResponse.body());
    HttpSession.Response posted =
        carol.postRaw(
            "/d/shared/contributions", Map.of("_csrf", token(gzipped), "week", "1", "body", "Hi."));
    assertThat(posted.status()).isEqualTo(303);
    // carol wrote in the discussion: from now on her page is her own, with her edit link
    assertThat(carol.get(WEEK).body()).contains("/edit\"");
    assertThat(bob.get(WEEK).body()).contains("Hi.").doesNotContain("/c/" + idOf(posted) + "/edit");
  }

  private static long idOf(HttpSession.Response r) {
    return Long.parseLong(r.location().substring(3));
  }

  private static String token(String page) {
    Matcher m = TOKEN.matcher(page);
    assertThat(m.find()).as("a CSRF field on the page").isTrue();
    return m.group(1);
  }

  private static byte[] getGzip(HttpSession s, String path) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(s.cookies())
            .build();
    HttpResponse<byte[]> r =
        client.send(
            HttpRequest.newBuilder(URI.create(s.base() + path))
                .header("Accept-Encoding", "gzip")
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-encoding")).hasValue("gzip");
    return r.body();
  }

  private static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
