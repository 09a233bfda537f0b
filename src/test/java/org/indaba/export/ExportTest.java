package org.indaba.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.DISCUSSION;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exports of a discussion built with approved, held, rejected and deleted contributions, a
 * published and an unpublished week, a published and a draft consolidated reply.
 */
class ExportTest {
  static TestApp app;
  static Fixtures fx;
  static HttpSession moderator;
  static long approvedEn;
  static long approvedAr;
  static long reply;
  static long pending;
  static long rejected;
  static long deleted;

  @BeforeAll
  static void build() {
    app = TestApp.start();
    fx = new Fixtures(app);
    long d = fx.discussion("exported", "Remittances and local development", true);
    OffsetDateTime now = OffsetDateTime.now(app.clock);
    fx.theme(d, 1, "Diaspora investment", now.minusDays(8));
    fx.theme(d, 2, "Hidden second week", now.plusDays(30));
    app.app
        .db
        .dsl()
        .execute(
            "update theme set published_at = publish_at where discussion_id = ? and week = 1", d);
    long mod = fx.member("mod@exported.test", "Mod", "Org", "BE", "en", "member");
    fx.moderator(d, mod);
    long fatou =
        fx.member(
            "fatou@exported.test",
            "Fatou Ndiaye",
            "=HYPERLINK(\"http://evil.test\")",
            "SN",
            "fr",
            "member");
    long amal =
        fx.member("amal@exported.test", "أمل", "المنظمة الدولية للهجرة", "MA", "ar", "member");
    approvedEn = fx.approved(d, 1, fatou, "Councils meet, then \"twin\" towns\nsign a charter.");
    approvedAr = fx.approved(d, 1, amal, "تلتقي المجالس البلدية كل شهر");
    app.app
        .db
        .dsl()
        .update(CONTRIBUTION)
        .set(CONTRIBUTION.LANGUAGE, "ar")
        .where(CONTRIBUTION.ID.eq(approvedAr))
        .execute();
    reply = fx.contribution(d, 1, fatou, "A reply to my own point.", "approved");
    app.app
        .db
        .dsl()
        .update(CONTRIBUTION)
        .set(CONTRIBUTION.REPLY_TO_ID, approvedAr)
        .where(CONTRIBUTION.ID.eq(reply))
        .execute();
    pending = fx.pending(d, amal, "Held text waiting for a moderator");
    rejected = fx.contribution(d, 1, fatou, "Rejected text nobody reads", "rejected");
    deleted = fx.contribution(d, 1, fatou, "Deleted text nobody reads", "deleted");
    moderator = app.browser();
    moderator.login("mod@exported.test", TestApp.PASSWORD);
    moderator.post(
        "/d/exported/reply/en/edit",
        Map.of("title", "What we learnt together", "body", "Twinning needs **councils**."));
    assertThat(moderator.post("/d/exported/reply/en/publish", Map.of()).status()).isEqualTo(303);
    moderator.post(
        "/d/exported/reply/fr/edit", Map.of("title", "Brouillon secret", "body", "Pas encore."));

    long draft = fx.discussion("draft-export", "Draft discussion", false);
    app.app
        .db
        .dsl()
        .update(DISCUSSION)
        .set(DISCUSSION.DRAFT, true)
        .where(DISCUSSION.ID.eq(draft))
        .execute();
    fx.moderator(draft, mod);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static HttpResponse<byte[]> get(String path) throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  private static List<Long> ids(JsonArray contributions) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < contributions.size(); i++) {
      out.add(contributions.getJsonObject(i).getLong("id"));
    }
    return out;
  }

  @Test
  void theJsonHoldsTheDiscussionItsPublishedWeekApprovedContributionsAndThePublishedReply() {
    HttpSession.Response r = app.browser().get("/d/exported/export.json");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonObject json = new JsonObject(r.body());
    assertThat(json.getJsonObject("discussion").getString("title"))
        .isEqualTo("Remittances and local development");
    assertThat(json.getJsonObject("discussion").getString("slug")).isEqualTo("exported");
    JsonArray weeks = json.getJsonArray("weeks");
    assertThat(weeks).hasSize(1);
    assertThat(weeks.getJsonObject(0).getString("title")).isEqualTo("Diaspora investment");
    assertThat(weeks.getJsonObject(0).getInteger("contributions")).isEqualTo(3);
    JsonArray contributions = json.getJsonArray("contributions");
    assertThat(ids(contributions)).containsExactly(approvedEn, approvedAr, reply);
    JsonObject first = contributions.getJsonObject(0);
    assertThat(first.getJsonObject("author").getString("name")).isEqualTo("Fatou Ndiaye");
    assertThat(first.getJsonObject("author").getString("country")).isEqualTo("SN");
    assertThat(first.getString("html")).contains("twin");
    assertThat(first.getString("channel")).isEqualTo("web");
    assertThat(contributions.getJsonObject(1).getString("language")).isEqualTo("ar");
    assertThat(contributions.getJsonObject(2).getLong("replyTo")).isEqualTo(approvedAr);
    JsonArray replies = json.getJsonArray("consolidatedReplies");
    assertThat(replies).hasSize(1);
    assertThat(replies.getJsonObject(0).getString("title")).isEqualTo("What we learnt together");
    assertThat(replies.getJsonObject(0).getString("html")).contains("<strong>councils</strong>");
    assertThat(r.body())
        .doesNotContain("Held text")
        .doesNotContain("Rejected text")
        .doesNotContain("Deleted text")
        .doesNotContain("Hidden second week")
        .doesNotContain("Brouillon secret");
  }

  @Test
  void aModeratorsExportHoldsNoHeldRejectedOrDeletedContributionEither() {
    String body = moderator.get("/d/exported/export.json").body();
    assertThat(ids(new JsonObject(body).getJsonArray("contributions")))
        .containsExactly(approvedEn, approvedAr, reply);
    assertThat(body).doesNotContain("Held text").doesNotContain("Brouillon secret");
    assertThat(moderator.get("/d/exported/contributions.csv").body())
        .doesNotContain("Held text")
        .doesNotContain("Deleted text");
  }

  @Test
  void aDraftDiscussionsExportsDoNotExistForReaders() {
    for (String path : List.of("/export.json", "/contributions.csv", "/print", "/export.pdf")) {
      assertThat(app.browser().get("/d/draft-export" + path).status()).as(path).isEqualTo(404);
      assertThat(moderator.get("/d/draft-export" + path).status()).as(path).isEqualTo(200);
    }
    assertThat(app.browser().get("/d/no-such-discussion/export.json").status()).isEqualTo(404);
  }

  @Test
  void theCsvHasOneQuotedRowPerContributionWithFormulasNeutralised() throws Exception {
    HttpResponse<byte[]> r = get("/d/exported/contributions.csv");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(r.headers().firstValue("Content-Disposition").orElse(""))
        .contains("exported-contributions.csv");
    byte[] bytes = r.body();
    assertThat(new byte[] {bytes[0], bytes[1], bytes[2]})
        .containsExactly((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    assertThat(text).contains("\r\n").contains("\"Councils meet, then \"\"twin\"\" towns\nsign");
    List<List<String>> rows = parse(text);
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0)).containsExactlyElementsOf(ExportRoutes.CSV_COLUMNS);
    Map<String, String> en = record(rows.get(0), rows.get(1));
    assertThat(en.get("id")).isEqualTo(String.valueOf(approvedEn));
    assertThat(en.get("author")).isEqualTo("Fatou Ndiaye");
    assertThat(en.get("organisation")).isEqualTo("'=HYPERLINK(\"http://evil.test\")");
    assertThat(en.get("country")).isEqualTo("SN");
    assertThat(en.get("countryName")).isEqualTo("Senegal");
    assertThat(en.get("text")).isEqualTo("Councils meet, then \"twin\" towns\nsign a charter.");
    Map<String, String> ar = record(rows.get(0), rows.get(2));
    assertThat(ar.get("text")).isEqualTo("تلتقي المجالس البلدية كل شهر");
    assertThat(ar.get("organisation")).isEqualTo("المنظمة الدولية للهجرة");
    assertThat(record(rows.get(0), rows.get(3)).get("replyTo"))
        .isEqualTo(String.valueOf(approvedAr));
  }

  @Test
  void aCsvFieldIsQuotedOnlyWhenItMustBeAndEveryFormulaStartIsNeutralised() {
    assertThat(Csv.field("plain")).isEqualTo("plain");
    assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Csv.field("=1+2")).isEqualTo("'=1+2");
    assertThat(Csv.field("+33 1 23")).isEqualTo("'+33 1 23");
    assertThat(Csv.field("-5")).isEqualTo("'-5");
    assertThat(Csv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(Csv.field("=A1,B1")).isEqualTo("\"'=A1,B1\"");
  }

  @Test
  void thePrintablePageHoldsIntroductionThemesContributionsAndReplyWithTheirDirections() {
    String page = app.browser().get("/d/exported/print?lang=ar").body();
    assertThat(page)
        .contains("<html lang=\"ar\" dir=\"rtl\">")
        .contains("Diaspora investment")
        .contains("lang=\"ar\" dir=\"rtl\"")
        .contains("تلتقي المجالس البلدية كل شهر")
        .contains("Fatou Ndiaye")
        .contains("السنغال")
        .contains("What we learnt together")
        .doesNotContain("Held text");
  }

  @Test
  void thePdfOpensAndHoldsTheLatinAndArabicTexts() throws Exception {
    HttpResponse<byte[]> r = get("/d/exported/export.pdf");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
    String text;
    try (PDDocument doc = Loader.loadPDF(r.body())) {
      text = new PDFTextStripper().getText(doc);
    }
    assertThat(text)
        .contains("Remittances and local development")
        .contains("Diaspora investment")
        .contains("Fatou Ndiaye")
        .contains("sign a charter")
        .contains("تلتقي المجالس البلدية")
        .contains("What we learnt together")
        .doesNotContain("Held text")
        .doesNotContain("Rejected text");
  }

  @Test
  void theDiscussionAndAnalyticsPagesLinkEveryExport() {
    String page = app.browser().get("/d/exported").body();
    for (String link :
        List.of("/print", "/export.pdf", "/contributions.csv", "/export.json", "/export.mbox")) {
      assertThat(page).contains("href=\"/d/exported" + link + "\"");
    }
    assertThat(moderator.get("/d/exported/analytics").body())
        .contains("href=\"/d/exported/contributions.csv\"");
  }

  private static Map<String, String> record(List<String> header, List<String> row) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      m.put(header.get(i), row.get(i));
    }
    return m;
  }

  /** A strict RFC 4180 reader: CRLF ends a record, quoted fields may hold anything. */
  private static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        assertThat(field).as("a quote opens a field only at its start").isEmpty();
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        assertThat(c).as("a bare line break outside quotes").isNotIn('\r', '\n');
        field.append(c);
      }
    }
    assertThat(field).as("the file ends with CRLF").isEmpty();
    return rows;
  }
}
