package org.indaba.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The resource library through real HTTP: pages, permissions, saves, comments, files, search. */
class LibraryTest {
  static TestApp app;
  static HttpSession moderator;
  static HttpSession member;
  static HttpSession other;
  static HttpSession anonymous;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    moderator = app.signedIn("lucia@example.org", "moderator");
    member = app.signedIn("fatima@example.org", "member");
    other = app.signedIn("omar@example.org", "member");
    anonymous = app.browser();
    assertThat(moderator.post("/resources/topics", Map.of("name", "Remittances")).status())
        .isEqualTo(303);
    assertThat(moderator.post("/resources/topics", Map.of("name", "Diaspora engagement")).status())
        .isEqualTo(303);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static Map<String, String> form(String title, String kind, String countries, String... topics) {
    Map<String, String> f = new HashMap<>();
    f.put("title", title);
    f.put("kind", kind);
    f.put("language", "en");
    f.put("summary", "How *diaspora* experts support public institutions.");
    f.put("publishedOn", "2021-10-14");
    f.put("countries", countries);
    f.put("author1Name", "Régis Blanc");
    f.put("author1Organisation", "Helvetas");
    f.put("author1Bio", "Migration advisor since 2020.");
    f.put("links", "https://example.org/brief Project site");
    if (topics.length > 0) {
      f.put("topics", topics[0]);
    }
    return f;
  }

  static long idOf(HttpSession.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(303);
    String loc = r.location();
    assertThat(loc).startsWith("/resources/");
    return Long.parseLong(loc.substring("/resources/".length()).replaceAll("[?#].*", ""));
  }

  @Test
  void aModeratorPublishesAtOnceAndAnonymousReadersSeeTheResourceInTheListAndItsPage() {
    long id =
        idOf(
            moderator.post(
                "/resources/new",
                form(
                    "Learning brief on diaspora engagement",
                    "learning_brief",
                    "Senegal, ML",
                    "remittances")));
    HttpSession.Response page = anonymous.get("/resources/" + id);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("Learning brief on diaspora engagement")
        .contains("Learning brief")
        .contains("<em>diaspora</em>")
        .contains("Régis Blanc")
        .contains("Helvetas")
        .contains("Senegal")
        .contains("Mali")
        .contains("Remittances")
        .contains("https://example.org/brief");
    assertThat(anonymous.get("/resources").body()).contains("/resources/" + id);
    assertThat(anonymous.get("/resources?kind=learning_brief&country=SN&topic=remittances").body())
        .contains("/resources/" + id);
    assertThat(anonymous.get("/resources?kind=toolkit").body())
        .doesNotContain("/resources/" + id + "\"");
    assertThat(anonymous.get("/resources/" + id + "/print").body())
        .contains("Learning brief on diaspora engagement")
        .doesNotContain("site-header");
    int audits =
        app.app
            .db
            .dsl()
            .fetchCount(
                org.indaba.db.schema.Tables.AUDIT_LOG,
                org.indaba.db.schema.Tables.AUDIT_LOG
                    .TARGET_ID
                    .eq(id)
                    .and(org.indaba.db.schema.Tables.AUDIT_LOG.ACTION.eq("resource_add")));
    assertThat(audits).isEqualTo(1);
  }

  @Test
  void aMemberSuggestsAResourceThatOnlyAppearsOnceAModeratorPublishesIt() {
    long id = idOf(member.post("/resources/new", form("Suggested toolkit", "toolkit", "")));
    assertThat(anonymous.get("/resources/" + id).status()).isEqualTo(404);
    assertThat(other.get("/resources/" + id).status()).isEqualTo(404);
    assertThat(member.get("/resources/" + id).body()).contains("waits for a moderator");
    assertThat(anonymous.get("/resources?kind=toolkit").body()).doesNotContain("Suggested toolkit");
    assertThat(moderator.get("/resources/moderation").body()).contains("Suggested toolkit");
    // a member cannot publish it, nor edit anything
    assertThat(other.post("/resources/" + id + "/publish", Map.of()).status()).isEqualTo(403);
    assertThat(member.get("/resources/" + id + "/edit").status()).isEqualTo(403);
    assertThat(moderator.post("/resources/" + id + "/publish", Map.of()).status()).isEqualTo(303);
    assertThat(anonymous.get("/resources/" + id).status()).isEqualTo(200);
    assertThat(anonymous.get("/resources?kind=toolkit").body()).contains("Suggested toolkit");
    // a second decision is refused: it is no longer a suggestion
    assertThat(moderator.post("/resources/" + id + "/reject", Map.of()).status()).isEqualTo(409);
  }

  @Test
  void anonymousVisitorsMayReadButNotAddSaveOrComment() {
    long id = idOf(moderator.post("/resources/new", form("Open report", "report", "")));
    assertThat(anonymous.get("/resources/new").status()).isEqualTo(303);
    assertThat(anonymous.post("/resources/new", form("x", "report", "")).location())
        .startsWith("/login");
    assertThat(anonymous.post("/resources/" + id + "/save", Map.of()).location())
        .startsWith("/login");
    assertThat(anonymous.post("/resources/" + id + "/comments", Map.of("body", "hi")).location())
        .startsWith("/login");
    assertThat(member.post("/resources/" + id + "/edit", form("Hijacked", "report", "")).status())
        .isEqualTo(403);
    HttpSession.Response noCsrf = member.postRaw("/resources/" + id + "/save", Map.of());
    assertThat(noCsrf.status()).isEqualTo(403);
  }

  @Test
  void aModeratorsEditIsAuditedAndAnInvalidFormKeepsWhatWasTyped() {
    long id = idOf(moderator.post("/resources/new", form("Draft title", "report", "")));
    Map<String, String> bad = form("Better title", "report", "Atlantis");
    HttpSession.Response refused = moderator.post("/resources/" + id + "/edit", bad);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("A country was not recognised").contains("Better title");
    assertThat(
            moderator
                .post("/resources/" + id + "/edit", form("Better title", "report", "Côte d’Ivoire"))
                .status())
        .isEqualTo(303);
    assertThat(anonymous.get("/resources/" + id).body())
        .contains("Better title")
        .contains("Côte d’Ivoire");
    assertThat(
            app.app
                .db
                .dsl()
                .fetchCount(
                    org.indaba.db.schema.Tables.AUDIT_LOG,
                    org.indaba.db.schema.Tables.AUDIT_LOG
                        .TARGET_ID
                        .eq(id)
                        .and(org.indaba.db.schema.Tables.AUDIT_LOG.ACTION.eq("resource_edit"))))
        .isEqualTo(1);
  }

  @Test
  void aSavedResourceShowsSavedWithItsCountAndAppearsInMySaved() {
    long id = idOf(moderator.post("/resources/new", form("Worth keeping", "working_paper", "")));
    assertThat(member.post("/resources/" + id + "/save", Map.of()).status()).isEqualTo(303);
    assertThat(other.post("/resources/" + id + "/save", Map.of()).status()).isEqualTo(303);
    // saving twice counts once
    assertThat(other.post("/resources/" + id + "/save", Map.of()).status()).isEqualTo(303);
    String page = member.get("/resources/" + id).body();
    assertThat(page).contains("Saved (select to remove)").contains("<dd>2</dd>");
    assertThat(member.get("/profile").body())
        .contains("My saved resources")
        .contains("Worth keeping");
    JsonObject api = new JsonObject(anonymous.get("/api/resources/" + id).body());
    assertThat(api.getLong("saves")).isEqualTo(2);
    assertThat(member.post("/resources/" + id + "/unsave", Map.of()).status()).isEqualTo(303);
    assertThat(member.get("/profile").body()).doesNotContain("Worth keeping");
    assertThat(member.get("/resources/" + id).body()).contains(">Save</button>");
    // most saved first
    long other2 = idOf(moderator.post("/resources/new", form("Less kept", "working_paper", "")));
    String sorted = anonymous.get("/resources?kind=working_paper&sort=saves").body();
    assertThat(sorted.indexOf("Worth keeping")).isLessThan(sorted.indexOf("Less kept"));
    assertThat(other2).isPositive();
  }

  @Test
  void aMembersCommentWaitsForAModeratorThenEveryoneSeesIt() {
    long id = idOf(moderator.post("/resources/new", form("Commented paper", "report", "")));
    HttpSession.Response posted =
        member.post("/resources/" + id + "/comments", Map.of("body", "Very useful for **Dakar**."));
    assertThat(posted.status()).isEqualTo(303);
    assertThat(anonymous.get("/resources/" + id).body()).doesNotContain("useful for");
    assertThat(other.get("/resources/" + id).body()).doesNotContain("useful for");
    assertThat(member.get("/resources/" + id).body())
        .contains("useful for <strong>Dakar</strong>")
        .contains("waiting for a moderator");
    String queue = moderator.get("/resources/moderation").body();
    var m = java.util.regex.Pattern.compile("/resources/comments/(\\d+)/approve").matcher(queue);
    assertThat(m.find()).isTrue();
    // members cannot approve
    assertThat(other.post("/resources/comments/" + m.group(1) + "/approve", Map.of()).status())
        .isEqualTo(403);
    assertThat(moderator.post("/resources/comments/" + m.group(1) + "/approve", Map.of()).status())
        .isEqualTo(303);
    assertThat(anonymous.get("/resources/" + id).body())
        .contains("useful for <strong>Dakar</strong>");
    JsonObject api = new JsonObject(anonymous.get("/api/resources/" + id).body());
    assertThat(api.getLong("comments")).isEqualTo(1);
    // an empty comment is refused with the page shown again
    assertThat(member.post("/resources/" + id + "/comments", Map.of("body", "  ")).status())
        .isEqualTo(400);
    // a moderator's own comment is shown at once
    moderator.post("/resources/" + id + "/comments", Map.of("body", "Thanks, added to week 2."));
    assertThat(anonymous.get("/resources/" + id).body()).contains("Thanks, added to week 2.");
  }

  @Test
  void theApiListsResourcesWithExactlyTheNamedFields() {
    long id =
        idOf(
            moderator.post(
                "/resources/new",
                form("API brief", "event", "Senegal, Nigeria", "diaspora-engagement")));
    JsonObject list =
        new JsonObject(
            anonymous
                .get(
                    "/api/resources?kind=event&country=NG&topic=diaspora-engagement&lang=en&page=1")
                .body());
    assertThat(list.fieldNames()).containsExactly("total", "items");
    assertThat(list.getLong("total")).isEqualTo(1);
    JsonObject item = list.getJsonArray("items").getJsonObject(0);
    assertThat(item.fieldNames())
        .containsExactly(
            "id",
            "title",
            "kind",
            "language",
            "publishedOn",
            "authors",
            "countries",
            "topics",
            "saves",
            "comments",
            "url");
    assertThat(item.getLong("id")).isEqualTo(id);
    assertThat(item.getString("kind")).isEqualTo("event");
    assertThat(item.getString("publishedOn")).isEqualTo("2021-10-14");
    assertThat(item.getJsonArray("countries")).isEqualTo(new JsonArray(List.of("NG", "SN")));
    assertThat(item.getJsonArray("topics"))
        .isEqualTo(new JsonArray(List.of("diaspora-engagement")));
    JsonObject author = item.getJsonArray("authors").getJsonObject(0);
    assertThat(author.fieldNames()).containsExactly("name", "organisation");
    assertThat(author.getString("organisation")).isEqualTo("Helvetas");
    assertThat(item.getString("url")).endsWith("/resources/" + id);
    assertThat(new JsonObject(anonymous.get("/api/resources?q=API+brief").body()).getLong("total"))
        .isEqualTo(1);
    assertThat(anonymous.get("/api/resources/999999").status()).isEqualTo(404);
  }

  static byte[] pdf(String text) throws Exception {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
        s.beginText();
        s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        s.newLineAtOffset(72, 700);
        s.showText(text);
        s.endText();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  static HttpSession.Response upload(
      HttpSession s, String path, String filename, String type, byte[] bytes) {
    String boundary = "----indaba" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
            + s.csrfToken()
            + "\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
            + filename
            + "\"\r\nContent-Type: "
            + type
            + "\r\n\r\n";
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(bytes);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return s.send(
        HttpRequest.newBuilder(URI.create(s.base() + path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())),
        Map.of());
  }

  @Test
  void aPdfsTextIsFoundBySearchAndEachDownloadIsCounted() throws Exception {
    long id =
        idOf(moderator.post("/resources/new", form("Paper with a file", "working_paper", "")));
    HttpSession.Response up =
        upload(
            moderator,
            "/resources/" + id + "/files",
            "cd4d2.pdf",
            "application/pdf",
            pdf("Knowledge transfer through zanzibarlike assignments in Somalia"));
    assertThat(up.status()).as(up.body()).isEqualTo(303);
    // a member may not add files to a published resource
    assertThat(
            upload(member, "/resources/" + id + "/files", "x.txt", "text/plain", new byte[] {'x'})
                .status())
        .isEqualTo(403);
    String page = anonymous.get("/resources/" + id).body();
    var m = java.util.regex.Pattern.compile("/resources/" + id + "/files/(\\d+)").matcher(page);
    assertThat(m.find()).isTrue();
    assertThat(page).contains("Not downloaded yet");
    HttpSession.Response file = anonymous.get("/resources/" + id + "/files/" + m.group(1));
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.header("content-type")).isEqualTo("application/pdf");
    assertThat(file.header("content-disposition")).startsWith("attachment;");
    anonymous.get("/resources/" + id + "/files/" + m.group(1));
    assertThat(anonymous.get("/resources/" + id).body()).contains("Downloaded 2 times");

    app.app.background.runNow("search-indexer");
    JsonObject found =
        new JsonObject(anonymous.get("/api/search?q=zanzibarlike+type:resource").body());
    assertThat(found.getLong("total")).as(found.encode()).isEqualTo(1);
    assertThat(found.getJsonArray("hits").getJsonObject(0).getString("url"))
        .endsWith("/resources/" + id);
    JsonObject byKind =
        new JsonObject(anonymous.get("/api/search?q=type:resource+kind:working_paper").body());
    assertThat(byKind.getLong("total")).isGreaterThanOrEqualTo(1);
    assertThat(byKind.getJsonObject("facets").getJsonObject("kind").getLong("working_paper"))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            new JsonObject(anonymous.get("/api/search?q=zanzibarlike+type:contribution").body())
                .getLong("total"))
        .isZero();
  }

  @Test
  void theResourceFeedListsPublishedResources() {
    idOf(moderator.post("/resources/new", form("Feed item", "news", "")));
    HttpSession.Response feed = anonymous.get("/resources/feed.atom");
    assertThat(feed.status()).isEqualTo(200);
    assertThat(feed.header("content-type")).startsWith("application/atom+xml");
    assertThat(feed.body()).contains("<feed").contains("Feed item");
  }

  @Test
  void aDiscussionsBackgroundDocumentIsAResourceShownWithItsKindAndSummary() throws Exception {
    HttpSession.Response created =
        moderator.post(
            "/d/new",
            Map.of(
                "slug", "lib-docs",
                "title", "Diaspora and local development",
                "summary", "s",
                "introduction", "Welcome.",
                "welcomedLanguages", "en",
                "moderators", "lucia@example.org",
                "startsOn", "2026-03-02",
                "timeZone", "UTC",
                "weeks", "2"));
    assertThat(created.status()).as(created.body()).isEqualTo(303);
    long id =
        idOf(
            moderator.post(
                "/resources/new", form("Brief for the discussion", "learning_brief", "")));
    assertThat(
            moderator
                .post("/d/lib-docs/documents/attach", Map.of("resource", String.valueOf(id)))
                .status())
        .isEqualTo(303);
    String dpage = anonymous.get("/d/lib-docs").body();
    assertThat(dpage)
        .contains("/resources/" + id)
        .contains("Brief for the discussion")
        .contains("Learning brief")
        .contains("<em>diaspora</em>");
    assertThat(anonymous.get("/resources/" + id).body())
        .contains("Used in these discussions")
        .contains("/d/lib-docs");
    // a member cannot attach documents to a discussion they do not moderate
    assertThat(
            member
                .post("/d/lib-docs/documents/attach", Map.of("resource", String.valueOf(id)))
                .status())
        .isEqualTo(403);
    // an upload on the discussion becomes a report of the library
    HttpSession.Response up =
        upload(
            moderator,
            "/d/lib-docs/documents",
            "terms of reference.txt",
            "text/plain",
            "Terms for the facilitators".getBytes(StandardCharsets.UTF_8));
    assertThat(up.status()).isEqualTo(303);
    String after = anonymous.get("/d/lib-docs").body();
    assertThat(after).contains("terms of reference").contains("Report");
  }
}
