package ma.manchette.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
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
 * The pages when the sources fail, each outlet in its own real way: a name that does not resolve, a
 * refused port, a server that never answers, plain HTTP spoken to a TLS client, a Cloudflare wall,
 * a body that is no feed.
 */
class SourcesDownBrowserIT {
  private static final Duration WAIT = Duration.ofSeconds(25);

  @RegisterExtension final ScreenshotOnFailure screenshots = new ScreenshotOnFailure();

  private final Vertx vertx = Vertx.vertx();
  private final FakeOutlet fake = new FakeOutlet(vertx);
  private final List<Chromium> browsers = new ArrayList<>();
  private TestServer server;

  /** outlet id -> the error kind the dashboard must name */
  private static final Map<String, String> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put("nulle-part", "dns");
    KINDS.put("porte-close", "refused");
    KINDS.put("muet", "timeout");
    KINDS.put("faux-https", "tls");
    KINDS.put("derriere-cf", "cloudflare");
    KINDS.put("pas-un-flux", "parse");
  }

  @BeforeEach
  void setUp() throws Exception {
    Chromium.requireOrSkip();
    Await.result(fake.start());
    fake.serveRaw(
        "/cf",
        req ->
            req.response()
                .setStatusCode(403)
                .putHeader("cf-ray", "8e1f2a3b4c5d6e7f-CDG")
                .putHeader("Server", "cloudflare")
                .putHeader("Content-Type", "text/html")
                .end("<html><title>Just a moment...</title></html>"));
    fake.serveRaw(
        "/silent",
        req -> {
          // never answers: the fetch deadline decides
        });
    // a maintenance page where the feed used to be
    fake.serveRaw(
        "/not-a-feed",
        req ->
            req.response()
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .end(
                    "<!doctype html><html><head><title>Maintenance</title></head><body><p>Site en maintenance</p></body></html>"));
    fake.set("/good", List.of(FeedEntry.of("ok-1", "Le port de Tanger Med bat son record")));
  }

  private void startServer(boolean withAnsweringOutlet) throws Exception {
    List<String> yaml = new ArrayList<>();
    yaml.add(
        TestServer.outlet(
            "nulle-part", "Nulle Part", "fr", "http://flux.manchette-test.invalid/feed", "300ms"));
    yaml.add(
        TestServer.outlet(
            "porte-close",
            "Porte Close",
            "fr",
            "http://127.0.0.1:" + closedPort() + "/feed",
            "300ms"));
    yaml.add(TestServer.outlet("muet", "Le Muet", "fr", fake.url("/silent"), "300ms"));
    yaml.add(
        TestServer.outlet(
            "faux-https",
            "Faux HTTPS",
            "ar",
            fake.url("/tls").replace("http://", "https://"),
            "300ms"));
    yaml.add(TestServer.outlet("derriere-cf", "Derrière CF", "fr", fake.url("/cf"), "300ms"));
    yaml.add(
        TestServer.outlet("pas-un-flux", "Pas un flux", "ar", fake.url("/not-a-feed"), "300ms"));
    if (withAnsweringOutlet)
      yaml.add(TestServer.outlet("repond", "Répond", "fr", fake.url("/good"), "300ms"));
    // a short deadline so the silent outlet fails within the test, as it would after 30 s in
    // production
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(), yaml, Map.of("MANCHETTE_FETCH_DEADLINE_SECONDS", "1"));
    Await.until(
        () ->
            KINDS.keySet().stream()
                    .allMatch(
                        id -> server.server.registry().get(id).health.consecutiveFailures() > 0)
                && (!withAnsweringOutlet
                    || server.server.registry().get("repond").health.polls() > 0),
        30_000,
        "every outlet polled");
  }

  /** A loopback port nobody listens on. */
  private static int closedPort() throws Exception {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      for (Chromium c : browsers) c.close();
    } finally {
      try {
        if (server != null) server.close();
      } finally {
        Await.result(fake.stop());
        Await.result(vertx.close());
      }
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

  private static Object js(WebDriver d, String script) {
    return ((JavascriptExecutor) d).executeScript(script);
  }

  private static String text(WebDriver d, String css) {
    return d.findElement(By.cssSelector(css)).getDomProperty("textContent").trim();
  }

  @Test
  void theTickerSaysTheSourcesCannotBeReachedInTheReadersLanguageWithTheDemoOnLocalhost()
      throws Exception {
    startServer(false);
    WebDriver d = browser(1280, 900).driver;

    d.get("http://localhost:" + server.port() + "/");
    waiting(d)
        .until(
            x ->
                !x.findElements(By.cssSelector("#ticker-viewport .ticker-empty.is-unreachable"))
                    .isEmpty());
    String fr = text(d, "#ticker-viewport .ticker-empty");
    assertThat(fr)
        .contains("Les sources sont injoignables pour le moment")
        .doesNotContain("En attente");
    assertThat(text(d, "#ticker-viewport .demo-hint code"))
        .isEqualTo("java -jar target/manchette.jar --demo");
    assertThat(
            d.findElement(By.cssSelector("#ticker-viewport a.sources-link")).getAttribute("href"))
        .endsWith("/dashboard");
    // the list below says the same once the first burst is over, instead of "no headlines yet"
    waiting(d).until(x -> x.findElement(By.id("empty")).isDisplayed());
    assertThat(text(d, "#empty")).contains("injoignables");
    TickerBrowserIT.saveDocScreenshot(d, "ticker-unreachable.png");

    // the reader switches to Arabic: the band follows at once
    d.findElement(By.cssSelector("#ui-switch button[data-ui='ar']")).click();
    waiting(d)
        .until(x -> text(x, "#ticker-viewport .ticker-empty").contains("تعذّر الوصول إلى المصادر"));
    assertThat(d.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
    assertThat(text(d, "#ticker-viewport .demo-hint"))
        .contains("للتجربة دون شبكة")
        .contains("--demo");

    // opened in Arabic from the start, on 127.0.0.1: still local, still the hint
    d.get("http://127.0.0.1:" + server.port() + "/?ui=ar");
    waiting(d)
        .until(
            x ->
                !x.findElements(By.cssSelector("#ticker-viewport .ticker-empty.is-unreachable"))
                    .isEmpty());
    assertThat(text(d, "#ticker-viewport .ticker-empty")).contains("تعذّر الوصول إلى المصادر");
    assertThat(d.findElements(By.cssSelector("#ticker-viewport .demo-hint"))).hasSize(1);

    // anywhere else the demo command means nothing to a reader: the message stays, the hint goes
    assertThat(
            js(
                d,
                "return import('/js/sources.js').then(m => [m.runsLocally('manchette.ma'), m.runsLocally('localhost'),"
                    + " m.runsLocally('[::1]'), m.runsLocally('127.0.0.1')].join())"))
        .isEqualTo("false,true,true,true");
    assertThat(browsers.get(0).consoleErrors()).isEmpty();
  }

  @Test
  void theDashboardNamesEachFailureInWordsWithTheRawTextBehindADisclosureAndFitsA1280Screen()
      throws Exception {
    startServer(false);
    Chromium c = browser(1280, 1000);
    WebDriver d = c.driver;
    d.get("http://127.0.0.1:" + server.port() + "/dashboard");
    waiting(d)
        .until(
            x ->
                x.findElements(By.cssSelector("#outlets-table td.err[data-kind]")).size()
                    == KINDS.size());

    Map<String, String> human =
        Map.of(
            "dns", "Adresse du site introuvable (DNS)",
            "refused", "Connexion refusée par le serveur du site",
            "timeout", "Pas de réponse à temps (délai dépassé)",
            "tls", "Connexion sécurisée impossible (TLS, certificat)",
            "cloudflare", "Bloqué par le pare-feu Cloudflare (403)",
            "parse", "Réponse illisible : ce n'est pas un flux valide");
    for (Map.Entry<String, String> e : KINDS.entrySet()) {
      String row = "#outlets-table tr[data-outlet='" + e.getKey() + "'] ";
      WebElement err = d.findElement(By.cssSelector(row + "td.err"));
      assertThat(err.getAttribute("data-kind")).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(text(d, row + "td.err .err-human"))
          .as(e.getKey())
          .isEqualTo(human.get(e.getValue()));
      // the exception text is there for whoever debugs, folded away
      WebElement details = d.findElement(By.cssSelector(row + "td.err details.err-raw"));
      assertThat(details.getAttribute("open")).isNull();
      assertThat(text(d, row + "td.err details.err-raw > code"))
          .isEqualTo(server.server.registry().get(e.getKey()).health.lastError().trim());
      assertThat(d.findElement(By.cssSelector(row + "td.err details.err-raw > code")).isDisplayed())
          .isFalse();
    }
    // the kinds no outlet here produces, read the same way (the module the page itself uses)
    assertThat(
            js(
                d,
                "return import('/js/sources.js').then(m => ["
                    + "{lastStatus: 'too-large', lastError: 'body larger than 8192 KiB'}, {lastStatus: 'redirect-loop', lastError: 'more than 5 redirects'},"
                    + "{lastStatus: '403', lastError: 'HTTP 403'}, {lastStatus: '404', lastError: 'HTTP 404'}, {lastStatus: '503', lastError: 'HTTP 503'},"
                    + "{lastStatus: '500', lastError: 'HTTP 500'}, {lastStatus: 'connection', lastError: 'ConnectTimeoutException: connection timed out: /10.0.0.1:443'},"
                    + "{lastStatus: 'dns', lastError: 'cannot resolve x.ma'}, {lastStatus: 'ssrf-blocked', lastError: 'x resolves to a loopback address'},"
                    + "{lastStatus: 'robots', lastError: 'disallowed by https://x.ma/robots.txt'},"
                    + "{lastStatus: 'connection', lastError: 'VertxException: Connection was closed'}, {lastStatus: 'error', lastError: 'boom'},"
                    + "{lastStatus: '200', lastError: null, consecutiveFailures: 0}].map(m.errorKind).join())"))
        .isEqualTo(
            "tooLarge,redirect,forbidden,notFound,rateLimited,http,timeout,dns,blocked,robots,network,other,");
    assertThat(d.findElement(By.id("outlets-down")).isDisplayed()).isTrue();
    assertThat(text(d, "#outlets-down")).contains("Aucune source ne répond");
    assertThat(text(d, "#failing-count")).isEqualTo("6 sur 6 en échec");

    // opening one raw text survives the next refresh of the table
    WebElement summary =
        d.findElement(
            By.cssSelector("#outlets-table tr[data-outlet='porte-close'] details.err-raw summary"));
    summary.click();
    assertThat(
            d.findElement(
                    By.cssSelector(
                        "#outlets-table tr[data-outlet='porte-close'] details.err-raw > code"))
                .isDisplayed())
        .isTrue();
    assertNoSidewaysScroll(d);
    Thread.sleep(11_000); // one refresh (every 10 s)
    assertThat(
            d.findElement(
                    By.cssSelector("#outlets-table tr[data-outlet='porte-close'] details.err-raw"))
                .getAttribute("open"))
        .isNotNull();

    // the same in Arabic and English
    d.findElement(By.cssSelector("#ui-switch button[data-ui='ar']")).click();
    waiting(d)
        .until(
            x ->
                text(x, "#outlets-table tr[data-outlet='porte-close'] .err-human")
                    .equals("رفض خادم الموقع الاتصال"));
    assertThat(text(d, "#outlets-table tr[data-outlet='nulle-part'] .err-human"))
        .isEqualTo("عنوان الموقع غير موجود (DNS)");
    assertThat(text(d, "#outlets-table tr[data-outlet='porte-close'] summary"))
        .isEqualTo("التفاصيل التقنية");
    assertNoSidewaysScroll(d);
    d.findElement(By.cssSelector("#ui-switch button[data-ui='en']")).click();
    waiting(d)
        .until(
            x ->
                text(x, "#outlets-table tr[data-outlet='muet'] .err-human")
                    .equals("No answer in time (timed out)"));
    assertThat(text(d, "#outlets-table tr[data-outlet='derriere-cf'] .err-human"))
        .isEqualTo("Blocked by the Cloudflare firewall (403)");
    assertThat(text(d, "#outlets-table tr[data-outlet='pas-un-flux'] .err-human"))
        .isEqualTo("Unreadable answer: not a valid feed");

    // back in French, every raw text folded, for the documentation
    d.findElement(By.cssSelector("#ui-switch button[data-ui='fr']")).click();
    summary =
        d.findElement(
            By.cssSelector("#outlets-table tr[data-outlet='porte-close'] details.err-raw summary"));
    summary.click();
    waiting(d)
        .until(
            x ->
                x.findElement(
                            By.cssSelector(
                                "#outlets-table tr[data-outlet='porte-close'] details.err-raw"))
                        .getAttribute("open")
                    == null);
    assertNoSidewaysScroll(d);
    js(d, "document.getElementById('outlets-heading').scrollIntoView()");
    Thread.sleep(300);
    TickerBrowserIT.saveDocScreenshot(d, "dashboard-failing.png");
    assertThat(c.consoleErrors()).isEmpty();
  }

  @Test
  void failingOnlyHidesTheOutletsThatAnswer() throws Exception {
    startServer(true);
    Chromium c = browser(1280, 1000);
    WebDriver d = c.driver;
    d.get("http://127.0.0.1:" + server.port() + "/dashboard");
    waiting(d)
        .until(
            x ->
                x.findElements(By.cssSelector("#outlets-table tbody tr[data-outlet]")).size()
                    == KINDS.size() + 1);
    waiting(d)
        .until(
            x ->
                "ok"
                    .equals(
                        x.findElement(
                                By.cssSelector(
                                    "#outlets-table tr[data-outlet='repond'] .col-status"))
                            .getAttribute("data-status")));
    assertThat(d.findElement(By.id("outlets-down")).isDisplayed())
        .isFalse(); // one source answers: no alarm
    assertThat(text(d, "#failing-count")).isEqualTo("6 sur 7 en échec");

    d.findElement(By.id("failing-only")).click();
    waiting(d)
        .until(
            x ->
                x.findElements(By.cssSelector("#outlets-table tbody tr[data-outlet]")).size()
                    == KINDS.size());
    assertThat(d.findElements(By.cssSelector("#outlets-table tr[data-outlet='repond']"))).isEmpty();
    assertThat(d.getCurrentUrl()).contains("failing=1");
    // the choice survives the refresh and a reload (it is in the address)
    d.navigate().refresh();
    waiting(d)
        .until(
            x ->
                x.findElements(By.cssSelector("#outlets-table tbody tr[data-outlet]")).size()
                    == KINDS.size());
    assertThat(d.findElement(By.id("failing-only")).isSelected()).isTrue();

    d.findElement(By.id("failing-only")).click();
    waiting(d)
        .until(
            x ->
                x.findElements(By.cssSelector("#outlets-table tbody tr[data-outlet]")).size()
                    == KINDS.size() + 1);
    assertThat(d.getCurrentUrl()).doesNotContain("failing=");
    assertNoSidewaysScroll(d);
    assertThat(c.consoleErrors()).isEmpty();
  }

  /** Neither the page nor the sources table scrolls sideways. */
  private static void assertNoSidewaysScroll(WebDriver d) {
    assertThat(
            (Boolean)
                js(
                    d,
                    "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
        .as(
            "page scroll width %s, client width %s",
            js(d, "return document.documentElement.scrollWidth"),
            js(d, "return document.documentElement.clientWidth"))
        .isTrue();
    assertThat(
            (Boolean)
                js(
                    d,
                    "const w = document.querySelector('.table-wrap'); return w.scrollWidth <= w.clientWidth"))
        .as(
            "table scroll width %s, its box %s",
            js(d, "return document.querySelector('.table-wrap').scrollWidth"),
            js(d, "return document.querySelector('.table-wrap').clientWidth"))
        .isTrue();
  }
}
