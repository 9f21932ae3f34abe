package ma.manchette.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.time.Duration;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Stories as a reader and a newsroom meet them, in a real headless Chromium: Hespress FR reports
 * floods in Kénitra, Hespress AR follows; the headlines get a "+1 source" chip and the breaking
 * mark (the threshold is two outlets here), the chip opens the story view, and the dashboard's
 * scoops table credits Hespress FR.
 */
class StoryBrowserIT {
  private static final Duration WAIT = Duration.ofSeconds(25);

  @RegisterExtension final ScreenshotOnFailure screenshots = new ScreenshotOnFailure();

  private Newsroom newsroom;
  private Chromium chromium;

  @BeforeEach
  void setUp() throws Exception {
    Chromium.requireOrSkip();
    newsroom = Newsroom.withStories(Map.of("MANCHETTE_BREAKING_OUTLETS", "2"));
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (chromium != null) chromium.close();
    } finally {
      if (newsroom != null) newsroom.close();
    }
  }

  private static WebDriverWait waiting(WebDriver d) {
    return new WebDriverWait(d, WAIT, Duration.ofMillis(100));
  }

  private static Object js(WebDriver d, String script, Object... args) {
    return ((JavascriptExecutor) d).executeScript(script, args);
  }

  private static String text(WebElement e) {
    return e.getDomProperty("textContent").trim();
  }

  /** The headline of the list with this title (textContent: a sliding-in headline has no text). */
  private static WebElement headline(WebDriver d, String title) {
    waiting(d)
        .until(
            x ->
                x.findElements(By.cssSelector("#headlines article.headline a.title")).stream()
                    .anyMatch(a -> title.equals(text(a))));
    return d.findElements(By.cssSelector("#headlines article.headline")).stream()
        .filter(a -> title.equals(text(a.findElement(By.cssSelector("a.title")))))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aStoryOfTwoOutletsIsMarkedOpensItsOwnViewAndCountsAsAScoop() throws Exception {
    chromium = Chromium.start(1280, 1000);
    WebDriver d = screenshots.watch(chromium.driver);
    d.get(newsroom.base() + "/");
    waiting(d).until(x -> "live".equals(x.findElement(By.id("status")).getAttribute("data-state")));
    waiting(d)
        .until(
            x ->
                x.findElements(By.cssSelector("#headlines article.headline")).size()
                    == newsroom.history.size());
    js(d, "window.__sameDocument = true");

    Newsroom.Headline fr = newsroom.publish("hfr-story-1");
    WebElement frItem = headline(d, fr.title());
    assertThat(frItem.findElements(By.cssSelector(".sources-chip"))).isEmpty(); // alone, so far
    Newsroom.Headline ar = newsroom.publish("har-story-1");
    headline(d, ar.title());
    Await.until(() -> stories().size() == 1, 20_000, "the server groups both headlines");

    // the breaking announcement marks both headlines (the French one was on screen before it) and
    // is read out once
    waiting(d).until(x -> headline(x, fr.title()).getAttribute("class").contains("is-breaking"));
    waiting(d).until(x -> headline(x, ar.title()).getAttribute("class").contains("is-breaking"));
    assertThat(text(headline(d, fr.title()).findElement(By.cssSelector(".breaking-badge"))))
        .isEqualTo("À chaud");
    WebElement notice = d.findElement(By.id("notice"));
    assertThat(notice.getAttribute("role")).isEqualTo("status");
    assertThat(text(notice)).isEqualTo("À chaud : " + fr.title());

    // each headline names the one other outlet that carries the story
    waiting(d)
        .until(
            x ->
                headline(x, fr.title()).findElements(By.cssSelector(".sources-chip")).size() == 1
                    && headline(x, ar.title()).findElements(By.cssSelector(".sources-chip")).size()
                        == 1);
    WebElement chip = headline(d, fr.title()).findElement(By.cssSelector(".sources-chip"));
    assertThat(text(chip)).isEqualTo("+1 source");
    assertThat(text(headline(d, ar.title()).findElement(By.cssSelector(".sources-chip"))))
        .isEqualTo("+1 source");
    String storyId = chip.getAttribute("data-story");
    assertThat(storyId).isEqualTo(frItem.getAttribute("data-id")); // named after its first headline

    // the chip opens the story view in the same page
    chip.click();
    waiting(d).until(x -> x.getCurrentUrl().endsWith("/story/" + storyId));
    assertStoryView(d, fr, ar);
    assertThat(js(d, "return window.__sameDocument === true")).isEqualTo(true);
    assertThat(d.findElement(By.id("list-view")).isDisplayed()).isFalse();
    TickerBrowserIT.saveDocScreenshot(d, "story.png");

    // back: the ticker again, focus on the chip the reader left from
    d.navigate().back();
    waiting(d).until(x -> x.findElement(By.id("list-view")).isDisplayed());
    assertThat(d.getCurrentUrl()).isEqualTo(newsroom.base() + "/");
    assertThat(d.findElement(By.id("story")).isDisplayed()).isFalse();
    assertThat(js(d, "return document.activeElement.dataset.story")).isEqualTo(storyId);

    // a shared link to the story loads it directly
    d.get(newsroom.base() + "/story/" + storyId);
    assertStoryView(d, fr, ar);

    // the newsroom sees who broke it
    d.get(newsroom.base() + "/dashboard");
    String row = "#scoops-table tbody tr[data-outlet='%s'] ";
    waiting(d)
        .until(
            x ->
                !x.findElements(By.cssSelector(String.format(row, "hespress-fr"))).isEmpty()
                    && !x.findElements(By.cssSelector(String.format(row, "hespress-ar")))
                        .isEmpty());
    WebElement table = d.findElement(By.id("scoops-table"));
    assertThat(text(table.findElement(By.tagName("caption")))).isNotEmpty();
    assertThat(table.findElements(By.cssSelector("thead th[scope='col']"))).hasSize(5);
    assertThat(text(d.findElement(By.cssSelector(String.format(row, "hespress-fr") + "th"))))
        .isEqualTo("Hespress FR");
    assertThat(
            d.findElement(By.cssSelector(String.format(row, "hespress-fr") + "th"))
                .getAttribute("scope"))
        .isEqualTo("row");
    for (String w : List.of("24h", "7d")) {
      assertThat(
              text(
                  d.findElement(By.cssSelector(String.format(row, "hespress-fr") + ".first-" + w))))
          .isEqualTo("1");
      assertThat(
              text(d.findElement(By.cssSelector(String.format(row, "hespress-fr") + ".lag-" + w))))
          .isEqualTo("—");
      assertThat(
              text(
                  d.findElement(By.cssSelector(String.format(row, "hespress-ar") + ".first-" + w))))
          .isEqualTo("0");
      assertThat(
              text(d.findElement(By.cssSelector(String.format(row, "hespress-ar") + ".lag-" + w))))
          .matches("\\+\\d+ (s|min)");
    }

    // the Arabic interface: the story view reads right to left in its own words, and so does the
    // chip
    d.get(newsroom.base() + "/story/" + storyId + "?ui=ar");
    waiting(d)
        .until(
            x ->
                !x.findElements(By.cssSelector("#story .first-badge")).isEmpty()
                    && "أولاً".equals(text(x.findElement(By.cssSelector("#story .first-badge")))));
    assertThat(d.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
    assertThat(text(d.findElement(By.id("story-outlets-h")))).isEqualTo("من نشرها، ومتى");
    assertThat(text(d.findElement(By.cssSelector("#story .story-outlet-list .lag"))))
        .matches("\\+\\d+ (ث|د)");
    d.findElement(By.id("story-back")).click();
    waiting(d).until(x -> x.findElement(By.id("list-view")).isDisplayed());
    waiting(d)
        .until(
            x ->
                headline(x, fr.title()).findElements(By.cssSelector(".sources-chip")).stream()
                    .anyMatch(c -> "+1 مصدر".equals(text(c))));
    assertThat(chromium.consoleErrors()).as("errors in the browser console").isEmpty();
  }

  private JsonArray stories() {
    try {
      return Http.get(newsroom.vertx, newsroom.server.port(), "/api/stories")
          .json()
          .getJsonArray("stories");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void assertStoryView(WebDriver d, Newsroom.Headline fr, Newsroom.Headline ar) {
    waiting(d)
        .until(
            x ->
                !x.findElements(By.cssSelector("#story h1")).isEmpty()
                    && fr.title().equals(text(x.findElement(By.cssSelector("#story h1")))));
    assertThat(d.getTitle()).startsWith(fr.title());
    // who broke it, and the other's lag
    List<WebElement> outlets = d.findElements(By.cssSelector("#story .story-outlet-list li"));
    assertThat(outlets).hasSize(2);
    assertThat(outlets.get(0).getAttribute("data-outlet")).isEqualTo("hespress-fr");
    assertThat(text(outlets.get(0))).isEqualTo("Hespress FR en premier");
    assertThat(outlets.get(1).getAttribute("data-outlet")).isEqualTo("hespress-ar");
    assertThat(text(outlets.get(1).findElement(By.cssSelector(".lag")))).matches("\\+\\d+ (s|min)");
    // the timeline, in order, the first outlet first
    WebElement table = d.findElement(By.id("story-timeline-table"));
    assertThat(table.findElements(By.cssSelector("thead th[scope='col']"))).hasSize(4);
    List<WebElement> rows = table.findElements(By.cssSelector("tbody tr"));
    assertThat(rows).hasSize(2);
    assertThat(text(rows.get(0).findElement(By.cssSelector("th[scope='row']"))))
        .isEqualTo("Hespress FR");
    assertThat(text(rows.get(1).findElement(By.cssSelector("th[scope='row']"))))
        .isEqualTo("هسبريس");
    // one column per language present, Arabic right to left, each headline linking to its article
    // page and the original
    List<WebElement> columns = d.findElements(By.cssSelector("#story .lang-column"));
    assertThat(columns).extracting(c -> c.getAttribute("data-lang")).containsExactly("fr", "ar");
    WebElement arList = d.findElement(By.cssSelector("#story .lang-column[data-lang='ar'] ul"));
    assertThat(arList.getAttribute("lang")).isEqualTo("ar");
    assertThat(arList.getCssValue("direction")).isEqualTo("rtl");
    WebElement arTitle = arList.findElement(By.cssSelector(".story-item-title"));
    assertThat(text(arTitle)).isEqualTo(ar.title());
    assertThat(arTitle.getAttribute("href")).matches(".*/items/\\d+$");
    assertThat(arList.findElement(By.cssSelector(".story-original")).getAttribute("href"))
        .isEqualTo("https://example.ma/articles/" + ar.guid());
    assertThat(
            text(
                d.findElement(
                    By.cssSelector("#story .lang-column[data-lang='fr'] .story-item-title"))))
        .isEqualTo(fr.title());
  }
}
