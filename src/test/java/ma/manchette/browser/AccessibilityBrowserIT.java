package ma.manchette.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import ma.manchette.support.Await;
import ma.manchette.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages as assistive technology and keyboard users meet them: axe-core (from src/test/node)
 * runs in Chromium on the ticker, the article view, the story view and the dashboard, at desktop
 * and phone widths, and finds no serious or critical violation; Tab reaches every control of the
 * ticker, each with a visible focus style.
 */
class AccessibilityBrowserIT {
  private static final Path AXE = Path.of("src/test/node/node_modules/axe-core/axe.min.js");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension final ScreenshotOnFailure screenshots = new ScreenshotOnFailure();

  private Newsroom newsroom;
  private final List<Chromium> browsers = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    Chromium.requireOrSkip();
    if (!Files.isRegularFile(AXE)) {
      if ("true".equals(System.getenv("CI")))
        throw new AssertionError("axe-core missing: .ci/run runs npm ci in src/test/node");
      org.junit.jupiter.api.Assumptions.abort(
          "axe-core is not installed (npm ci --prefix src/test/node)");
    }
    newsroom = Newsroom.withStories(Map.of()); // a story of two outlets and languages to look at
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      for (Chromium c : browsers) c.close();
    } finally {
      if (newsroom != null) newsroom.close();
    }
  }

  private Chromium browser(int width, int height) throws Exception {
    Chromium c = Chromium.start(width, height);
    browsers.add(c);
    screenshots.watch(c.driver);
    return c;
  }

  private static WebDriverWait waiting(WebDriver d) {
    return new WebDriverWait(d, WAIT, Duration.ofMillis(100));
  }

  private static Object js(WebDriver d, String script, Object... args) {
    return ((JavascriptExecutor) d).executeScript(script, args);
  }

  @Test
  void noPageHasASeriousOrCriticalViolationAtDesktopOrPhoneWidth() throws Exception {
    String id =
        Http.get(newsroom.vertx, newsroom.server.port(), "/api/items?limit=1")
            .json()
            .getJsonArray("items")
            .getJsonObject(0)
            .getString("id");
    newsroom.publish("hfr-story-1");
    newsroom.publish("har-story-1");
    Await.until(() -> !stories().isEmpty(), 20_000, "a story of two outlets");
    String storyId = stories().getJsonObject(0).getString("id");
    Map<String, Function<WebDriver, Boolean>> pages =
        new java.util.LinkedHashMap<>(
            Map.of(
                "/",
                d ->
                    "live".equals(js(d, "return document.getElementById('status').dataset.state"))
                        && !d.findElements(By.cssSelector("#headlines article.headline")).isEmpty(),
                "/items/" + id,
                d -> !d.findElements(By.cssSelector("#article h1")).isEmpty(),
                "/story/" + storyId,
                d -> !d.findElements(By.cssSelector("#story .lang-column")).isEmpty(),
                "/dashboard",
                d ->
                    "live".equals(js(d, "return document.getElementById('status').dataset.state"))
                        && !d.findElements(By.cssSelector("#scoops-table tbody tr")).isEmpty()));
    List<String> found = new ArrayList<>();
    for (int[] size : new int[][] {{1280, 1000}, {390, 844}}) {
      Chromium c = browser(size[0], size[1]);
      for (var page : pages.entrySet()) {
        c.driver.get(newsroom.base() + page.getKey());
        waiting(c.driver).until(page.getValue()::apply);
        for (String v : seriousViolations(c.driver))
          found.add(size[0] + "px " + page.getKey() + ": " + v);
      }
    }
    assertThat(found).as("axe-core serious and critical violations").isEmpty();
  }

  @Test
  void tabReachesEveryControlOfTheTickerWithAVisibleFocus() throws Exception {
    WebDriver d = browser(1280, 1000).driver;
    d.get(newsroom.base() + "/");
    waiting(d)
        .until(
            x -> !x.findElements(By.cssSelector("#headlines article.headline a.title")).isEmpty());
    @SuppressWarnings("unchecked")
    List<String> controls =
        (List<String>)
            js(
                d,
                "const tag = (e, i) => e.dataset.a11yKey || (e.dataset.a11yKey = 'c' + i);"
                    + "return [...document.querySelectorAll("
                    + "'a[href], button, input, select, textarea, summary, [tabindex]')]"
                    + ".filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0"
                    + " && getComputedStyle(e).visibility !== 'hidden')"
                    + ".map(tag);");
    List<String> reached = new ArrayList<>();
    List<String> unseen = new ArrayList<>();
    for (int i = 0; i < 2 * controls.size() + 5; i++) {
      d.switchTo().activeElement().sendKeys(Keys.TAB);
      String key =
          (String)
              js(
                  d,
                  "const e = document.activeElement;"
                      + "return e && e.dataset ? (e.dataset.a11yKey || null) : null;");
      if (key == null || reached.contains(key)) continue;
      reached.add(key);
      // a focus style: an outline, or a box-shadow the page uses as a ring
      Boolean visible =
          (Boolean)
              js(
                  d,
                  "const s = getComputedStyle(document.activeElement);"
                      + "return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)"
                      + " || s.boxShadow !== 'none';");
      if (!Boolean.TRUE.equals(visible))
        unseen.add((String) js(d, "return document.activeElement.outerHTML.slice(0, 120)"));
    }
    List<String> missed = new ArrayList<>();
    for (String key : controls)
      if (!reached.contains(key))
        missed.add(
            (String)
                js(
                    d,
                    "return document.querySelector('[data-a11y-key=\"' + arguments[0] + '\"]')"
                        + ".outerHTML.slice(0, 160)",
                    key));
    assertThat(missed).as("controls Tab never reaches").isEmpty();
    assertThat(unseen).as("focused without a visible focus style").isEmpty();
  }

  @Test
  void theLanguageButtonsAreNamedByWhatTheyShow() throws Exception {
    WebDriver d = browser(1280, 1000).driver;
    List<String> mismatched = new ArrayList<>();
    for (String page : List.of("/", "/dashboard")) {
      d.get(newsroom.base() + page);
      waiting(d).until(x -> !x.findElements(By.cssSelector("#ui-switch button")).isEmpty());
      // a voice-control user says what they see ("FR"): the accessible name must begin with it
      for (var b : d.findElements(By.cssSelector("#ui-switch button[data-ui]"))) {
        // what is painted: the text without the part hidden for screen readers
        String shown =
            ((String)
                    js(
                        d,
                        "const c = arguments[0].cloneNode(true);"
                            + "c.querySelectorAll('.visually-hidden').forEach(e => e.remove());"
                            + "return c.textContent;",
                        b))
                .strip();
        String name = b.getAccessibleName();
        if (shown.isEmpty() || !name.startsWith(shown))
          mismatched.add(page + " shows '" + shown + "', named '" + name + "'");
      }
    }
    assertThat(mismatched).isEmpty();
  }

  private io.vertx.core.json.JsonArray stories() {
    try {
      return Http.get(newsroom.vertx, newsroom.server.port(), "/api/stories")
          .json()
          .getJsonArray("stories");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** axe-core's serious and critical violations on the page as shown, one line each. */
  @SuppressWarnings("unchecked")
  private static List<String> seriousViolations(WebDriver d) throws Exception {
    js(d, Files.readString(AXE, StandardCharsets.UTF_8));
    List<Map<String, Object>> violations =
        (List<Map<String, Object>>)
            ((JavascriptExecutor) d)
                .executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations'],"
                        + " rules: {'label-content-name-mismatch': {enabled: true}}})"
                        + ".then(r => done(r.violations.filter(v => v.impact === 'serious'"
                        + " || v.impact === 'critical').map(v => ({id: v.id, impact: v.impact,"
                        + " help: v.help, targets: v.nodes.map(n => n.target.join(' '))}))))"
                        + ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e),"
                        + " targets: []}]));");
    List<String> out = new ArrayList<>();
    for (Map<String, Object> v : violations)
      out.add(v.get("impact") + " " + v.get("id") + " (" + v.get("help") + ") " + v.get("targets"));
    return out;
  }
}
