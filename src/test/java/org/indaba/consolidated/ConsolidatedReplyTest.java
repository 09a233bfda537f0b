package org.indaba.consolidated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.AUDIT_LOG;
import static org.indaba.db.schema.Tables.CONSOLIDATED_REPLY;
import static org.indaba.db.schema.Tables.DOMAIN_EVENT;
import static org.indaba.db.schema.Tables.SEARCH_OUTBOX;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.indaba.moderation.Fixtures;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConsolidatedReplyTest {
  static TestApp app;
  static Fixtures fx;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    fx = new Fixtures(app);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static DSLContext dsl() {
    return app.app.db.dsl();
  }

  private record Setup(long discussionId, String slug, long moderatorId, HttpSession moderator) {}

  private static Setup discussion(String slug) {
    long d = fx.discussion(slug, "Migration and local development " + slug, true);
    long mod =
        fx.member(
            "mod-" + slug + "@example.org",
            "Moderator " + slug,
            "UN agency",
            "Belgium",
            "en",
            "member");
    fx.moderator(d, mod);
    HttpSession s = app.browser();
    s.login("mod-" + slug + "@example.org", TestApp.PASSWORD);
    return new Setup(d, slug, mod, s);
  }

  private static HttpSession.Response save(Setup s, String lang, String title, String body) {
    return s.moderator()
        .post("/d/" + s.slug() + "/reply/" + lang + "/edit", Map.of("title", title, "body", body));
  }

  private static long replyId(Setup s, String lang) {
    return dsl()
        .select(CONSOLIDATED_REPLY.ID)
        .from(CONSOLIDATED_REPLY)
        .where(
            CONSOLIDATED_REPLY
                .DISCUSSION_ID
                .eq(s.discussionId())
                .and(CONSOLIDATED_REPLY.LANGUAGE.eq(lang)))
        .fetchSingle()
        .value1();
  }

  @Test
  void aDraftIsInvisibleToReadersUntilPublishedAtItsPermalink() {
    Setup s = discussion("publish");
    var saved = save(s, "en", "What we learnt", "Councils *listen* to diaspora groups.");
    assertThat(saved.status()).isEqualTo(303);
    assertThat(saved.location()).isEqualTo("/d/publish/reply/en/edit?saved=1");
    assertThat(s.moderator().get(saved.location()).body())
        .contains("The reply has been saved.")
        .contains("Councils *listen* to diaspora groups.");

    HttpSession reader = app.signedIn("reader-publish@example.org", "member");
    assertThat(app.browser().get("/d/publish/reply/en").status()).isEqualTo(404);
    assertThat(reader.get("/d/publish/reply/en").status()).isEqualTo(404);
    assertThat(reader.get("/d/publish/reply/en/print").status()).isEqualTo(404);
    assertThat(new JsonArray(app.browser().get("/api/discussions/publish/replies").body()))
        .isEmpty();
    var preview = s.moderator().get("/d/publish/reply/en");
    assertThat(preview.status()).isEqualTo(200);
    assertThat(preview.body())
        .contains("only the moderators can see it")
        .contains("<em>listen</em>");

    var published = s.moderator().post("/d/publish/reply/en/publish", Map.of());
    assertThat(published.status()).isEqualTo(303);
    assertThat(published.location()).isEqualTo("/d/publish/reply/en");
    long id = replyId(s, "en");
    var page = app.browser().get("/d/publish/reply/en");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("What we learnt")
        .contains("Councils <em>listen</em> to diaspora groups.")
        .contains("lang=\"en\" dir=\"ltr\"")
        .doesNotContain("only the moderators can see it")
        .contains("Published on");

    assertThat(
            dsl()
                .fetchCount(
                    SEARCH_OUTBOX,
                    SEARCH_OUTBOX.ENTITY_TYPE.eq("reply").and(SEARCH_OUTBOX.ENTITY_ID.eq(id))))
        .isEqualTo(1);
    assertThat(
            dsl()
                .fetchCount(
                    DOMAIN_EVENT,
                    DOMAIN_EVENT.KIND.eq("reply_published").and(DOMAIN_EVENT.ENTITY_ID.eq(id))))
        .isEqualTo(1);
    assertThat(
            dsl()
                .fetchCount(
                    AUDIT_LOG,
                    AUDIT_LOG
                        .ACTION
                        .eq("publish_reply")
                        .and(AUDIT_LOG.TARGET_ID.eq(id))
                        .and(AUDIT_LOG.ACTOR_ID.eq(s.moderatorId()))))
        .isEqualTo(1);

    var again = s.moderator().post("/d/publish/reply/en/publish", Map.of());
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body()).contains("This reply has already been published.");
    assertThat(app.browser().get("/d/publish/reply/de").status()).isEqualTo(404);
    assertThat(app.browser().get("/d/nowhere/reply/en").status()).isEqualTo(404);
  }

  @Test
  void citationsLinkToApprovedContributionsOfTheSameDiscussionWithTheAuthorsName() {
    Setup s = discussion("cite");
    long fatou =
        fx.member("fatou@example.org", "Fatou Ndiaye", "Ville de Thiès", "Senegal", "fr", "member");
    long approved = fx.approved(s.discussionId(), 1, fatou, "Twinning works.");
    long pending = fx.pending(s.discussionId(), fatou, "Not yet approved");
    long foreign = fx.approved(fx.discussion("cite-other", "Other", true), 1, fatou, "Elsewhere");

    save(
        s,
        "fr",
        "Synthèse",
        "Comme le note [#"
            + approved
            + "], le jumelage aide. Voir aussi [#"
            + pending
            + "] et [#"
            + foreign
            + "].");
    // citations that do not resolve are flagged: publishing needs the moderator's confirmation
    var refused = s.moderator().post("/d/cite/reply/fr/publish", Map.of());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body()).contains("[#" + pending + "]").contains("[#" + foreign + "]");
    assertThat(app.browser().get("/d/cite/reply/fr").status()).isEqualTo(404);
    s.moderator().post("/d/cite/reply/fr/publish", Map.of("despiteUnresolved", "on"));
    String body = app.browser().get("/d/cite/reply/fr").body();
    assertThat(body)
        .containsPattern("<a href=\"/c/" + approved + "\"[^>]*>Fatou Ndiaye</a>")
        .contains("[#" + pending + "]")
        .contains("[#" + foreign + "]")
        .doesNotContain("href=\"/c/" + pending + "\"")
        .doesNotContain("href=\"/c/" + foreign + "\"");
  }

  @Test
  void aCitationApprovedAfterTheDraftWasSavedLinksOncePublished() {
    Setup s = discussion("late-cite");
    long author = fx.member("late@example.org", "Late Author", "", "", "en", "member");
    long c = fx.pending(s.discussionId(), author, "Late");
    save(s, "en", "Reply", "See [#" + c + "].");
    dsl().execute("update contribution set status = 'approved' where id = ?", c);
    s.moderator().post("/d/late-cite/reply/en/publish", Map.of());
    assertThat(app.browser().get("/d/late-cite/reply/en").body())
        .containsPattern("<a href=\"/c/" + c + "\"[^>]*>Late Author</a>");
  }

  @Test
  void theContributorsListIsBuiltFromApprovedContributionsGroupedByWeek() {
    Setup s = discussion("contributors");
    long a =
        fx.member("ana@example.org", "Ana Souza", "Casa do Migrante", "Brazil", "es", "member");
    long b =
        fx.member(
            "bilal@example.org", "Bilal Haddad", "Municipality of Irbid", "Jordan", "ar", "member");
    long c = fx.member("carla@example.org", "Carla Ruiz", "", "", "es", "member");
    fx.approved(s.discussionId(), 1, a, "w1");
    fx.approved(s.discussionId(), 1, a, "w1 again");
    fx.approved(s.discussionId(), 1, b, "w1 b");
    fx.approved(s.discussionId(), 2, a, "w2");
    fx.pending(s.discussionId(), c, "pending, not listed");
    save(s, "en", "Reply", "Thanks to all.");
    s.moderator().post("/d/contributors/reply/en/publish", Map.of());

    String body = app.browser().get("/d/contributors/reply/en").body();
    String list = body.substring(body.indexOf("Contributions received from"));
    assertThat(list)
        .containsSubsequence(
            "Week 1",
            "Ana Souza, Casa do Migrante · Brazil",
            "Bilal Haddad, Municipality of Irbid · Jordan",
            "Week 2",
            "Ana Souza")
        .doesNotContain("Carla Ruiz");
    assertThat(list.split("Ana Souza", -1)).hasSize(3);
    assertThat(s.moderator().get("/d/contributors/reply/en/edit").body()).contains("Bilal Haddad");
  }

  @Test
  void thePrintablePageIsABareDocumentWithTheReplyAndItsContributors() {
    Setup s = discussion("print");
    long a = fx.member("print-author@example.org", "Print Author", "Org", "Niger", "en", "member");
    fx.approved(s.discussionId(), 1, a, "text");
    save(s, "ar", "خلاصة النقاش", "شكرًا لجميع المشاركين.");
    s.moderator().post("/d/print/reply/ar/publish", Map.of());

    var r = app.browser().get("/d/print/reply/ar/print");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .startsWith("<!doctype html>")
        .contains("/static/print.css")
        .contains("<article lang=\"ar\" dir=\"rtl\">")
        .contains("خلاصة النقاش")
        .contains("Print Author")
        .contains("/d/print/reply/ar")
        .doesNotContain("site-header")
        .doesNotContain("<nav");
    assertThat(app.browser().get("/static/print.css").status()).isEqualTo(200);
  }

  @Test
  void theJsonEndpointListsPublishedRepliesOnly() {
    Setup s = discussion("json");
    save(s, "en", "English synthesis", "Hello **world**");
    save(s, "fr", "Synthèse française", "Bonjour");
    save(s, "es", "Borrador", "Sin publicar");
    s.moderator().post("/d/json/reply/en/publish", Map.of());
    s.moderator().post("/d/json/reply/fr/publish", Map.of());

    var r = app.browser().get("/api/discussions/json/replies");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).startsWith("application/json");
    JsonArray list = new JsonArray(r.body());
    assertThat(list).hasSize(2);
    JsonObject en = list.getJsonObject(0);
    assertThat(en.getString("language")).isEqualTo("en");
    assertThat(en.getString("title")).isEqualTo("English synthesis");
    assertThat(en.getString("url")).endsWith("/d/json/reply/en");
    assertThat(en.getString("publishedAt")).isEqualTo("2026-03-02T08:00:00Z");
    assertThat(en.getString("html")).contains("<strong>world</strong>");
    assertThat(list.getJsonObject(1).getString("language")).isEqualTo("fr");
    assertThat(app.browser().get("/api/discussions/missing/replies").status()).isEqualTo(404);
  }

  @Test
  void eachVersionLinksTheOtherPublishedLanguages() {
    Setup s = discussion("versions");
    save(s, "en", "English version", "text");
    save(s, "fr", "Version française", "texte");
    save(s, "es", "Versión en borrador", "texto");
    s.moderator().post("/d/versions/reply/en/publish", Map.of());
    s.moderator().post("/d/versions/reply/fr/publish", Map.of());
    String en = app.browser().get("/d/versions/reply/en").body();
    assertThat(en)
        .contains("href=\"/d/versions/reply/fr\"")
        .contains("Version française")
        .doesNotContain("/d/versions/reply/es\"");
    assertThat(app.browser().get("/d/versions/reply/fr").body())
        .contains("href=\"/d/versions/reply/en\"");
    assertThat(s.moderator().get("/d/versions/reply/en").body())
        .contains("href=\"/d/versions/reply/es\"");
  }

  @Test
  void markdownThatTriesScriptsIsNeutralised() {
    Setup s = discussion("xss");
    save(
        s,
        "en",
        "<script>alert('title')</script>",
        "<script>alert(1)</script>\n\n[click](javascript:alert(2))\n\n"
            + "<img src=x onerror=alert(3)>\n\n![i](javascript:alert(4))");
    s.moderator().post("/d/xss/reply/en/publish", Map.of());
    for (String path : new String[] {"/d/xss/reply/en", "/d/xss/reply/en/print"}) {
      String body = app.browser().get(path).body();
      assertThat(body)
          .doesNotContain("<script>alert")
          .doesNotContain("javascript:")
          .doesNotContain("<img src=x")
          .contains("&lt;script&gt;alert");
    }
    String api = app.browser().get("/api/discussions/xss/replies").body();
    assertThat(new JsonArray(api).getJsonObject(0).getString("html"))
        .doesNotContain("<script")
        .doesNotContain("javascript:");
  }

  @Test
  void savingWithoutATitleOrBodyShowsTheFormAgainWithTranslatedErrors() {
    Setup s = discussion("invalid");
    var r = save(s, "en", "", "");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body())
        .contains("Please give the reply a title.")
        .contains("The reply cannot be empty.");
    assertThat(
            dsl()
                .fetchCount(
                    CONSOLIDATED_REPLY, CONSOLIDATED_REPLY.DISCUSSION_ID.eq(s.discussionId())))
        .isZero();
    assertThat(s.moderator().get("/d/invalid/reply/EN/edit").status()).isEqualTo(404);
  }
}
