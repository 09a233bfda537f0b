package org.indaba.testing;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven through its own chromedriver, headless, with nothing that reaches for
 * the network or downloads a browser.
 */
public final class Chrome {
  private Chrome() {}

  public static ChromeDriver start() {
    try {
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(new File(find("INDABA_CHROMEDRIVER", "/usr/bin/chromedriver")))
              .usingAnyFreePort()
              .build();
      ChromeOptions options = new ChromeOptions();
      options.setBinary(find("INDABA_CHROMIUM", "/usr/bin/chromium"));
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-quic",
          "--window-size=1200,900",
          "--user-data-dir=" + Files.createTempDirectory("indaba-chrome"));
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      return driver;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String find(String env, String def) {
    String v = System.getenv(env);
    return v == null || v.isBlank() ? def : v;
  }
}
