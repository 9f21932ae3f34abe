package ma.manchette.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outlets added at run time cannot reach internal addresses: refused at once when the URL names
 * one, and at fetch time when a name resolves to one or a redirect leads to one (DNS rebinding
 * through an allowed host). 127.0.0.2 plays an allowed outside host; 127.0.0.1 plays the internal
 * network.
 */
class SsrfGuardIT {
  static final String TOKEN = "admin-token-for-ssrf-tests-012345";
  static final Map<String, String> AUTH =
      Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
  static Vertx vertx;
  static FakeOutlet internal;
  static HttpServer outside;
  static TestServer server;
  static final AtomicInteger secretHits = new AtomicInteger();
  static final AtomicInteger pageHits = new AtomicInteger();
  static final List<FeedEntry> news = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    internal = Await.result(new FakeOutlet(vertx).start());
    internal.set("/file", List.of(FeedEntry.of("f-1", "Depuis le fichier")));
    internal.serveRaw(
        "/secret",
        req -> {
          secretHits.incrementAndGet();
          req.response()
              .putHeader("Content-Type", "application/rss+xml")
              .end(FakeOutlet.rss(List.of(FeedEntry.of("s-1", "Secret interne"))));
        });
    internal.serveRaw(
        "/article-page",
        req -> {
          pageHits.incrementAndGet();
          req.response()
              .putHeader("Content-Type", "text/html; charset=utf-8")
              .end(
                  "<html><head><meta property=\"og:image\" "
                      + "content=\"https://example.ma/interne.jpg\"></head><body><article><p>"
                      + "Texte interne. ".repeat(40)
                      + "</p></article></body></html>");
        });
    int internalPort = Integer.parseInt(internal.url("/").replaceAll(".*:(\\d+)/", "$1"));
    outside =
        Await.result(
            vertx
                .createHttpServer()
                .requestHandler(
                    req -> {
                      switch (req.path()) {
                        case "/feed" ->
                            req.response()
                                .putHeader("Content-Type", "application/rss+xml")
                                .end(
                                    FakeOutlet.rss(
                                        List.of(FeedEntry.of("o-1", "Dehors tout va bien"))));
                        case "/to-loopback" ->
                            req.response()
                                .setStatusCode(302)
                                .putHeader(
                                    "Location", "http://127.0.0.1:" + internalPort + "/secret")
                                .end();
                        case "/to-localhost" ->
                            req.response()
                                .setStatusCode(301)
                                .putHeader(
                                    "Location", "http://localhost:" + internalPort + "/secret")
                                .end();
                        case "/hop" ->
                            req.response()
                                .setStatusCode(302)
                                .putHeader("Location", "/to-loopback")
                                .end();
                        case "/news" ->
                            req.response()
                                .putHeader("Content-Type", "application/rss+xml")
                                .end(FakeOutlet.rss(news));
                        case "/article" ->
                            req.response()
                                .setStatusCode(302)
                                .putHeader(
                                    "Location",
                                    "http://127.0.0.1:" + internalPort + "/article-page")
                                .end();
                        default -> req.response().setStatusCode(404).end();
                      }
                    })
                .listen(0, "127.0.0.2"));
    Path allow = Files.createTempFile("fetch-allow", ".yaml");
    Files.writeString(allow, "allow: [127.0.0.2/32]\n");
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("trusted", "Trusted", "fr", internal.url("/file"), "300ms")),
            Map.of("MANCHETTE_ADMIN_TOKEN", TOKEN, "MANCHETTE_FETCH_ALLOW", allow.toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    Await.result(outside.close());
    Await.result(internal.stop());
    Await.result(vertx.close());
  }

  private static String outsideUrl(String path) {
    return "http://127.0.0.2:" + outside.actualPort() + path;
  }

  private static Http.Response add(String id, String feed) throws Exception {
    JsonObject body =
        new JsonObject()
            .put("id", id)
            .put("name", id)
            .put("interval", "300ms")
            .put("feeds", new JsonArray().add(feed));
    return Http.request(vertx, server.port(), HttpMethod.POST, "/api/outlets", body.encode(), AUTH);
  }

  private static JsonObject health(String id) throws Exception {
    for (Object o : Http.get(vertx, server.port(), "/api/outlets").json().getJsonArray("outlets")) {
      if (((JsonObject) o).getString("id").equals(id))
        return ((JsonObject) o).getJsonObject("health");
    }
    throw new AssertionError("no outlet " + id);
  }

  private static void awaitBlocked(String id) throws Exception {
    Await.until(
        () -> {
          try {
            return "ssrf-blocked".equals(health(id).getString("lastStatus"));
          } catch (Exception e) {
            return false;
          }
        },
        20_000,
        id + " blocked by the SSRF guard");
  }

  @Test
  void internalAddressesInTheUrlAreRefusedAtOnce() throws Exception {
    int i = 0;
    for (String url :
        List.of(
            "http://127.0.0.1:" + internal.url("/").replaceAll(".*:(\\d+)/", "$1") + "/secret",
            "http://[::1]/feed",
            "http://10.0.0.5/feed",
            "http://192.168.1.1/rss",
            "http://172.16.3.4/rss",
            "http://169.254.169.254/latest/meta-data/",
            "http://localhost/feed",
            "http://0.0.0.0/feed",
            "http://[::ffff:127.0.0.1]/feed",
            "http://[fd00::1]/feed",
            "http://100.64.0.1/feed")) {
      Http.Response r = add("internal-" + i++, url);
      assertThat(r.status()).as(url).isEqualTo(400);
      assertThat(r.json().getString("field")).as(url).isEqualTo("feeds");
      assertThat(r.json().getString("error")).as(url).containsAnyOf("refused", "loopback");
    }
    JsonObject scrape =
        new JsonObject()
            .put("id", "scraper")
            .put(
                "scrape",
                new JsonObject()
                    .put("url", "http://10.1.1.1/")
                    .put("item", "article")
                    .put("title", "h2")
                    .put("link", "a@href"));
    Http.Response r =
        Http.request(vertx, server.port(), HttpMethod.POST, "/api/outlets", scrape.encode(), AUTH);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("field")).isEqualTo("scrape.url");
    assertThat(secretHits.get()).isZero();
  }

  @Test
  void anAllowedHostIsPolledAndTheFileOutletOnLoopbackStaysTrusted() throws Exception {
    assertThat(add("outside", outsideUrl("/feed")).status()).isEqualTo(201);
    Await.until(
        () ->
            Http.getQuietly(vertx, server.port(), "/api/items?outlet=outside")
                .contains("Dehors tout va bien"),
        20_000,
        "outside polled");
    Await.until(
        () ->
            Http.getQuietly(vertx, server.port(), "/api/items?outlet=trusted")
                .contains("Depuis le fichier"),
        20_000,
        "file outlet polled");
  }

  @Test
  void redirectsToInternalAddressesAreRefusedOnEveryHop() throws Exception {
    assertThat(add("rebind-ip", outsideUrl("/to-loopback")).status()).isEqualTo(201);
    assertThat(add("rebind-name", outsideUrl("/to-localhost")).status()).isEqualTo(201);
    assertThat(add("rebind-hop", outsideUrl("/hop")).status()).isEqualTo(201);
    awaitBlocked("rebind-ip");
    awaitBlocked("rebind-name");
    awaitBlocked("rebind-hop");
    assertThat(health("rebind-name").getString("lastError"))
        .contains("localhost")
        .contains("loopback");
    assertThat(secretHits.get()).isZero();
    assertThat(Http.get(vertx, server.port(), "/api/items?q=secret").json().getJsonArray("items"))
        .isEmpty();
  }

  /**
   * A run-time outlet's article pages (og:image of a live headline, full text on first view) pass
   * the guard too.
   */
  @Test
  void articlePagesOfAGuardedOutletCannotReachInternalAddresses() throws Exception {
    news.add(
        new FeedEntry(
            "n-1",
            "Premier titre dehors",
            outsideUrl("/article?n=1"),
            "Résumé un",
            java.time.Instant.now()));
    assertThat(add("pages", outsideUrl("/news")).status()).isEqualTo(201);
    Await.until(
        () ->
            Http.getQuietly(vertx, server.port(), "/api/items?outlet=pages")
                .contains("Premier titre"),
        20_000,
        "first poll stored");
    news.add(
        0,
        new FeedEntry(
            "n-2",
            "Second titre dehors",
            outsideUrl("/article?n=2"),
            "Résumé deux",
            java.time.Instant.now()));
    Await.until(
        () ->
            Http.getQuietly(vertx, server.port(), "/api/items?outlet=pages")
                .contains("Second titre"),
        20_000,
        "live headline");
    String id = null;
    for (Object o :
        Http.get(vertx, server.port(), "/api/items?outlet=pages").json().getJsonArray("items")) {
      if (((JsonObject) o).getString("title").startsWith("Premier"))
        id = ((JsonObject) o).getString("id");
    }
    JsonObject first =
        Http.get(vertx, server.port(), "/api/items/" + id)
            .json(); // first view: asks for the full text
    assertThat(first.containsKey("body")).isFalse();
    Thread.sleep(1_500); // the live headline's og:image lookup has had its chance
    assertThat(pageHits.get()).as("requests that reached the internal article page").isZero();
    assertThat(Http.get(vertx, server.port(), "/api/items?outlet=pages").body())
        .doesNotContain("interne.jpg");
  }

  @Test
  void aNameThatResolvesToAnInternalAddressIsRefusedAfterResolution() throws Exception {
    String host = InetAddress.getLocalHost().getHostName();
    InetAddress[] resolved = InetAddress.getAllByName(host);
    Assumptions.assumeTrue(
        !host.equalsIgnoreCase("localhost")
            && AddressGuard.isInternal(resolved[0])
            && !resolved[0].getHostAddress().equals("127.0.0.2"),
        "this machine's name must resolve to an internal address");
    String url =
        "http://" + host + ":" + internal.url("/").replaceAll(".*:(\\d+)/", "$1") + "/secret";
    assertThat(add("by-name", url).status())
        .isEqualTo(201); // a name: nothing to refuse before resolving it
    awaitBlocked("by-name");
    assertThat(health("by-name").getString("lastError")).contains(host).contains("resolves to");
    assertThat(secretHits.get()).isZero();
  }
}
