package ma.manchette.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import ma.manchette.support.Await;
import ma.manchette.support.SseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The newsroom dashboard (/dashboard) in a real headless Chromium against the real server. */
class DashboardBrowserIT {
  @RegisterExtension final ScreenshotOnFailure screenshots = new ScreenshotOnFailure();

  private Newsroom newsroom;
  private Chromium chromium;

  @BeforeEach
  void setUp() throws Exception {
    Chromium.requireOrSkip();
    newsroom = Newsroom.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (chromium != null) chromium.close();
    } finally {
      if (newsroom != null) newsroom.close();
    }
  }

  private static String cell(WebDriver d, String outlet, String css) {
    return d.findElement(By.cssSelector("#outlets-table tr[data-outlet='" + outlet + "'] " + css))
        .getDomProperty("textContent")
        .trim();
  }

  private static String tileValue(WebDriver d, String tile) {
    return d.findElement(By.cssSelector("#" + tile + " .tile-value"))
        .getDomProperty("textContent")
        .trim();
  }

  @Test
  void theDashboardShowsOutletHealthAndLiveFiguresAndUpdatesByItself() throws Exception {
    chromium = Chromium.start(1280, 1100);
    WebDriver d = screenshots.watch(chromium.driver);
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(20), Duration.ofMillis(100));
    d.get(newsroom.base() + "/dashboard");

    // one row per outlet of the file, the one whose feed is gone shown failing with its HTTP status
    wait.until(
        x ->
            x.findElements(By.cssSelector("#outlets-table tbody tr[data-outlet]")).size()
                == Newsroom.OUTLETS.size() + 1);
    wait.until(
        x ->
            "fail"
                .equals(
                    x.findElement(
                            By.cssSelector("#outlets-table tr[data-outlet='le-matin'] .col-status"))
                        .getAttribute("data-status")));
    assertThat(cell(d, "le-matin", ".col-status")).contains("404");
    for (Newsroom.Outlet o : Newsroom.OUTLETS) {
      assertThat(
              d.findElement(
                      By.cssSelector("#outlets-table tr[data-outlet='" + o.id() + "'] .col-status"))
                  .getAttribute("data-status"))
          .isEqualTo("ok");
      assertThat(cell(d, o.id(), "th")).contains(o.name());
    }
    assertThat(cell(d, "le360", ".items24h")).isEqualTo("2");

    // subscribers by transport: the dashboard's own stream plus one from a terminal
    wait.until(x -> "live".equals(x.findElement(By.id("status")).getAttribute("data-state")));
    SseClient terminal =
        Await.result(
            SseClient.connect(newsroom.vertx, newsroom.server.port(), "/api/stream", null));
    try {
      wait.until(x -> tileValue(x, "tile-subscribers").equals("2"));
      assertThat(d.findElement(By.cssSelector("#tile-subscribers .tile-detail")).getText())
          .isEqualTo("SSE 2 · WebSocket 0");
      assertThat(tileValue(d, "tile-backlog")).isEqualTo("0");
      assertThat(tileValue(d, "tile-lag")).isEqualTo("—"); // nothing detected live yet

      // live headlines: the lag tile gets a figure, the chart counts them, the outlet's row its new
      // item
      newsroom.publish("hfr-live-1");
      newsroom.publish("l360-live-1");
      newsroom.publish("har-live-1");
      terminal.awaitHeadlines(3, 15_000);
      wait.until(
          x -> x.findElement(By.id("chart-note")).getText().contains("3 titres reçus en direct"));
      wait.until(x -> !tileValue(x, "tile-lag").equals("—"));
      assertThat(tileValue(d, "tile-lag")).matches("[\\d  ,]+ (ms|s)");
      new WebDriverWait(d, Duration.ofSeconds(25), Duration.ofMillis(200))
          .until(x -> cell(x, "le360", ".items24h").equals("3"));
      WebElement canvas = d.findElement(By.id("chart-hpm"));
      assertThat(canvas.getAttribute("aria-label")).contains("au plus");
      Thread.sleep(500);
      TickerBrowserIT.saveDocScreenshot(d, "dashboard.png");
    } finally {
      Await.result(terminal.close());
    }
    assertThat(chromium.consoleErrors()).isEmpty();
  }
}
