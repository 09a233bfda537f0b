package org.indaba.consolidated;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.HttpSession;
import org.indaba.testing.RelayedApp;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consolidated reply, visible and sent: linked from the discussion page and the dashboard, its
 * editor lists what can be cited, publishing mails followers and contributors in their language,
 * and a PDF carries its citation numbers and permalinks.
 */
class ConsolidatedReplyDeliveredTest {
  static RelayedApp env;
  static TestApp app;
  static Fixtures fx;

  @BeforeAll
  static void start() {
    env = RelayedApp.start();
    app = env.app;
    fx = new Fixtures(app);
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  private static byte[] getBytes(String path, String contentType) throws Exception {
    HttpResponse<byte[]> r =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(contentType);
    return r.body();
  }

  private static String pdfText(byte[] pdf) throws Exception {
    assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("%PDF-");
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc);
    }
  }

  record World(long d, long fatouPost, long johnPost, HttpSession moderator) {}

  private static World world(String slug) {
    long d = fx.discussion(slug, "Twinning " + slug, true);
    fx.theme(d, 1, "Week one", OffsetDateTime.now(app.clock).minusDays(1));
    fx.theme(d, 2, "Week two", OffsetDateTime.now(app.clock).minusDays(1));
    app.app
        .db
        .dsl()
        .execute("update theme set published_at = publish_at where discussion_id = ?", d);
    long mod = fx.member("mod@" + slug + ".test", "Mod", "Org", "Senegal", "en", "member");
    fx.moderator(d, mod);
    long fatou =
        fx.member(
            "fatou@" + slug + ".test", "Fatou Ndiaye", "Ville de Thiès", "Senegal", "fr", "member");
    long john = fx.member("john@" + slug + ".test", "John Smith", "Leeds", "UK", "en", "member");
    long follower = fx.member("ana@" + slug + ".test", "Ana", "", "Spain", "es", "member");
    app.app.subscriptions.set(d, follower, "announcements");
    long fatouPost = fx.approved(d, 1, fatou, "Twinning works when councils meet.");
    long johnPost = fx.approved(d, 2, john, "Schools exchange letters.");
    HttpSession s = app.browser();
    s.login("mod@" + slug + ".test", TestApp.PASSWORD);
    return new World(d, fatouPost, johnPost, s);
  }

  @Test
  void theEditorListsCitableContributionsWeekByWeekAndFlagsUnresolvedCitations() {
    World w = world("editor");
    String page = w.moderator().get("/d/editor").body();
    assertThat(page)
        .contains("href=\"/d/editor/reply/en/edit\"")
        .contains("Write the consolidated reply");
    assertThat(w.moderator().get("/moderation/editor").body()).contains("/d/editor/reply/en/edit");

    w.moderator()
        .post(
            "/d/editor/reply/en/edit",
            Map.of("title", "Reply", "body", "As [#" + w.fatouPost() + "] says. And [#999999]."));
    String editor = w.moderator().get("/d/editor/reply/en/edit").body();
    assertThat(editor)
        .contains("[#" + w.fatouPost() + "]")
        .contains("[#" + w.johnPost() + "]")
        .contains("Fatou Ndiaye")
        .contains("John Smith")
        .contains("Week 1")
        .contains("Week 2")
        .contains("do not point to an approved contribution")
        .contains("<code>[#999999]</code>");
    HttpSession.Response refused = w.moderator().post("/d/editor/reply/en/publish", Map.of());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body()).contains("[#999999]");
  }

  @Test
  void publishingMailsFollowersAndContributorsInTheirLanguageWithThanksAndThePermalink()
      throws Exception {
    World w = world("deliver");
    w.moderator()
        .post(
            "/d/deliver/reply/en/edit",
            Map.of("title", "What we learnt", "body", "Councils meet [#" + w.fatouPost() + "]."));
    assertThat(w.moderator().post("/d/deliver/reply/en/publish", Map.of()).status()).isEqualTo(303);

    MimeMessage toFatou = env.deliveredTo("fatou@deliver.test").get(0);
    assertThat(toFatou.getSubject()).isEqualTo("La réponse consolidée de Twinning deliver");
    assertThat(RelayedApp.text(toFatou))
        .contains("Merci d'avoir participé")
        .contains("What we learnt")
        .contains(app.app.config.baseUrl() + "/d/deliver/reply/en");
    MimeMessage toJohn = env.deliveredTo("john@deliver.test").get(0);
    assertThat(toJohn.getSubject()).isEqualTo("The consolidated reply of Twinning deliver");
    assertThat(env.deliveredTo("ana@deliver.test")).hasSize(1);
    assertThat(env.deliveredTo("mod@deliver.test")).isEmpty();

    // the French version, once published, goes to the French-speaking contributor only
    w.moderator()
        .post(
            "/d/deliver/reply/fr/edit",
            Map.of("title", "Ce que nous avons appris", "body", "Les conseils se rencontrent."));
    w.moderator().post("/d/deliver/reply/fr/publish", Map.of());
    List<MimeMessage> fatou = env.deliveredTo("fatou@deliver.test");
    assertThat(fatou).hasSize(2);
    assertThat(RelayedApp.text(fatou.get(1))).contains("Ce que nous avons appris");
    assertThat(env.deliveredTo("john@deliver.test")).hasSize(1);

    String page = app.browser().get("/d/deliver").body();
    assertThat(page).contains("Read the consolidated reply:").contains("/d/deliver/reply/en");
  }

  @Test
  void thePdfOfEachVersionOpensAndHoldsItsCitationNumbersAndPermalinks() throws Exception {
    World w = world("pdf");
    w.moderator()
        .post(
            "/d/pdf/reply/en/edit",
            Map.of(
                "title",
                "Twinning, a synthesis",
                "body",
                "Councils meet [#" + w.fatouPost() + "]; schools write [#" + w.johnPost() + "]."));
    w.moderator().post("/d/pdf/reply/en/publish", Map.of());
    w.moderator()
        .post(
            "/d/pdf/reply/ar/edit",
            Map.of("title", "التوأمة", "body", "تلتقي المجالس البلدية [#" + w.fatouPost() + "]."));
    w.moderator().post("/d/pdf/reply/ar/publish", Map.of());

    String en = pdfText(getBytes("/d/pdf/reply/en.pdf", "application/pdf"));
    assertThat(en)
        .contains("Twinning, a synthesis")
        .contains("#" + w.fatouPost() + " Fatou Ndiaye")
        .contains("#" + w.johnPost() + " John Smith")
        .contains("/c/" + w.fatouPost())
        .contains("/d/pdf/reply/en")
        .contains("Fatou Ndiaye")
        .contains("John Smith");
    String ar = pdfText(getBytes("/d/pdf/reply/ar.pdf", "application/pdf"));
    assertThat(ar)
        .contains("التوأمة")
        .contains("#" + w.fatouPost())
        .contains("/c/" + w.fatouPost());

    String print = app.browser().get("/d/pdf/reply/en/print").body();
    assertThat(print).contains("#" + w.fatouPost() + "</span>").contains("/c/" + w.fatouPost());
    assertThat(app.browser().get("/d/pdf/reply/de.pdf").status()).isEqualTo(404);
  }
}
