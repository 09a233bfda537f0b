package org.indaba.discussion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.discussion.Fixtures.idFrom;
import static org.indaba.discussion.Fixtures.post;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.indaba.discussion.Fixtures.Part;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class FilesFeedAndSafetyTest {
  static final int LIMIT = 200_000;
  static TestApp app;
  static HttpSession mod;
  static HttpSession member;

  @BeforeAll
  static void start() {
    app =
        TestApp.start(
            org.indaba.testing.TestDatabase.freshDatabaseUrl(),
            Map.of("INDABA_UPLOAD_MAX_BYTES", String.valueOf(LIMIT)));
    mod = app.signedIn("mod@files.test", "moderator");
    member = app.signedIn("member@files.test", "member");
    Fixtures.createDiscussion(mod, "files", "2026-03-02", 2, true, "mod@files.test");
    Fixtures.setTheme(mod, "files", 1, "Costs & <benefits>", "Is \"cheap\" always good?");
    app.clock.set(Instant.parse("2026-03-02T08:30:00Z"));
    app.app.background.runNow("theme-publisher");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void anAttachmentOfARefusedTypeIsRefusedAndNamed() {
    HttpSession.Response r =
        Fixtures.multipart(
            member,
            "/d/files/contributions",
            List.of(
                Part.field("week", "1"),
                Part.field("body", "See my file"),
                new Part(
                    "attachments",
                    "page.html",
                    "text/html",
                    "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8))));
    assertThat(r.status()).isEqualTo(415);
    assertThat(r.body()).contains("page.html").contains("cannot be attached");
  }

  @Test
  void anOversizedAttachmentIsRefusedWithTheLimitNamed() {
    HttpSession.Response r =
        Fixtures.multipart(
            member,
            "/d/files/contributions",
            List.of(
                Part.field("week", "1"),
                Part.field("body", "A big report"),
                new Part("attachments", "report.pdf", "application/pdf", new byte[LIMIT + 1])));
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).contains("the limit is 0.2 MB per file");
  }

  @Test
  void anAcceptedAttachmentDownloadsWithSafeHeaders() {
    byte[] pdf = "%PDF-1.4 tiny".getBytes(StandardCharsets.US_ASCII);
    HttpSession.Response r =
        Fixtures.multipart(
            mod,
            "/d/files/contributions",
            List.of(
                Part.field("week", "1"),
                Part.field("body", "Our study attached"),
                new Part("attachments", "étude.pdf", "application/octet-stream", pdf),
                new Part(
                    "attachments",
                    "map.png",
                    "image/png",
                    new byte[] {(byte) 0x89, 'P', 'N', 'G'})));
    long id = idFrom(r);
    String page = app.browser().get("/c/" + id).body();
    var m =
        java.util.regex.Pattern.compile("/c/" + id + "/attachments/(\\d+)\">étude.pdf")
            .matcher(page);
    assertThat(m.find()).as(page).isTrue();
    HttpSession.Response file = app.browser().get("/c/" + id + "/attachments/" + m.group(1));
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.header("content-type")).isEqualTo("application/pdf");
    assertThat(file.header("content-disposition"))
        .startsWith("attachment;")
        .contains("filename*=UTF-8''%C3%A9tude.pdf");
    assertThat(file.header("x-content-type-options")).isEqualTo("nosniff");

    var img =
        java.util.regex.Pattern.compile("/c/" + id + "/attachments/(\\d+)\">map.png").matcher(page);
    assertThat(img.find()).isTrue();
    HttpSession.Response png = app.browser().get("/c/" + id + "/attachments/" + img.group(1));
    assertThat(png.header("content-type")).isEqualTo("image/png");
    assertThat(png.header("content-disposition")).startsWith("inline;");
  }

  @Test
  void backgroundDocumentsAreUploadedByModeratorsAndServedAsDownloads() {
    HttpSession.Response refused =
        Fixtures.multipart(
            member,
            "/d/files/documents",
            List.of(new Part("documents", "terms.pdf", "application/pdf", new byte[] {1, 2, 3})));
    assertThat(refused.status()).isEqualTo(403);
    HttpSession.Response svg =
        Fixtures.multipart(
            mod,
            "/d/files/documents",
            List.of(
                new Part(
                    "documents",
                    "logo.svg",
                    "image/svg+xml",
                    "<svg/>".getBytes(StandardCharsets.UTF_8))));
    assertThat(svg.status()).isEqualTo(415);
    HttpSession.Response ok =
        Fixtures.multipart(
            mod,
            "/d/files/documents",
            List.of(
                new Part(
                    "documents",
                    "terms of reference.docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    new byte[] {'P', 'K', 3, 4})));
    assertThat(ok.status()).isEqualTo(303);
    // the document is a resource of the library, listed on the discussion page
    String page = app.browser().get("/d/files").body();
    var m =
        java.util.regex.Pattern.compile(
                "/resources/(\\d+)\" lang=\"[a-z]+\" dir=\"auto\">terms of reference<")
            .matcher(page);
    assertThat(m.find()).as(page).isTrue();
    String resource = app.browser().get("/resources/" + m.group(1)).body();
    var f =
        java.util.regex.Pattern.compile(
                "/resources/" + m.group(1) + "/files/(\\d+)\">terms of reference.docx")
            .matcher(resource);
    assertThat(f.find()).as(resource).isTrue();
    HttpSession.Response doc =
        app.browser().get("/resources/" + m.group(1) + "/files/" + f.group(1));
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.header("content-disposition")).startsWith("attachment;");
    assertThat(doc.header("x-content-type-options")).isEqualTo("nosniff");
  }

  @Test
  void markdownThatTriesToRunScriptIsNeutralisedOnThePage() {
    long id =
        idFrom(
            post(
                mod,
                "files",
                1,
                "Hello <script>alert('x')</script> [click](javascript:alert(1)) <img src=x onerror=alert(2)>",
                null));
    String page = app.browser().get("/c/" + id).body();
    assertThat(page)
        .doesNotContain("<script>alert")
        .doesNotContain("href=\"javascript:")
        .doesNotContain("<img src=\"x\"")
        .doesNotContain("<img src=x");
    assertThat(page).contains("&lt;script&gt;");
  }

  @Test
  void theAtomFeedIsWellFormedEscapedAndLeavesOutPendingContributions() throws Exception {
    long approved = idFrom(post(mod, "files", 1, "Approved & *visible* <b>text</b>", null));
    long pending = idFrom(post(member, "files", 1, "Pending secret words", null));
    HttpSession.Response r = app.browser().get("/d/files/feed.atom");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).startsWith("application/atom+xml");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("feed");
    assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2005/Atom");
    NodeList entries = doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry");
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < entries.getLength(); i++) {
      ids.append(entries.item(i).getTextContent()).append('\n');
    }
    assertThat(ids.toString())
        .contains("/c/" + approved)
        .contains("Week 1: Costs & <benefits>")
        .contains("<em>visible</em>")
        .doesNotContain("/c/" + pending + "\n")
        .doesNotContain("Pending secret words");
    assertThat(r.body()).doesNotContain("Pending secret words");
    assertThat(app.browser().get("/d/files").body())
        .contains(
            "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/d/files/feed.atom\"");
  }
}
