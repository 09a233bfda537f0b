package org.indaba.discussion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.indaba.account.AccountService;
import org.indaba.testing.HttpSession;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A week of 900 contributions, as a busy week of an imported e-discussion: read page by page over
 * HTTP, threads whole on one page, in both orders, the week's question first, each page small.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BusyWeekTest {
  private static final int CONTRIBUTIONS = 900;
  private static final Pattern CARD =
      Pattern.compile("<article class=\"card contribution[^\"]*\" id=\"c-(\\d+)\"");
  private static final Pattern POSITION = Pattern.compile("Page (\\d+) of (\\d+)");

  private static TestApp app;

  /** Each contribution's parent, for replies. */
  private static final Map<Long, Long> parentOf = new HashMap<>();

  private static final List<Long> ids = new ArrayList<>();

  @BeforeAll
  static void aWeekOf900Contributions() {
    app = TestApp.start();
    long modId = app.member("mod@busy.test", "Busy Moderator", "moderator");
    var mod = app.app.accounts.byId(modId).orElseThrow().toViewer();
    List<Long> authors = new ArrayList<>();
    String[][] people = {
      {"Aïcha Traoré", "Mali"}, {"Diego Paredes", "Peru"}, {"Nour El-Amin", "Lebanon"},
      {"Grace Achieng", "Kenya"}, {"Hugo Martin", "France"}, {"Mei Lin", "Philippines"}
    };
    for (int i = 0; i < people.length; i++) {
      authors.add(
          app.app.accountService.createVerifiedMember(
              new AccountService.Registration(
                  "author" + i + "@busy.test",
                  TestApp.PASSWORD,
                  people[i][0],
                  "Hometown Network " + i,
                  "City " + i,
                  people[i][1],
                  "en",
                  "UTC"),
              "member"));
    }
    app.app.discussions.create(
        Optional.of(mod),
        new DiscussionService.Form(
            "busy",
            "A busy week",
            "Many voices on remittances.",
            "Welcome to this e-discussion. "
                + "A long introduction repeated on every week. ".repeat(30),
            "en, fr, es",
            "mod@busy.test",
            "2026-03-02",
            "UTC",
            "4",
            false,
            false));
    app.app.discussions.editTheme(
        Optional.of(mod),
        "busy",
        1,
        new DiscussionService.ThemeForm(
            "Remittances", "What do collective remittances pay for in your town?", ""));
    app.app.discussions.publishThemeNow(Optional.of(mod), "busy", 1);
    String[] paragraphs = {
      "Hometown associations in our region pool remittances to build **schools** and clinics; the"
          + " municipality matches each contribution and keeps the accounts public.",
      "Les collectivités locales peuvent jouer un rôle de *facilitateur* entre la diaspora et les"
          + " services techniques, à condition de publier les budgets.",
      "Las remesas colectivas funcionan mejor cuando la municipalidad participa desde el diseño del"
          + " proyecto y no solo en la inauguración.\n\n- transparencia\n- seguimiento"
    };
    // each text also gets words of its own, so that pages compress as real prose does, not as
    // the same paragraph repeated
    String[] words =
        ("municipality diaspora remittances clinic school road water budget association village"
                + " cooperative teachers nurses transparency accounts savings project mayor council"
                + " elections youth women farmers market transfer bank mobile fees exchange rate"
                + " consulate embassy return investment housing electricity training evaluation")
            .split(" ");
    java.util.Random random = new java.util.Random(11);
    Instant start = app.clock.instant().minusSeconds(CONTRIBUTIONS + 10);
    Long previous = null;
    Long grandParent = null;
    for (int i = 0; i < CONTRIBUTIONS; i++) {
      var in =
          NewContribution.byMember(
                  authors.get(i % authors.size()),
                  "busy",
                  1,
                  paragraphs[i % paragraphs.length]
                      + "\n\n"
                      + sentence(random, words, 20 + random.nextInt(40))
                      + "\n\nPoint "
                      + (i + 1)
                      + ".",
                  NewContribution.Source.IMPORT)
              .withLanguage(i % 3 == 0 ? "en" : i % 3 == 1 ? "fr" : "es")
              .withCreatedAt(start.plusSeconds(i));
      Long parent = null;
      if (i % 4 == 2 && previous != null) {
        parent = previous;
      } else if (i % 4 == 3 && grandParent != null) {
        // a reply to a reply: a deeper level
        parent = previous;
      }
      if (parent != null) {
        in = in.withReplyTo(parent);
      }
      long id = app.app.contributions.postContribution(in).id();
      ids.add(id);
      if (parent != null) {
        parentOf.put(id, parent);
      }
      grandParent = parent;
      previous = id;
    }
  }

  private static String sentence(java.util.Random random, String[] words, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String w = words[random.nextInt(words.length)];
      sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w)
          .append(i == n - 1 ? "." : " ");
    }
    return sb.toString() + " " + random.nextInt(100_000);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static List<Long> cards(String page) {
    List<Long> found = new ArrayList<>();
    Matcher m = CARD.matcher(page);
    while (m.find()) {
      found.add(Long.parseLong(m.group(1)));
    }
    return found;
  }

  @Test
  void everyContributionIsOnExactlyOnePageAndNoThreadIsSplitByAPageBreak() {
    HttpSession reader = app.browser();
    String first = reader.get("/d/busy?week=1").body();
    Matcher m = POSITION.matcher(first);
    assertThat(m.find()).as("a 'Page 1 of N' line").isTrue();
    assertThat(m.group(1)).isEqualTo("1");
    int pages = Integer.parseInt(m.group(2));
    assertThat(pages).isBetween(CONTRIBUTIONS / WeekPaging.PAGE_SIZE, CONTRIBUTIONS / 40);
    Set<Long> seen = new HashSet<>();
    for (int n = 1; n <= pages; n++) {
      String page = n == 1 ? first : reader.get("/d/busy?week=1&page=" + n).body();
      assertThat(page).contains("Page " + n + " of " + pages);
      List<Long> onPage = cards(page);
      assertThat(onPage.size()).isLessThanOrEqualTo(WeekPaging.PAGE_SIZE);
      Set<Long> here = new HashSet<>(onPage);
      for (long id : onPage) {
        assertThat(seen.add(id)).as("contribution %d on one page only", id).isTrue();
        Long parent = parentOf.get(id);
        if (parent != null) {
          assertThat(here).as("the parent of %d on the same page", id).contains(parent);
        }
      }
      if (n < pages) {
        assertThat(attributes(page)).contains("?week=1&page=" + (n + 1) + "\" rel=\"next\"");
      }
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
    // past the last page: the last page
    assertThat(reader.get("/d/busy?week=1&page=999").body())
        .contains("Page " + pages + " of " + pages);
  }

  @Test
  void newestFirstStartsWithTheLastThreadAndKeepsItsRepliesInTimeOrder() {
    String page = app.browser().get("/d/busy?week=1&order=newest").body();
    List<Long> onPage = cards(page);
    // the last thread opened is the one that holds the last contribution
    long last = ids.getLast();
    long root = last;
    while (parentOf.containsKey(root)) {
      root = parentOf.get(root);
    }
    assertThat(onPage.getFirst()).isEqualTo(root);
    assertThat(onPage.indexOf(last)).isGreaterThan(0);
    assertThat(attributes(page)).contains("href=\"/d/busy?week=1&order=newest&page=2\"");
    // the oldest first page starts with the first contribution
    assertThat(cards(app.browser().get("/d/busy?week=1").body()).getFirst())
        .isEqualTo(ids.getFirst());
  }

  @Test
  void repliesAreNestedOneLevelAndDeeperRepliesSayWhomTheyAnswer() {
    String page = app.browser().get("/d/busy?week=1").body();
    // contribution 3 (index 2) replies to the first of its thread, 4 (index 3) replies to 3
    long direct = ids.get(2);
    long deeper = ids.get(3);
    int group = page.indexOf("<div class=\"replies\"");
    assertThat(group).isPositive().isLessThan(page.indexOf("id=\"c-" + direct + "\""));
    String directCard = card(page, direct);
    String deeperCard = card(page, deeper);
    assertThat(directCard).doesNotContain("In reply to");
    assertThat(deeperCard).contains("In reply to").contains("href=\"/c/" + direct + "\"");
  }

  /** The page with its attribute escapes undone, to read links as written. */
  private static String attributes(String page) {
    return page.replace("&#x3D;", "=").replace("&amp;", "&");
  }

  private static String card(String page, long id) {
    int at = page.indexOf("id=\"c-" + id + "\"");
    return page.substring(at, page.indexOf("</article>", at));
  }

  @Test
  void theWeekPageLeadsWithTheQuestionAndFoldsTheIntroduction() {
    String week = app.browser().get("/d/busy?week=1").body();
    int question = week.indexOf("What do collective remittances pay for in your town?");
    int intro = week.indexOf("A long introduction repeated");
    assertThat(question).isPositive();
    assertThat(intro).isGreaterThan(question);
    assertThat(week.substring(week.lastIndexOf("<details", intro), intro))
        .contains("Introduction to the discussion");
    String overview = app.browser().get("/d/busy").body();
    int overviewIntro = overview.indexOf("A long introduction repeated");
    assertThat(overview.substring(0, overviewIntro)).doesNotContain("<details class=\"intro");
    // the overview shows the first page of the week and leads to the rest
    assertThat(overview).contains("All contributions of week 1");
  }

  @Test
  void aWeekPageOf50StaysUnder30KilobytesCompressed() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long largest = 0;
    for (String path :
        List.of("/d/busy?week=1", "/d/busy?week=1&page=2", "/d/busy?week=1&order=newest")) {
      HttpResponse<byte[]> r =
          client.send(
              HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                  .header("Accept-Encoding", "gzip")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.headers().firstValue("content-encoding")).contains("gzip");
      String html =
          new String(
              new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(),
              StandardCharsets.UTF_8);
      assertThat(cards(html).size()).isGreaterThan(40);
      System.out.printf(
          "week page %s: %,d bytes compressed, %,d bytes of HTML, %d contributions%n",
          path, r.body().length, html.length(), cards(html).size());
      largest = Math.max(largest, r.body().length);
    }
    assertThat(largest).isLessThan(30 * 1024);
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void aNewContributionIsOnTheLastPageAndOnTheFirstNewestPageAtTheNextRead() {
    HttpSession reader = app.browser();
    String first = reader.get("/d/busy?week=1").body();
    Matcher m = POSITION.matcher(first);
    assertThat(m.find()).isTrue();
    String lastPath = "/d/busy?week=1&page=" + m.group(2);
    String newest = "/d/busy?week=1&order=newest";
    assertThat(reader.get(lastPath).body()).doesNotContain("A late voice from Dakar.");
    assertThat(reader.get(newest).body()).doesNotContain("A late voice from Dakar.");
    HttpSession late = app.signedIn("late@busy.test", "member");
    Fixtures.idFrom(Fixtures.post(late, "busy", 1, "A late voice from Dakar.", null));
    // the page count may have grown by one
    String position =
        POSITION
            .matcher(reader.get("/d/busy?week=1").body())
            .results()
            .findFirst()
            .orElseThrow()
            .group(2);
    assertThat(reader.get("/d/busy?week=1&page=" + position).body())
        .contains("A late voice from Dakar.");
    assertThat(reader.get(newest).body()).contains("A late voice from Dakar.");
  }
}
