package org.indaba.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.indaba.db.schema.Tables.CONTRIBUTION;
import static org.indaba.db.schema.Tables.SEARCH_OUTBOX;
import static org.indaba.db.schema.Tables.TRANSLATION;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.indaba.discussion.NewContribution;
import org.indaba.model.ContentKind;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Translations, language labels and the language filter, through real HTTP. */
class TranslationFlowTest {
  static TestApp app;
  static HttpSession moderator;
  static int discussions;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    moderator = app.signedIn("lucia@example.org", "moderator");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** A discussion (en, fr, es welcomed) whose week 1 is published; returns its slug. */
  static String openDiscussion() {
    String slug = "languages-" + (++discussions);
    Map<String, String> form =
        new HashMap<>(
            Map.of(
                "slug",
                slug,
                "title",
                "Diaspora and local development",
                "summary",
                "How diaspora communities invest in their towns of origin.",
                "introduction",
                "Welcome to this discussion on remittances and local development.",
                "welcomedLanguages",
                "en, fr, es",
                "moderators",
                "lucia@example.org",
                "startsOn",
                "2026-03-02",
                "timeZone",
                "Europe/Paris",
                "weeks",
                "3"));
    assertThat(moderator.post("/d/new", form).status()).isEqualTo(303);
    assertThat(
            moderator
                .post(
                    "/d/" + slug + "/themes/1/edit",
                    Map.of(
                        "title",
                        "Remittances and schools",
                        "question",
                        "How do remittances pay for **schooling** in your town?",
                        "publishAt",
                        ""))
                .status())
        .isEqualTo(303);
    assertThat(moderator.post("/d/" + slug + "/themes/1/publish", Map.of()).status())
        .isEqualTo(303);
    return slug;
  }

  static long contribution(String slug, String authorEmail, String language, String body) {
    long author = app.app.accounts.byEmail(authorEmail).orElseThrow().id();
    return app.app
        .contributions
        .postContribution(
            NewContribution.byMember(author, slug, 1, body, NewContribution.Source.WEB)
                .withLanguage(language))
        .id();
  }

  /** Every link target of a page, as a browser reads it (templates escape '=' and '&'). */
  static java.util.List<String> links(String html) {
    return org.jsoup.Jsoup.parse(html).select("a[href]").eachAttr("href");
  }

  static HttpSession.Response asFrenchReader(String path) {
    return app.browser().get(path, Map.of("Accept-Language", "fr-FR,fr;q=0.9"));
  }

  static HttpSession.Response asEnglishReader(String path) {
    return app.browser().get(path, Map.of("Accept-Language", "en"));
  }

  @Test
  void aFrenchReaderSeesTheTranslationAndTheEnglishOriginalIsOneClickAway() {
    String slug = openDiscussion();
    app.member("priya1@example.org", "Priya Raman", "member");
    long c =
        contribution(
            slug,
            "priya1@example.org",
            "en",
            "Our household surveys show that remittances cover 38% of monthly spending.");
    var saved =
        moderator.post(
            "/translations/contribution/" + c + "/fr",
            Map.of(
                "body",
                "Nos enquêtes auprès des ménages montrent que les transferts couvrent 38 % des dépenses mensuelles."));
    assertThat(saved.status()).as(saved.body()).isEqualTo(303);

    String page = asFrenchReader("/d/" + slug).body();
    assertThat(page)
        .contains("<html lang=\"fr\"")
        .contains("<div class=\"prose\" lang=\"fr\" dir=\"ltr\"><p>Nos enquêtes auprès des ménages")
        .contains("original en anglais par une personne, non relu");
    assertThat(links(page))
        .contains("/c/" + c + "?original=1", "/translations/contribution/" + c + "/fr");
    assertThat(page).doesNotContain("Our household surveys");

    String original = asFrenchReader("/c/" + c + "?original=1").body();
    assertThat(original)
        .contains("<div class=\"prose\" lang=\"en\" dir=\"ltr\"><p>Our household surveys")
        .contains("Lire la traduction en français")
        .doesNotContain("Nos enquêtes");

    String english = asEnglishReader("/c/" + c).body();
    assertThat(english)
        .contains("Our household surveys")
        .doesNotContain("Nos enquêtes")
        .doesNotContain("class=\"translation-label");

    String sideBySide = asFrenchReader("/translations/contribution/" + c + "/fr").body();
    assertThat(sideBySide)
        .contains("class=\"side-by-side\"")
        .contains("Our household surveys")
        .contains("Nos enquêtes auprès des ménages");
  }

  @Test
  void theAuthorAModeratorAndATranslatorMayTranslateButNotAnotherMember() {
    String slug = openDiscussion();
    HttpSession author = app.signedIn("author2@example.org", "member");
    HttpSession other = app.signedIn("other2@example.org", "member");
    HttpSession translator = app.signedIn("translator2@example.org", "member");
    app.app.accounts.setTranslator(
        app.app.accounts.byEmail("translator2@example.org").orElseThrow().id(), true);
    long c =
        contribution(
            slug,
            "author2@example.org",
            "en",
            "Mobile money halved the cost of sending money home.");
    String path = "/translations/contribution/" + c + "/";

    assertThat(
            author
                .post(
                    path + "fr",
                    Map.of("body", "L'argent mobile a divisé par deux le coût des envois."))
                .status())
        .isEqualTo(303);
    assertThat(
            moderator
                .post(path + "es", Map.of("body", "El dinero móvil redujo a la mitad el costo."))
                .status())
        .isEqualTo(303);
    assertThat(
            translator
                .post(
                    path + "ar",
                    Map.of("body", "خفّض المال عبر الهاتف المحمول تكلفة التحويل إلى النصف."))
                .status())
        .isEqualTo(303);
    assertThat(
            other.post(path + "de", Map.of("body", "Mobiles Geld halbierte die Kosten.")).status())
        .isEqualTo(403);
    assertThat(other.get(path + "de/edit").status()).isEqualTo(403);
    HttpSession anonymous = app.browser();
    var signIn =
        anonymous.post(path + "it", Map.of("body", "Il denaro mobile ha dimezzato il costo."));
    assertThat(signIn.status()).isEqualTo(303);
    assertThat(signIn.location()).startsWith("/login");
    assertThat(app.app.db.dsl().fetchCount(TRANSLATION, TRANSLATION.ENTITY_ID.eq(c))).isEqualTo(3);

    // only moderators and translators vouch for a translation
    assertThat(author.post(path + "fr/review", Map.of()).status()).isEqualTo(403);
    assertThat(translator.post(path + "fr/review", Map.of()).status()).isEqualTo(303);
    assertThat(asFrenchReader("/c/" + c).body()).contains("par une personne, relu");
  }

  @Test
  void contentCarriesItsOwnLanguageAndDirectionInsideAnEnglishPage() {
    String slug = openDiscussion();
    app.member("omar3@example.org", "Omar Haddad", "member");
    long arabic =
        contribution(
            slug,
            "omar3@example.org",
            "ar",
            "تساهم التحويلات المالية في تمويل المدارس والمراكز الصحية في القرى.");
    long unknown = contribution(slug, "omar3@example.org", "und", "OK 👍 Dakar–Paris 2026");
    String page = asEnglishReader("/d/" + slug + "?week=1").body();
    assertThat(page)
        .contains("<html lang=\"en\" dir=\"ltr\">")
        .contains("<div class=\"prose\" lang=\"ar\" dir=\"rtl\"><p>تساهم التحويلات")
        .contains("<span class=\"lang-label\">Arabic</span>")
        .contains("<div class=\"prose\" lang=\"\" dir=\"auto\"><p>OK 👍");
    assertThat(asFrenchReader("/c/" + arabic).body())
        .contains("<span class=\"lang-label\">arabe</span>");
    assertThat(asEnglishReader("/c/" + unknown).body())
        .doesNotContain("lang-label\">an undetermined");
  }

  @Test
  void aWeekCanBeFilteredByLanguageWithPlainLinksAndThroughTheApi() {
    String slug = openDiscussion();
    app.member("multi4@example.org", "Carlos Mendoza", "member");
    contribution(slug, "multi4@example.org", "es", "Las remesas financian la escuela del barrio.");
    contribution(slug, "multi4@example.org", "fr", "Les transferts financent l'école du quartier.");
    contribution(
        slug, "multi4@example.org", "fr", "La commune cofinance les projets des associations.");

    String all = asEnglishReader("/d/" + slug + "?week=1").body();
    assertThat(links(all))
        .contains("/d/" + slug + "?week=1&written=fr", "/d/" + slug + "?week=1&written=es");
    assertThat(all).contains("French (2)").contains("Spanish (1)").contains("All languages (3)");
    String french = asEnglishReader("/d/" + slug + "?week=1&written=fr").body();
    assertThat(french)
        .contains("<html lang=\"en\"")
        .contains("Les transferts financent")
        .contains("La commune cofinance")
        .doesNotContain("Las remesas financian");

    // ?lang= is the interface language on a week page as everywhere, and the week stays
    assertThat(app.browser().get("/d/" + slug + "?lang=fr&week=1").body())
        .contains("<html lang=\"fr\"")
        .contains("Las remesas financian")
        .contains("Les transferts financent");

    String json =
        app.browser().get("/api/discussions/" + slug + "/contributions?week=1&written=es").body();
    assertThat(json).contains("Las remesas financian").doesNotContain("Les transferts financent");
    assertThat(
            app.browser().get("/api/discussions/" + slug + "/contributions?week=1&lang=es").body())
        .as("the API's older parameter still filters")
        .contains("Las remesas financian")
        .doesNotContain("Les transferts financent");
    // an unknown filter shows everything rather than failing
    assertThat(asEnglishReader("/d/" + slug + "?week=1&written=zz").body())
        .contains("Las remesas financian")
        .contains("Les transferts financent");
  }

  @Test
  void theAuthorCorrectsTheLanguageAndAnUnsupportedOneIsRefusedInTheReadersLanguage() {
    String slug = openDiscussion();
    HttpSession author = app.signedIn("author5@example.org", "member");
    HttpSession other = app.signedIn("other5@example.org", "member");
    long c =
        contribution(
            slug,
            "author5@example.org",
            "es",
            "Eu moro em Lisboa e envio dinheiro para a família.");
    long outboxBefore =
        app.app
            .db
            .dsl()
            .fetchCount(
                SEARCH_OUTBOX,
                SEARCH_OUTBOX
                    .ENTITY_ID
                    .eq(c)
                    .and(SEARCH_OUTBOX.ENTITY_TYPE.eq(ContentKind.CONTRIBUTION.code())));

    assertThat(author.get("/c/" + c).body())
        .contains("action=\"/content/contribution/" + c + "/language\"");
    assertThat(other.get("/c/" + c).body())
        .doesNotContain("/content/contribution/" + c + "/language");
    var r =
        author.post(
            "/content/contribution/" + c + "/language",
            Map.of("language", "pt", "returnTo", "/c/" + c));
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.location()).isEqualTo("/c/" + c);
    assertThat(app.app.db.dsl().fetchValue(CONTRIBUTION.LANGUAGE, CONTRIBUTION.ID.eq(c)))
        .isEqualTo("pt");
    assertThat(
            app.app
                .db
                .dsl()
                .fetchCount(
                    SEARCH_OUTBOX,
                    SEARCH_OUTBOX
                        .ENTITY_ID
                        .eq(c)
                        .and(SEARCH_OUTBOX.ENTITY_TYPE.eq(ContentKind.CONTRIBUTION.code()))))
        .isGreaterThan((int) outboxBefore);
    assertThat(asEnglishReader("/c/" + c).body())
        .contains("lang=\"pt\" dir=\"ltr\"")
        .contains("<span class=\"lang-label\">Portuguese</span>");

    assertThat(
            other
                .post("/content/contribution/" + c + "/language", Map.of("language", "en"))
                .status())
        .isEqualTo(403);
    author.get("/?lang=fr");
    var bad = author.post("/content/contribution/" + c + "/language", Map.of("language", "xx"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("This language is not one we support.");
    assertThat(app.app.db.dsl().fetchValue(CONTRIBUTION.LANGUAGE, CONTRIBUTION.ID.eq(c)))
        .isEqualTo("pt");
  }

  @Test
  void moderatorsWriteTheThemeOncePerWelcomedLanguageOnItsEditPage() {
    String slug = openDiscussion();
    long discussionId = app.app.discussionRepository.bySlug(slug).orElseThrow().id();
    long themeId = app.app.discussionRepository.theme(discussionId, 1).orElseThrow().id();
    // detection may not have loaded its models yet in a test: the theme's language is set here
    assertThat(
            moderator
                .post(
                    "/content/theme/" + themeId + "/language",
                    Map.of("language", "en", "returnTo", "/d/" + slug + "/themes/1/edit"))
                .status())
        .isEqualTo(303);

    String edit = moderator.get("/d/" + slug + "/themes/1/edit").body();
    assertThat(edit)
        .contains("action=\"/translations/theme/" + themeId + "/fr\"")
        .contains("action=\"/translations/theme/" + themeId + "/es\"")
        .doesNotContain("action=\"/translations/theme/" + themeId + "/en\"")
        .doesNotContain("/machine\"");
    var saved =
        moderator.post(
            "/translations/theme/" + themeId + "/fr",
            Map.of(
                "title",
                "Transferts et écoles",
                "body",
                "Comment les transferts financent-ils la **scolarité** dans votre ville ?",
                "reviewed",
                "on",
                "returnTo",
                "/d/" + slug + "/themes/1/edit"));
    assertThat(saved.location()).isEqualTo("/d/" + slug + "/themes/1/edit");

    String french = asFrenchReader("/d/" + slug).body();
    assertThat(french)
        .contains("<span lang=\"fr\" dir=\"ltr\">Transferts et écoles</span>")
        .contains("<strong>scolarité</strong>")
        .contains("par une personne, relu");
    assertThat(links(french)).contains("/d/" + slug + "?week=1&original=1");
    assertThat(asFrenchReader("/d/" + slug + "?week=1&original=1").body())
        .contains("Remittances and schools")
        .doesNotContain("Transferts et écoles");
    assertThat(asEnglishReader("/d/" + slug).body())
        .contains("Remittances and schools")
        .doesNotContain("Transferts et écoles");

    // what the weekly announcement mail will use
    BestVersion best =
        app.app.translations.best(ContentKind.THEME.code(), themeId, "fr").orElseThrow();
    assertThat(best.title()).isEqualTo("Transferts et écoles");
    assertThat(best.translated()).isTrue();
    assertThat(best.machine()).isFalse();
    assertThat(best.originalLanguage()).isEqualTo("en");
    assertThat(
            app.app
                .translations
                .best(ContentKind.THEME.code(), themeId, "ar")
                .orElseThrow()
                .title())
        .isEqualTo("Remittances and schools");
  }

  @Test
  void theIntroductionIsTranslatedOnTheDiscussionEditPage() {
    String slug = openDiscussion();
    long discussionId = app.app.discussionRepository.bySlug(slug).orElseThrow().id();
    moderator.post("/content/discussion/" + discussionId + "/language", Map.of("language", "en"));
    assertThat(moderator.get("/d/" + slug + "/edit").body())
        .contains("action=\"/translations/discussion/" + discussionId + "/es\"");
    assertThat(
            moderator
                .post(
                    "/translations/discussion/" + discussionId + "/es",
                    Map.of(
                        "title",
                        "Diáspora y desarrollo local",
                        "body",
                        "Bienvenidos a esta discusión sobre remesas y desarrollo local."))
                .status())
        .isEqualTo(303);
    String spanish = app.browser().get("/d/" + slug, Map.of("Accept-Language", "es")).body();
    assertThat(spanish)
        .contains("<h1 lang=\"es\" dir=\"ltr\">Diáspora y desarrollo local</h1>")
        .contains("Bienvenidos a esta discusión")
        .contains("Traducido del inglés por una persona, sin revisar");
  }

  @Test
  void aFrenchQueryFindsAnEnglishContributionThroughItsFrenchTranslation()
      throws InterruptedException {
    String slug = openDiscussion();
    app.member("search7@example.org", "Priya Raman", "member");
    long c =
        contribution(
            slug, "search7@example.org", "en", "Hometown associations fund a borehole every year.");
    assertThat(
            moderator
                .post(
                    "/translations/contribution/" + c + "/fr",
                    Map.of(
                        "body",
                        "Les associations de ressortissants financent un forage chaque année."))
                .status())
        .isEqualTo(303);
    // the indexer reads only what every older transaction has settled, and other work may hold
    // one open: ask again, for a bounded time and well under the search rate limit
    String results = "";
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until && !results.contains("href=\"/c/" + c + "\"")) {
      if (!results.isEmpty()) {
        Thread.sleep(500);
      }
      app.app.background.runNow("search-indexer");
      results =
          app.browser()
              .get(
                  "/search?q=" + URLEncoder.encode("forage ressortissants", StandardCharsets.UTF_8))
              .body();
    }
    assertThat(results).contains("href=\"/c/" + c + "\"");
  }

  @Test
  void languageDetectionNeverBlocksAndLeavesUndWhenUnsure() {
    assertThat(app.app.languageDetector.detect("ok")).isEqualTo("und");
    app.app.languageDetector.awaitReady(Duration.ofMinutes(2));
    assertThat(
            app.app.languageDetector.detect(
                "Les associations de ressortissants financent des écoles et des centres de santé dans leurs villages."))
        .isEqualTo("fr");
  }
}
