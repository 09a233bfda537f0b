package org.indaba.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.indaba.testing.Chrome;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A person in a real browser joins, confirms the address, signs in and sees the profile. */
class RegistrationInBrowserTest {
  static TestApp app;
  static WebDriver browser;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    browser = Chrome.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    app.close();
  }

  /** Waits for the page that a click started loading, by what it must show. */
  private static void waitForText(String tag, String text) {
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName(tag), text));
  }

  @Test
  void aNewcomerRegistersConfirmsSignsInAndSeesTheProfile() {
    browser.get(app.baseUrl() + "/");
    browser.findElement(By.linkText("Join")).click();
    browser.findElement(By.id("email")).sendKeys("browser.user@example.org");
    browser.findElement(By.id("password")).sendKeys("a fine long password");
    browser.findElement(By.id("displayName")).sendKeys("Awa Ndiaye");
    browser.findElement(By.id("organisation")).sendKeys("Réseau des Villes Solidaires");
    browser.findElement(By.id("city")).sendKeys("Thiès");
    browser.findElement(By.id("country")).sendKeys("Senegal");
    browser.findElement(By.cssSelector("form.form button[type=submit]")).click();
    waitForText("h1", "Check your mailbox");

    String mail = app.outboxTo("browser.user@example.org").get(0).getTextBody();
    Matcher m = Pattern.compile("(/verify/[A-Za-z0-9_-]+\\?lang=en)").matcher(mail);
    assertThat(m.find()).isTrue();
    browser.get(app.baseUrl() + m.group(1));
    browser.findElement(By.cssSelector("main form button[type=submit]")).click();
    waitForText("main", "your address is confirmed");

    // confirming signed the newcomer in
    waitForText("nav", "My profile");
    browser.get(app.baseUrl() + "/profile");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("My profile");
    assertThat(browser.findElement(By.id("displayName")).getAttribute("value"))
        .isEqualTo("Awa Ndiaye");
    assertThat(browser.findElement(By.id("organisation")).getAttribute("value"))
        .isEqualTo("Réseau des Villes Solidaires");
  }
}
