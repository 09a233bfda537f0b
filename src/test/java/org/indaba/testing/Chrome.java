package org.indaba.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
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
      Path profile = Files.createTempDirectory("indaba-chrome");
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
          "--user-data-dir=" + profile);
      ChromeDriver driver = new WithOwnProfile(service, options, profile);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      return driver;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A browser whose profile directory is removed when it quits, so test runs leave none. */
  private static final class WithOwnProfile extends ChromeDriver {
    private final Path profile;

    WithOwnProfile(ChromeDriverService service, ChromeOptions options, Path profile) {
      super(service, options);
      this.profile = profile;
    }

    @Override
    public void quit() {
      try {
        super.quit();
      } finally {
        try (Stream<Path> files = Files.walk(profile)) {
          files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
          // a profile left in the temporary directory is untidy, not a failed test
        }
      }
    }
  }

  private static String find(String env, String def) {
    String v = System.getenv(env);
    return v == null || v.isBlank() ? def : v;
  }
}
