package ma.manchette.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import ma.manchette.support.Await;
import ma.manchette.support.Closers;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A site whose robots.txt keeps crawlers out of /prive/: its scraped listing there is never fetched
 * and the outlet's health says why, its article pages there are not asked for pictures, while its
 * feed (exempt) is polled as usual.
 */
class RobotsIT {
  private final Vertx vertx = Vertx.vertx();
  private final List<AutoCloseable> closers = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    Closers.closeAll(closers);
    Await.result(vertx.close());
  }

  @Test
  void pagesARobotsTxtDisallowsAreNeverFetchedAndHealthSaysSo() throws Exception {
    FakeOutlet site = Await.result(new FakeOutlet(vertx).start());
    closers.add(() -> Await.result(site.stop()));
    Set<String> asked = ConcurrentHashMap.newKeySet();
    site.serveRaw(
        "/robots.txt",
        req -> {
          asked.add(req.path());
          req.response()
              .putHeader("Content-Type", "text/plain")
              .end("User-agent: *\nDisallow: /prive/\n");
        });
    site.serveRaw(
        "/prive/une.html",
        req -> {
          asked.add(req.path());
          req.response()
              .putHeader("Content-Type", "text/html")
              .end(
                  "<html><body><article><h2><a href='/a/1'>Titre</a></h2></article></body></html>");
        });
    site.serveRaw(
        "/prive/article-1.html",
        req -> {
          asked.add(req.path());
          req.response()
              .putHeader("Content-Type", "text/html")
              .end("<html><head><meta property='og:image' content='/i.png'></head></html>");
        });
    // the feed lives under /prive/ too: feeds are exempt, as feed readers are
    site.set(
        "/prive/feed.xml",
        List.of(
            new FeedEntry(
                "a1", "Archive", site.url("/prive/article-0.html"), "r", java.time.Instant.now())));
    String yaml =
        "outlets:\n"
            + "  - id: listing\n    name: Listing\n    homepage: "
            + site.url("/")
            + "\n    interval: 300ms\n    minInterval: 300ms\n"
            + "    maxInterval: 300ms\n    scrape:\n      url: "
            + site.url("/prive/une.html")
            + "\n      item: article\n      title: h2 a\n"
            + "      link: h2 a\n"
            + TestServer.outlet("feed", "Feed", "fr", site.url("/prive/feed.xml"), "300ms");
    java.nio.file.Path file = java.nio.file.Files.createTempFile("outlets", ".yaml");
    java.nio.file.Files.writeString(file, yaml);
    TestServer s = TestServer.start(TestDatabase.freshDatabaseUrl(), file, Map.of());
    closers.add(s);

    Await.until(
        () -> "robots".equals(health(s, "listing").getString("lastStatus")),
        20_000,
        "the listing refused by robots.txt");
    JsonObject listing = health(s, "listing");
    assertThat(listing.getString("lastError")).contains("robots.txt").contains("/prive/une.html");

    Await.until(
        () ->
            TestDatabase.count(
                    s.databaseUrl,
                    "SELECT count(*) FROM outlet_state WHERE primed AND outlet_id = 'feed'")
                == 1,
        20_000,
        "the feed primed");
    site.publish(
        "/prive/feed.xml",
        new FeedEntry(
            "a2",
            "Dernière minute",
            site.url("/prive/article-1.html"),
            "r",
            java.time.Instant.now()));
    Await.until(
        () ->
            Http.getQuietly(vertx, s.port(), "/api/items?outlet=feed").contains("Dernière minute"),
        20_000,
        "the feed's headline");
    Thread.sleep(1_500); // room for a picture lookup, were one made
    assertThat(asked)
        .contains("/robots.txt")
        .doesNotContain("/prive/une.html", "/prive/article-1.html");
    JsonObject item =
        Http.get(vertx, s.port(), "/api/items?outlet=feed")
            .json()
            .getJsonArray("items")
            .getJsonObject(0);
    assertThat(item.getString("image")).isNull();
  }

  private JsonObject health(TestServer s, String id) {
    for (Object o :
        new JsonObject(
                Http.getQuietly(vertx, s.port(), "/api/outlets").isEmpty()
                    ? "{\"outlets\":[]}"
                    : Http.getQuietly(vertx, s.port(), "/api/outlets"))
            .getJsonArray("outlets")) {
      JsonObject j = (JsonObject) o;
      if (id.equals(j.getString("id"))) return j.getJsonObject("health");
    }
    return new JsonObject();
  }
}
