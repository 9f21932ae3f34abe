package ma.manchette.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its own chromedriver. Both paths are given explicitly
 * so Selenium Manager never tries to download a browser or a driver (there is no internet here).
 */
public final class Chromium implements AutoCloseable {
  static final File BROWSER = new File("/usr/bin/chromium");
  static final File DRIVER = new File("/usr/bin/chromedriver");

  public final ChromeDriver driver;
  private final Path profile;

  private Chromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Why browser tests cannot run here, or null when Chromium and its driver are installed. */
  public static String missing() {
    if (!BROWSER.canExecute())
      return "no " + BROWSER + " (apt-get install chromium chromium-driver; .ci/run does it)";
    if (!DRIVER.canExecute())
      return "no " + DRIVER + " (apt-get install chromium-driver; .ci/run does it)";
    return null;
  }

  /**
   * Before each browser test: without Chromium the test is reported as skipped with the reason (per
   * test, so the report counts it), and under CI=true it fails, since .ci/run installs Chromium.
   */
  public static void requireOrSkip() {
    String missing = missing();
    if (missing == null) return;
    if ("true".equals(System.getenv("CI")))
      org.junit.jupiter.api.Assertions.fail("browser test cannot run: " + missing);
    org.junit.jupiter.api.Assumptions.abort("browser test skipped: " + missing);
  }

  public static Chromium start(int width, int height) throws IOException {
    Path profile = Files.createTempDirectory("manchette-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-default-apps",
        "--disable-extensions",
        "--lang=fr-FR",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER)
            .usingAnyFreePort()
            .withLogOutput(java.io.OutputStream.nullOutputStream())
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver
        .manage()
        .timeouts()
        .pageLoadTimeout(Duration.ofSeconds(30))
        .scriptTimeout(Duration.ofSeconds(20));
    driver.manage().window().setSize(new Dimension(width, height));
    return new Chromium(driver, profile);
  }

  /**
   * Console messages at level SEVERE (errors, uncaught exceptions, failed loads) since the last
   * call.
   */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temporary profile left behind is harmless
      }
    }
  }
}
