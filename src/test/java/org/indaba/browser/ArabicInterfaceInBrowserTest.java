package org.indaba.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.indaba.testing.Chrome;
import org.indaba.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Switching the interface to Arabic turns the whole page right to left, and it stays so. */
class ArabicInterfaceInBrowserTest {
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

  @Test
  void theLanguageSwitcherTurnsThePageRightToLeft() {
    browser.get(app.baseUrl() + "/");
    assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("ltr");

    browser.findElement(By.cssSelector(".languages a[lang=ar]")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.attributeToBe(By.tagName("html"), "dir", "rtl"));
    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ar");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("النقاشات الإلكترونية");

    // the layout really mirrors: the brand sits at the right edge of the header bar
    WebElement brand = browser.findElement(By.cssSelector(".brand"));
    WebElement bar = browser.findElement(By.cssSelector(".bar"));
    int brandRight = brand.getLocation().getX() + brand.getSize().getWidth();
    int barRight = bar.getLocation().getX() + bar.getSize().getWidth();
    assertThat(barRight - brandRight).isLessThan(bar.getSize().getWidth() / 4);

    // remembered: another page without ?lang stays Arabic
    browser.get(app.baseUrl() + "/login");
    assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("تسجيل الدخول");
  }
}
