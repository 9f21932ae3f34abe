package ma.manchette.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Saves a screenshot of every watched browser under target/browser-failures/ when a test fails,
 * right after the test method and before @AfterEach closes the browsers.
 */
public final class ScreenshotOnFailure implements AfterTestExecutionCallback {
  static final Path DIR = Path.of("target", "browser-failures");
  private final List<WebDriver> drivers = new ArrayList<>();

  public <T extends WebDriver> T watch(T driver) {
    drivers.add(driver);
    return driver;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    try {
      if (context.getExecutionException().isEmpty()) return;
      String name =
          context.getRequiredTestClass().getSimpleName()
              + "-"
              + context.getRequiredTestMethod().getName();
      for (int i = 0; i < drivers.size(); i++) {
        WebDriver d = drivers.get(i);
        try {
          Files.createDirectories(DIR);
          Path png = DIR.resolve(name + (drivers.size() > 1 ? "-" + (i + 1) : "") + ".png");
          Files.write(png, ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
          Files.writeString(
              DIR.resolve(png.getFileName().toString().replace(".png", ".html")),
              d.getPageSource());
          System.err.println("browser screenshot of the failure: " + png.toAbsolutePath());
        } catch (Exception e) {
          System.err.println("could not save a screenshot of the failure: " + e);
        }
      }
    } finally {
      drivers.clear();
    }
  }
}
