package org.indaba.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import org.indaba.testing.Chrome;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A moderator runs a discussion from "new discussion" (one form with the weekly themes) through a
 * week's summary and the closing to a published consolidated reply, in a real browser.
 */
class LaunchToConsolidatedReplyInBrowserTest {
  static TestApp app;
  static WebDriver browser;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    browser = Chrome.start();
    app.member("launcher@example.org", "Aïssatou Diallo", "moderator");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    app.close();
  }

  private static void wait(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition);
  }

  private static WebElement field(String name) {
    return browser.findElement(By.name(name));
  }

  private static void type(String name, String text) {
    WebElement e = field(name);
    e.clear();
    e.sendKeys(text);
  }

  private static void click(By by) {
    WebElement e = browser.findElement(by);
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(true);", e);
    e.click();
  }

  private static String main() {
    return browser.findElement(By.tagName("main")).getText();
  }

  @Test
  void aModeratorGoesFromANewDiscussionToAPublishedConsolidatedReply() {
    browser.get(app.baseUrl() + "/login");
    browser.findElement(By.id("email")).sendKeys("launcher@example.org");
    browser.findElement(By.id("password")).sendKeys(TestApp.PASSWORD);
    click(By.cssSelector("main form button[type=submit]"));
    wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("nav"), "My profile"));

    // the one form: fewer weeks first, then each week's theme
    browser.get(app.baseUrl() + "/d/new");
    assertThat(main()).doesNotContain("Some fields need your attention");
    assertThat(browser.findElements(By.cssSelector("fieldset.launch-week"))).hasSize(4);
    type("title", "Seed banks in the Sahel");
    type("slug", "seed-banks");
    type("welcomedLanguages", "en");
    ((JavascriptExecutor) browser)
        .executeScript(
            "arguments[0].value = arguments[1];",
            field("startsOn"),
            LocalDate.now(app.clock).toString());
    type("weeks", "2");
    click(By.name("updateWeeks"));
    wait(ExpectedConditions.numberOfElementsToBe(By.cssSelector("fieldset.launch-week"), 2));
    assertThat(field("title").getAttribute("value")).isEqualTo("Seed banks in the Sahel");
    type("week-1-title", "Who keeps the seeds?");
    type("week-1-question", "Tell us who keeps the village seeds, and how.");
    type("week-2-title", "Who pays for the banks?");
    WebElement draft = field("draft");
    if (draft.isSelected()) {
      click(By.id("draft"));
    }
    click(By.cssSelector("form.form > button[type=submit]"));
    wait(ExpectedConditions.urlContains("/d/seed-banks/edit"));

    // the first week goes out, and the moderator contributes to it
    browser.get(app.baseUrl() + "/d/seed-banks?week=1");
    assertThat(main()).contains("Who keeps the seeds?");
    click(By.xpath("//form[contains(@action,'/themes/1/publish')]//button"));
    wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form.post-form textarea")));
    browser
        .findElement(By.cssSelector("form.post-form textarea[name=body]"))
        .sendKeys("Women's groups keep the seeds in clay jars.");
    click(By.cssSelector("form.post-form button[type=submit]"));
    wait(ExpectedConditions.urlContains("/c/"));

    // the week's summary, published at the top of the week
    browser.get(app.baseUrl() + "/d/seed-banks?week=1");
    click(By.linkText("Write the summary of this week"));
    type("body", "Seeds are kept by women's groups, in clay jars.");
    click(By.cssSelector("button[name=andPublish]"));
    wait(ExpectedConditions.presenceOfElementLocated(By.id("summary-1")));
    assertThat(browser.findElement(By.id("summary-1")).getText()).contains("in clay jars");

    // closing asks first, then leads to the consolidated reply
    browser.get(app.baseUrl() + "/d/seed-banks");
    click(By.linkText("Close the discussion now"));
    wait(ExpectedConditions.urlContains("/d/seed-banks/close"));
    click(By.xpath("//button[normalize-space()='Close the discussion']"));
    wait(ExpectedConditions.urlContains("/d/seed-banks/closed"));
    assertThat(main()).contains("The discussion is closed.");
    click(By.linkText("Write the consolidated reply"));
    wait(ExpectedConditions.urlContains("/reply/en/edit"));
    click(By.linkText("Start from the week summaries"));
    wait(ExpectedConditions.urlContains("start=summaries"));
    assertThat(field("body").getAttribute("value"))
        .contains("## Week 1: Who keeps the seeds?")
        .contains("in clay jars");
    type("title", "What the Sahel taught us about seeds");
    click(By.xpath("//form[contains(@action,'/reply/en/edit')]//button[@type='submit']"));
    wait(ExpectedConditions.urlContains("saved=1"));
    click(By.xpath("//form[contains(@action,'/reply/en/publish')]//button"));
    wait(ExpectedConditions.urlMatches(".*/d/seed-banks/reply/en$"));
    assertThat(main()).contains("What the Sahel taught us about seeds").contains("in clay jars");

    String page = app.browser().get("/d/seed-banks").body();
    assertThat(page).contains("/d/seed-banks/reply/en");
  }
}
