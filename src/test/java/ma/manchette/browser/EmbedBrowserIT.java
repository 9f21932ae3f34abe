package ma.manchette.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The embeddable widget: one script tag renders a live ticker inside a Shadow DOM. */
class EmbedBrowserIT {
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

  /** Titles shown by the n-th widget of the page, read through its (open) shadow root. */
  @SuppressWarnings("unchecked")
  private static List<String> widgetTitles(WebDriver d, int n) {
    return (List<String>)
        ((JavascriptExecutor) d)
            .executeScript(
                "const host = document.querySelectorAll('.manchette-embed')[arguments[0]];"
                    + "if (!host || !host.shadowRoot) return [];"
                    + "return [...host.shadowRoot.querySelectorAll('ol li a')].map(a => a.textContent)",
                n);
  }

  private static List<String> arabicHistory(Newsroom n) {
    return n.history.stream()
        .filter(h -> h.feed().equals("/hespress-ar") || h.feed().equals("/alyaoum24"))
        .map(Newsroom.Headline::title)
        .toList();
  }

  @Test
  void theDemoPageWidgetsShowTheirLanguageAndGoLive() throws Exception {
    chromium = Chromium.start(1280, 1000);
    WebDriver d = screenshots.watch(chromium.driver);
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(20), Duration.ofMillis(100));
    d.get(newsroom.base() + "/embed-demo.html");
    // second widget: data-lang="ar"
    wait.until(x -> widgetTitles(x, 1).size() == arabicHistory(newsroom).size());
    assertThat(widgetTitles(d, 1)).containsExactlyInAnyOrderElementsOf(arabicHistory(newsroom));
    // first widget: data-lang="fr", data-limit="8": the six French headlines of the history
    assertThat(widgetTitles(d, 0))
        .hasSize(newsroom.history.size() - arabicHistory(newsroom).size())
        .doesNotContainAnyElementsOf(arabicHistory(newsroom));
    // the widget's markup is in its shadow root, not in the host page
    assertThat(
            ((JavascriptExecutor) d)
                .executeScript("return document.querySelectorAll('ol li a').length"))
        .isEqualTo(0L);

    Newsroom.Headline ar = newsroom.publish("har-live-1");
    wait.until(x -> !widgetTitles(x, 1).isEmpty() && widgetTitles(x, 1).get(0).equals(ar.title()));
    assertThat(widgetTitles(d, 0)).doesNotContain(ar.title());
    assertThat(chromium.consoleErrors()).isEmpty();
  }

  @Test
  void oneScriptTagOnAThirdPartySiteRendersTheLiveTicker() throws Exception {
    int port = newsroom.server.port();
    Http.Response probe =
        Http.request(
            newsroom.vertx,
            port,
            HttpMethod.GET,
            "/api/outlets",
            null,
            Map.of("Origin", "http://127.0.0.1:1"));
    // the embed on another site reads public GET routes cross-origin: without CORS headers it could
    // not
    assertThat(probe.headers()).containsKey("Access-Control-Allow-Origin");

    // a publisher's page on another origin (the fake outlet's server) with the documented one-line
    // tag
    String page =
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>Le blog</title></head><body>"
            + "<h1>Mon blog</h1><script src=\""
            + newsroom.base()
            + "/embed.js\" data-lang=\"fr\" data-limit=\"5\"></script></body></html>";
    newsroom.fake.serveRaw(
        "/blog.html",
        req -> req.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page));
    chromium = Chromium.start(1000, 900);
    WebDriver d = screenshots.watch(chromium.driver);
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(20), Duration.ofMillis(100));
    d.get(newsroom.fake.url("/blog.html"));
    wait.until(x -> widgetTitles(x, 0).size() == 5);
    Newsroom.Headline fr = newsroom.publish("m24-live-1");
    wait.until(x -> widgetTitles(x, 0).get(0).equals(fr.title()));
    assertThat(widgetTitles(d, 0)).hasSize(5);
    assertThat(chromium.consoleErrors()).isEmpty();
  }
}
