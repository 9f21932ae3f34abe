package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
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
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * The aggregate feeds as a real feed reader sees them: @extractus/feed-extractor (Node) fetches
 * /feed.json and /feed.rss from the running server and must find every headline with its title,
 * link and date; behind a proxy the RSS names its own public address.
 */
class FeedReadersIT {
  private static final Path NODE_DIR = Path.of("src/test/node");
  static Vertx vertx;
  static FakeOutlet outlet;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set(
        "/fr",
        List.of(
            new FeedEntry(
                "fr-2",
                "Budget 2027 : les députés & le Sénat <accord>",
                "https://example.ma/a/fr-2",
                "<p>Le texte <b>adopté</b> hier</p>",
                Instant.parse("2026-11-27T10:00:00Z")),
            new FeedEntry(
                "fr-1",
                "Ouverture du salon de Tanger",
                "https://example.ma/a/fr-1",
                "Le salon ouvre",
                Instant.parse("2026-11-26T08:30:00Z"))));
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms")),
            Map.of("MANCHETTE_TRUSTED_PROXIES", "127.0.0.1/32"));
    Await.until(
        () -> TestDatabase.count(server.databaseUrl, "SELECT count(*) FROM items") == 2,
        20_000,
        "items stored");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  @Test
  void aFeedReaderReadsTheJsonFeedAsJsonFeed() throws Exception {
    JsonObject feed = read("/feed.json");
    assertThat(feed.getString("title")).startsWith("Manchette");
    assertEntries(feed.getJsonArray("entries"));
  }

  @Test
  void aFeedReaderReadsTheRssFeed() throws Exception {
    JsonObject feed = read("/feed.rss");
    assertThat(feed.getString("title")).startsWith("Manchette");
    assertEntries(feed.getJsonArray("entries"));
  }

  @Test
  void theRssNamesItselfWithTheForwardedSchemeAndHost() throws Exception {
    Http.Response rss =
        Http.request(
            vertx,
            server.port(),
            HttpMethod.GET,
            "/feed.rss?lang=fr",
            null,
            Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "news.example"));
    assertThat(rss.status()).isEqualTo(200);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    var doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(rss.body())));
    var links = doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "link");
    assertThat(links.getLength()).as(rss.body()).isEqualTo(1);
    Element self = (Element) links.item(0);
    assertThat(self.getParentNode().getNodeName()).isEqualTo("channel");
    assertThat(self.getAttribute("rel")).isEqualTo("self");
    assertThat(self.getAttribute("href")).isEqualTo("https://news.example/feed.rss?lang=fr");
    assertThat(self.getAttribute("type")).isEqualTo("application/rss+xml");
  }

  private static void assertEntries(JsonArray entries) {
    assertThat(entries).hasSize(2);
    List<String> titles = new ArrayList<>();
    for (Object o : entries) {
      JsonObject e = (JsonObject) o;
      titles.add(e.getString("title"));
      if (e.getString("title").startsWith("Budget")) {
        assertThat(e.getString("link")).isEqualTo("https://example.ma/a/fr-2");
        assertThat(Instant.parse(e.getString("published")))
            .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
      } else {
        assertThat(e.getString("link")).isEqualTo("https://example.ma/a/fr-1");
        assertThat(Instant.parse(e.getString("published")))
            .isEqualTo(Instant.parse("2026-11-26T08:30:00Z"));
      }
    }
    assertThat(titles)
        .containsExactlyInAnyOrder(
            "Budget 2027 : les députés & le Sénat <accord>", "Ouverture du salon de Tanger");
  }

  /**
   * What the reader made of one of the server's URLs (node, with the packages of src/test/node).
   */
  private static JsonObject read(String path) throws Exception {
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules/@extractus/feed-extractor"))) {
      if ("true".equals(System.getenv("CI")))
        throw new AssertionError(
            "the feed reader is missing: .ci/run runs npm ci in src/test/node");
      Assumptions.abort("the feed reader is not installed (npm ci --prefix src/test/node)");
    }
    Process p =
        new ProcessBuilder("node", "read-feed.mjs", "http://127.0.0.1:" + server.port() + path)
            .directory(NODE_DIR.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the reader finished").isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return new JsonObject(out.trim());
  }
}
