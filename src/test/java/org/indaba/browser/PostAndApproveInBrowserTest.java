package org.indaba.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.indaba.discussion.DiscussionService;
import org.indaba.model.Viewer;
import org.indaba.testing.Chrome;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A member posts in a pre-moderated discussion; a moderator approves it; then everyone sees it. */
class PostAndApproveInBrowserTest {
  static TestApp app;
  static WebDriver browser;
  static final String SLUG = "skills-transfer-diaspora";

  @BeforeAll
  static void start() {
    app = TestApp.start();
    browser = Chrome.start();
    long moderatorId = app.member("mod.browser@example.org", "Mariam Sow", "moderator");
    app.member("member.browser@example.org", "Kwame Mensah", "member");
    Viewer moderator = app.app.accounts.byId(moderatorId).orElseThrow().toViewer();
    var d =
        app.app.discussions.create(
            Optional.of(moderator),
            new DiscussionService.Form(
                SLUG,
                "Skills transfer by diaspora professionals",
                "Short assignments of diaspora experts at home.",
                "Which programmes work, and why?",
                "en, fr",
                "mod.browser@example.org",
                "2026-03-02",
                "UTC",
                "3",
                true,
                false));
    app.app.discussions.publishThemeNow(Optional.of(moderator), SLUG, 1);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    app.close();
  }

  private static void signIn(String email) {
    browser.manage().deleteAllCookies();
    browser.get(app.baseUrl() + "/login");
    browser.findElement(By.id("email")).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(TestApp.PASSWORD);
    browser.findElement(By.cssSelector("main form button[type=submit]")).click();
    wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("nav"), "My profile"));
  }

  private static void wait(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(condition);
  }

  @Test
  void aMemberPostsAndAModeratorApprovesIt() {
    String text =
        "In Ghana the short assignments of diaspora doctors trained local staff in emergency care.";
    signIn("member.browser@example.org");
    browser.get(app.baseUrl() + "/d/" + SLUG);
    browser.findElement(By.cssSelector("form.post-form textarea[name=body]")).sendKeys(text);
    browser.findElement(By.cssSelector("form.post-form button[type=submit]")).click();
    wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), text));
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("Awaiting moderation");

    // nobody else sees it yet
    assertThat(app.browser().get("/d/" + SLUG).body()).doesNotContain(text);

    signIn("mod.browser@example.org");
    browser.get(app.baseUrl() + "/moderation");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains(text);
    browser
        .findElement(
            By.xpath(
                "//article[contains(., 'emergency care')]//form[contains(@action,'/approve')]//button"))
        .click();
    wait(
        ExpectedConditions.not(
            ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), text)));

    String page = app.browser().get("/d/" + SLUG).body();
    assertThat(page).contains(text).contains("Kwame Mensah");
  }
}
