package org.indaba.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every page of the discussion, moderation, consolidated reply, search and translation features,
 * read by an admin whose interface is Arabic: right to left, every sentence from the bundles, and
 * no raw timestamp shown to a person (ISO dates belong in datetime attributes only).
 */
class ArabicPagesTest {
  private static final Pattern ISO_INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
  static TestApp app;
  static HttpSession admin;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    Demo.load(app.app);
    admin = app.browser();
    admin.login("admin@demo.indaba.test", org.indaba.app.DemoAccounts.PASSWORD);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void everyPageIsRightToLeftTranslatedAndShowsDatesForPeople() {
    var r = admin.post("/account/language", Map.of("lang", "ar", "returnTo", "/"));
    assertThat(r.status()).isEqualTo(303);
    String open = DemoDiscussions.OPEN_SLUG;
    String closed = DemoDiscussions.CLOSED_SLUG;
    long openId = app.app.discussionRepository.bySlug(open).orElseThrow().id();
    long theme1 = app.app.discussionRepository.theme(openId, 1).orElseThrow().id();
    long contribution =
        app.app.contributionRepository.list(openId, 1, null, false).getFirst().contribution().id();
    List<String> pages =
        List.of(
            "/",
            "/d/" + open,
            "/d/" + open + "?week=1",
            "/d/" + open + "?week=1&written=es",
            "/d/" + open + "/edit",
            "/d/" + open + "/themes/1/edit",
            "/c/" + contribution,
            "/translations/theme/" + theme1,
            "/translations/theme/" + theme1 + "/fr",
            "/translations/theme/" + theme1 + "/fr/edit",
            "/moderation",
            "/moderation/" + open,
            "/moderation/" + open + "/audit",
            "/d/" + closed,
            "/d/" + closed + "/reply/en",
            "/d/" + closed + "/reply/en/edit",
            "/search?q=remittances",
            "/search?q=%22");
    for (String path : pages) {
      HttpSession.Response page = admin.get(path);
      // a query with nothing searchable in it is refused (400), on a page translated like the rest
      assertThat(page.status()).as(path).isEqualTo(path.endsWith("%22") ? 400 : 200);
      assertThat(page.body())
          .as(path)
          .contains("<html lang=\"ar\" dir=\"rtl\">")
          .doesNotContain("??");
      Document doc = Jsoup.parse(page.body());
      assertThat(ISO_INSTANT.matcher(doc.body().text()).find())
          .as(path + " shows a raw timestamp")
          .isFalse();
      doc.select("time").forEach(t -> assertThat(t.attr("datetime")).as(path).isNotBlank());
    }
  }
}
