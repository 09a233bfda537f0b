package org.indaba.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.indaba.discussion.DiscussionService;
import org.indaba.discussion.NewContribution;
import org.indaba.testing.Chrome;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Reading where layout is the point: on a phone-size window a 150-character URL and a very long
 * word wrap inside their card and the bare URL is a link; search facets sit beside the results on a
 * wide window and below them on a narrow one; the language switcher keeps the search.
 */
class ReadingInBrowserTest {
  static TestApp app;
  static ChromeDriver browser;
  static final String URL =
      "https://www.example.org/reports/2026/diaspora-investment/hometown-associations/"
          + "kayes-region/annual-accounts-of-the-school-building-programme-final-version.pdf";

  @BeforeAll
  static void start() {
    app = TestApp.start();
    long modId = app.member("mod@phone.test", "Phone Moderator", "moderator");
    var mod = app.app.accounts.byId(modId).orElseThrow().toViewer();
    app.app.discussions.create(
        Optional.of(mod),
        new DiscussionService.Form(
            "phone",
            "Read on a phone",
            "Narrow screens.",
            "Intro.",
            "en, fr",
            "mod@phone.test",
            "2026-03-02",
            "UTC",
            "2",
            false,
            false));
    app.app.discussions.publishThemeNow(Optional.of(mod), "phone", 1);
    long author = app.member("author@phone.test", "Author On A Phone", "member");
    app.app.contributions.postContribution(
        NewContribution.byMember(
                author,
                "phone",
                1,
                "Our accounts are public: "
                    + URL
                    + "\n\nAlso: "
                    + "Donaudampfschifffahrt".repeat(8),
                NewContribution.Source.WEB)
            .withLanguage("en"));
    app.app.background.runNow("search-indexer");
    browser = Chrome.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    app.close();
  }

  @Test
  void aLongUrlAndALongWordWrapInsideTheirCardOnAPhone() {
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(app.baseUrl() + "/d/phone?week=1");
    JavascriptExecutor js = browser;
    long viewport = ((Number) js.executeScript("return window.innerWidth")).longValue();
    long page =
        ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
    assertThat(viewport).isLessThanOrEqualTo(400);
    assertThat(page).as("the page is as wide as the window").isLessThanOrEqualTo(viewport);
    WebElement card = browser.findElement(By.cssSelector("article.contribution"));
    WebElement link = card.findElement(By.cssSelector(".prose a[href='" + URL + "']"));
    assertThat(link.getText()).isEqualTo(URL);
    int cardRight = card.getLocation().getX() + card.getSize().getWidth();
    int linkRight = link.getLocation().getX() + link.getSize().getWidth();
    assertThat(linkRight).as("the link ends inside its card").isLessThanOrEqualTo(cardRight);
    assertThat(link.getSize().getHeight()).as("the URL takes several lines").isGreaterThan(30);
  }

  @Test
  void searchFacetsAreBesideTheResultsOnAWideWindowAndBelowOnANarrowOne() {
    browser.manage().window().setSize(new Dimension(1280, 900));
    browser.get(app.baseUrl() + "/search?q=accounts");
    WebElement hits = browser.findElement(By.cssSelector(".search-hits"));
    WebElement facets = browser.findElement(By.cssSelector(".search-facets"));
    assertThat(facets.getLocation().getX())
        .as("beside")
        .isGreaterThanOrEqualTo(hits.getLocation().getX() + hits.getSize().getWidth());
    assertThat(facets.getLocation().getY()).isLessThan(hits.getLocation().getY() + 50);

    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(app.baseUrl() + "/search?q=accounts");
    hits = browser.findElement(By.cssSelector(".search-hits"));
    facets = browser.findElement(By.cssSelector(".search-facets"));
    assertThat(facets.getLocation().getY())
        .as("below")
        .isGreaterThanOrEqualTo(hits.getLocation().getY() + hits.getSize().getHeight());
  }

  @Test
  void switchingTheLanguageKeepsTheSearch() {
    browser.manage().window().setSize(new Dimension(1280, 900));
    browser.get(app.baseUrl() + "/search?q=accounts&sort=newest");
    browser.findElement(By.cssSelector(".languages a[lang=fr]")).click();
    new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10))
        .until(
            org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe(
                By.tagName("html"), "lang", "fr"));
    assertThat(browser.getCurrentUrl()).contains("q=accounts").contains("sort=newest");
    assertThat(browser.findElement(By.id("search-q")).getAttribute("value")).isEqualTo("accounts");
    assertThat(browser.findElements(By.cssSelector(".search-hit"))).isNotEmpty();
    // back to English for the other tests
    browser.get(app.baseUrl() + "/?lang=en");
  }
}
