package ma.manchette.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live front page (/) and the article view in a real headless Chromium against the real server.
 */
class TickerBrowserIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension final ScreenshotOnFailure screenshots = new ScreenshotOnFailure();

  private Newsroom newsroom;
  private final List<Chromium> browsers = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    Chromium.requireOrSkip();
    newsroom = Newsroom.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      for (Chromium c : browsers) c.close();
    } finally {
      if (newsroom != null) newsroom.close();
    }
  }

  private Chromium browser() throws Exception {
    Chromium c = Chromium.start(1280, 1000);
    browsers.add(c);
    screenshots.watch(c.driver);
    return c;
  }

  private static WebDriverWait waiting(WebDriver d) {
    return new WebDriverWait(d, WAIT, Duration.ofMillis(100));
  }

  @SuppressWarnings("unchecked")
  private static List<String> titles(WebDriver d) {
    return (List<String>)
        ((JavascriptExecutor) d)
            .executeScript(
                "return [...document.querySelectorAll('#headlines article.headline a.title')].map(a => a.textContent)");
  }

  private static Object js(WebDriver d, String script, Object... args) {
    return ((JavascriptExecutor) d).executeScript(script, args);
  }

  /**
   * Opens the front page and waits for the backfill (the history of the first polls) and the live
   * state.
   */
  private void openLive(WebDriver d, String query, int expected) {
    d.get(newsroom.base() + "/" + query);
    waiting(d).until(x -> "live".equals(x.findElement(By.id("status")).getAttribute("data-state")));
    waiting(d).until(x -> titles(x).size() == expected);
  }

  private WebElement headline(WebDriver d, String title) {
    waiting(d).until(x -> titles(x).contains(title));
    // textContent, not getText(): a new headline slides in from opacity 0, and WebDriver reads no
    // text while it is
    // not shown, so getText() matched nothing when it ran in the animation's first frames
    return d.findElements(By.cssSelector("#headlines article.headline")).stream()
        .filter(
            a ->
                title.equals(
                    a.findElement(By.cssSelector("a.title")).getDomProperty("textContent")))
        .findFirst()
        .orElseThrow();
  }

  private static void assertNoConsoleErrors(Chromium c) {
    assertThat(c.consoleErrors()).as("errors in the browser console").isEmpty();
  }

  @Test
  void aPublishedHeadlineAppearsOnTopWithoutReloadAndArabicReadsRightToLeft() throws Exception {
    Chromium c = browser();
    WebDriver d = c.driver;
    openLive(d, "", newsroom.history.size());
    // newest first: the history arrives in id order, the last detected on top
    assertThat(titles(d))
        .containsExactlyInAnyOrderElementsOf(
            newsroom.history.stream().map(Newsroom.Headline::title).toList());
    js(d, "window.__sameDocument = true");

    long published = System.nanoTime();
    Newsroom.Headline fr = newsroom.publish("hfr-live-1");
    WebElement frItem = headline(d, fr.title());
    // measured, not asserted: poll interval (300 ms) + fetch + parse + push + render, on a loaded
    // machine
    System.out.printf(
        "browser: published -> on screen in %d ms%n", (System.nanoTime() - published) / 1_000_000);
    assertThat(titles(d).get(0)).isEqualTo(fr.title());
    assertThat(frItem.getAttribute("data-outlet")).isEqualTo("hespress-fr");
    assertThat(frItem.getAttribute("lang")).isEqualTo("fr");
    assertThat(frItem.findElement(By.cssSelector("bdi.outlet")).getDomProperty("textContent"))
        .isEqualTo("Hespress FR");
    assertThat(frItem.findElement(By.cssSelector("time.time")).getDomProperty("textContent"))
        .matches("à l'instant|il y a \\d+ s|il y a \\d+ min");
    assertThat(frItem.findElement(By.cssSelector("a.title")).getCssValue("direction"))
        .isEqualTo("ltr");
    // the ticker band carries it too
    String frId = frItem.getAttribute("data-id");
    waiting(d)
        .until(
            x ->
                !x.findElements(By.cssSelector("#ticker .ticker-item[data-id='" + frId + "']"))
                    .isEmpty());

    Newsroom.Headline ar = newsroom.publish("har-live-1");
    WebElement arItem = headline(d, ar.title());
    assertThat(arItem.getAttribute("dir")).isEqualTo("auto");
    assertThat(arItem.getAttribute("lang")).isEqualTo("ar");
    assertThat(arItem.getCssValue("direction")).isEqualTo("rtl");
    assertThat(arItem.findElement(By.cssSelector("a.title")).getCssValue("direction"))
        .isEqualTo("rtl");
    assertThat(arItem.findElement(By.cssSelector("bdi.outlet")).getDomProperty("textContent"))
        .isEqualTo("هسبريس");
    assertThat(titles(d)).hasSize(newsroom.history.size() + 2).doesNotHaveDuplicates();
    assertThat(js(d, "return window.__sameDocument === true"))
        .as("no reload happened")
        .isEqualTo(true);
    assertNoConsoleErrors(c);
  }

  @Test
  void aFilterHidesTheOtherHeadlinesAndTheUrlSharesIt() throws Exception {
    Chromium c = browser();
    WebDriver d = c.driver;
    openLive(d, "", newsroom.history.size());
    new Select(d.findElement(By.id("filter-lang"))).selectByValue("ar");
    long arabic =
        newsroom.history.stream()
            .filter(h -> h.feed().equals("/hespress-ar") || h.feed().equals("/alyaoum24"))
            .count();
    waiting(d).until(x -> titles(x).size() == arabic);
    assertThat(d.findElements(By.cssSelector("#headlines article.headline")))
        .allMatch(a -> "ar".equals(a.getAttribute("lang")));
    assertThat(d.getCurrentUrl()).contains("lang=ar");

    // live: a French headline published first never shows; the Arabic one after it does
    Newsroom.Headline fr = newsroom.publish("l360-live-1");
    Await.until(
        () -> newsroom.server.server.registry().get("le360").health.itemsLast24h() >= 3,
        15_000,
        "French item detected");
    Newsroom.Headline ar = newsroom.publish("a24-live-1");
    headline(d, ar.title());
    assertThat(titles(d)).doesNotContain(fr.title()).hasSize((int) arabic + 1);

    // the filtered view is shareable: the same URL in another browser shows the same selection
    String shared = d.getCurrentUrl();
    Chromium other = browser();
    other.driver.get(shared);
    waiting(other.driver).until(x -> titles(x).size() == arabic + 1);
    assertThat(
            new Select(other.driver.findElement(By.id("filter-lang")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("ar");
    assertThat(titles(other.driver)).doesNotContain(fr.title());

    // an outlet filter from the URL
    other.driver.get(newsroom.base() + "/?outlet=medias24");
    waiting(other.driver).until(x -> titles(x).size() == 2);
    assertThat(other.driver.findElements(By.cssSelector("#headlines article.headline")))
        .allMatch(a -> "medias24".equals(a.getAttribute("data-outlet")));
    assertNoConsoleErrors(c);
    assertNoConsoleErrors(other);
  }

  @Test
  void theArticleViewShowsTheItemItsSourceAndWhatTheServerRelatesToIt() throws Exception {
    Chromium c = browser();
    WebDriver d = c.driver;
    openLive(d, "", newsroom.history.size());
    // three outlets on the same event: what story grouping relates
    newsroom.publish("hfr-live-1");
    newsroom.publish("har-live-1");
    Newsroom.Headline quake = newsroom.publish("l360-live-1");
    WebElement item = headline(d, quake.title());
    String id = item.getAttribute("data-id");
    // the push comes before the write: open the article once both quake reports are stored and
    // related
    Await.until(
        () ->
            Http.getQuietly(newsroom.vertx, newsroom.server.port(), "/api/items/" + id)
                .contains("hfr-live-1"),
        10_000,
        "the French quake report stored and related");
    item.findElement(By.cssSelector("a.title")).click();

    waiting(d).until(x -> x.getCurrentUrl().endsWith("/items/" + id));
    WebElement view = d.findElement(By.id("article"));
    waiting(d).until(x -> view.isDisplayed() && !view.findElements(By.id("report-btn")).isEmpty());
    assertThat(d.findElement(By.id("list-view")).isDisplayed()).isFalse();
    assertThat(view.findElement(By.tagName("h1")).getText()).isEqualTo(quake.title());
    assertThat(view.findElement(By.cssSelector(".source-link")).getAttribute("href"))
        .isEqualTo("https://example.ma/articles/l360-live-1");
    assertThat(view.findElement(By.cssSelector(".byline")).getText()).contains("Le360");
    assertThat(view.findElement(By.cssSelector(".article-text")).getText())
        .isEqualTo(quake.summary());

    // "Lire aussi" lists exactly what GET /api/items/{id} relates, in its order
    List<String> related = new ArrayList<>();
    Http.get(newsroom.vertx, newsroom.server.port(), "/api/items/" + id)
        .json()
        .getJsonArray("related")
        .forEach(r -> related.add(((io.vertx.core.json.JsonObject) r).getString("id")));
    List<String> shown =
        view.findElements(By.cssSelector(".related .related-item")).stream()
            .map(e -> e.getAttribute("data-id"))
            .toList();
    assertThat(shown).containsExactlyElementsOf(related);
    assertThat(view.findElement(By.cssSelector(".related-box")).isDisplayed())
        .isEqualTo(!related.isEmpty());

    // a shared link opens the same view directly, served by the server at /items/{id}
    Chromium other = browser();
    other.driver.get(newsroom.base() + "/items/" + id);
    waiting(other.driver)
        .until(
            x ->
                !x.findElements(By.cssSelector("#article h1")).isEmpty()
                    && quake
                        .title()
                        .equals(x.findElement(By.cssSelector("#article h1")).getText()));
    waiting(other.driver)
        .until(x -> !x.findElements(By.cssSelector("#ticker .ticker-item")).isEmpty());
    saveDocScreenshot(other.driver, "article.png");

    // back to the list keeps everything that was there
    d.findElement(By.id("article-back")).click();
    waiting(d).until(x -> x.findElement(By.id("list-view")).isDisplayed());
    assertThat(titles(d)).hasSize(newsroom.history.size() + 3);
    assertNoConsoleErrors(c);
    assertNoConsoleErrors(other);
  }

  @Test
  void aServerRestartLosesNothingAndDuplicatesNothing() throws Exception {
    Chromium c = browser();
    WebDriver d = c.driver;
    openLive(d, "", newsroom.history.size());
    Newsroom.Headline before = newsroom.publish("hfr-live-1");
    headline(d, before.title());

    int port = newsroom.server.port();
    newsroom.stopServer();
    waiting(d)
        .until(x -> !"live".equals(x.findElement(By.id("status")).getAttribute("data-state")));
    // published while the server is down: found by the first polls after the restart
    Newsroom.Headline during1 = newsroom.publish("har-live-1");
    Newsroom.Headline during2 = newsroom.publish("m24-live-1");
    newsroom.startAgainOnPort(port);
    Newsroom.Headline after = newsroom.publish("a24-live-1");

    new WebDriverWait(d, Duration.ofSeconds(45), Duration.ofMillis(200))
        .until(
            x -> titles(x).containsAll(List.of(during1.title(), during2.title(), after.title())));
    waiting(d).until(x -> "live".equals(x.findElement(By.id("status")).getAttribute("data-state")));
    Thread.sleep(1_000); // a late duplicate would show by now
    List<String> titles = titles(d);
    assertThat(titles)
        .doesNotHaveDuplicates()
        .hasSize(newsroom.history.size() + 4)
        .contains(before.title());
    @SuppressWarnings("unchecked")
    List<String> ids =
        (List<String>)
            js(
                d,
                "return [...document.querySelectorAll('#headlines article.headline')].map(a => a.dataset.id)");
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(ids.stream().map(Long::parseLong).toList())
        .isSortedAccordingTo(java.util.Comparator.reverseOrder());
    // the only console errors allowed are the refused connections while the server was away
    assertThat(c.consoleErrors())
        .allMatch(m -> m.contains("/api/stream") || m.contains("ERR_CONNECTION_REFUSED"));
  }

  @Test
  void reportingUpToTheThresholdRemovesTheItemFromAnotherOpenPage() throws Exception {
    int port = newsroom.server.port();
    Http.Response probe =
        Http.request(
            newsroom.vertx,
            port,
            HttpMethod.POST,
            "/api/items/1/reports",
            "{\"reason\":\"other\",\"target\":\"item\"}",
            Map.of("Content-Type", "application/json"));
    assertThat(probe.body()).as("the report route is served").doesNotContain("no such API route");

    Chromium reader = browser();
    WebDriver list = reader.driver;
    openLive(list, "", newsroom.history.size());
    Newsroom.Headline h = newsroom.publish("m24-live-1");
    String id = headline(list, h.title()).getAttribute("data-id");

    Chromium reporter = browser();
    WebDriver page = reporter.driver;
    page.get(newsroom.base() + "/items/" + id);
    waiting(page).until(x -> !x.findElements(By.id("report-btn")).isEmpty());
    page.findElement(By.id("report-btn")).click();
    new Select(page.findElement(By.id("report-reason"))).selectByValue("misinformation");
    page.findElement(By.id("report-submit")).click();
    waiting(page).until(x -> x.findElement(By.id("report-thanks")).isDisplayed());
    assertThat(page.findElement(By.id("report-thanks")).getText())
        .isEqualTo("Merci d'avoir signalé !");
    assertThat(titles(list)).contains(h.title()); // one reporter is not enough

    // two more readers, from other addresses, reach the default threshold of 3
    for (String address : List.of("127.0.0.2", "127.0.0.3")) {
      io.vertx.core.http.HttpClient client =
          newsroom.vertx.createHttpClient(
              new io.vertx.core.http.HttpClientOptions().setLocalAddress(address));
      try {
        int status =
            Await.result(
                client
                    .request(HttpMethod.POST, port, "127.0.0.1", "/api/items/" + id + "/reports")
                    .compose(
                        r ->
                            r.putHeader("Content-Type", "application/json")
                                .send("{\"reason\":\"misinformation\",\"target\":\"item\"}"))
                    .map(io.vertx.core.http.HttpClientResponse::statusCode));
        assertThat(status).isEqualTo(202);
      } finally {
        client.close();
      }
    }
    waiting(list).until(x -> !titles(x).contains(h.title()));
    assertThat(
            list.findElements(By.cssSelector("#headlines article.headline[data-id='" + id + "']")))
        .isEmpty();
    assertThat(titles(list)).hasSize(newsroom.history.size());
    // the reporter's own page leaves the hidden article and says why
    waiting(page).until(x -> x.findElement(By.id("list-view")).isDisplayed());
    assertNoConsoleErrors(reader);
  }

  @Test
  void unknownPagesGetTheStyled404AndTheFrontPageIsCapturedForTheDocs() throws Exception {
    Http.Response missing = Http.get(newsroom.vertx, newsroom.server.port(), "/no-such-page");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.headers().get("Content-Type")).startsWith("text/html");
    assertThat(missing.body()).contains("Cette page n'existe pas.");
    Http.Response api = Http.get(newsroom.vertx, newsroom.server.port(), "/api/no-such-route");
    assertThat(api.status()).isEqualTo(404);
    assertThat(api.json().getString("error")).contains("no such API route");

    Chromium c = browser();
    WebDriver d = c.driver;
    d.get(newsroom.base() + "/no-such-page");
    assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("Cette page n'existe pas.");

    openLive(d, "", newsroom.history.size());
    newsroom.publish("hfr-live-1");
    newsroom.publish("har-live-1");
    newsroom.publish("m24-live-1");
    waiting(d).until(x -> titles(x).size() == newsroom.history.size() + 3);
    Thread.sleep(
        1_500); // let the newest headline's highlight fade a little, as a reader would see it
    saveDocScreenshot(d, "ticker.png");

    // the Arabic interface turns the whole page right-to-left, headlines keep their own direction
    d.findElement(By.cssSelector("#ui-switch button[data-ui='ar']")).click();
    waiting(d).until(x -> "rtl".equals(js(x, "return document.documentElement.dir")));
    assertThat(d.getCurrentUrl()).contains("ui=ar");
    assertThat(d.findElement(By.cssSelector("#status .status-text")).getText())
        .isNotEqualTo("En direct");
    WebElement french = headline(d, newsroom.live.get("hfr-live-1").title());
    assertThat(french.findElement(By.cssSelector("a.title")).getCssValue("direction"))
        .isEqualTo("ltr");
    saveDocScreenshot(d, "ticker-ar.png");
    // on a phone
    d.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    Thread.sleep(500);
    assertThat(js(d, "return document.documentElement.scrollWidth <= window.innerWidth"))
        .as("no sideways scrolling on a phone")
        .isEqualTo(true);
    saveDocScreenshot(d, "ticker-phone.png");
    // a 404 page load is logged as a console error by Chromium itself; nothing else may be
    assertThat(c.consoleErrors()).allMatch(m -> m.contains("/no-such-page") && m.contains("404"));
  }

  /** The closing note's pictures: docs/screenshots/, taken from the real server by this run. */
  static void saveDocScreenshot(WebDriver d, String name) throws Exception {
    Path dir = Path.of("docs", "screenshots");
    Files.createDirectories(dir);
    Files.write(
        dir.resolve(name),
        ((org.openqa.selenium.TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
  }
}
