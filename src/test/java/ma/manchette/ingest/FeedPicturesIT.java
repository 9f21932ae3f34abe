package ma.manchette.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Fixtures;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A picture the feed itself carries (Media RSS, an image enclosure, itunes:image, an image in the
 * item's HTML) goes out with the headline, and its article page is never asked for; only the
 * entries without one still have theirs fetched.
 */
class FeedPicturesIT {
  private static final String FIXTURE_SITE = "https://news.example.ma";
  private static final List<String> ARTICLES =
      List.of(
          "/articles/terminal-tanger",
          "/articles/agadir-saison",
          "/articles/ifrane-neige",
          "/articles/conseil-gouvernement",
          "/articles/tramway-ligne-3",
          "/articles/parc-sidi-bernoussi",
          "/articles/festival-jury",
          "/podcast/episode-42",
          "/podcast/episode-41");

  @Test
  void headlinesArePushedWithTheFeedsOwnPictureAndTheirArticlePagesAreNotRequested()
      throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    Map<String, AtomicInteger> pageRequests = new ConcurrentHashMap<>();
    Buffer articlePage = Buffer.buffer(Fixtures.bytes("pages/article-og-image.html"));
    for (String path : ARTICLES) {
      outlet.serveRaw(
          path,
          req -> {
            pageRequests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            req.response().putHeader("Content-Type", "text/html; charset=utf-8").end(articlePage);
          });
    }
    Map<String, String> feeds =
        Map.of(
            "media", "rss20-media-rss.xml",
            "html", "rss20-content-encoded.xml",
            "podcast", "rss20-itunes-podcast.xml");
    feeds.keySet().forEach(id -> outlet.set("/" + id, List.of(FeedEntry.of(id + "-old", "Avant"))));
    String db = TestDatabase.freshDatabaseUrl();
    String site = outlet.url("");
    try (TestServer s =
        TestServer.start(
            db,
            feeds.keySet().stream()
                .map(id -> TestServer.outlet(id, id, "fr", outlet.url("/" + id), "300ms"))
                .toList(),
            Map.of())) {
      for (String id : feeds.keySet())
        Await.until(() -> s.server.registry().get(id).health.polls() > 0, 20_000, "first poll");
      SseClient sse = Await.result(SseClient.connect(vertx, s.port(), "/api/stream", null));
      try {
        // the fixtures' site becomes the fake outlet, so their article pages are the outlet's own
        feeds.forEach(
            (id, fixture) ->
                outlet.serveBytes(
                    "/" + id,
                    Buffer.buffer(
                        new String(Fixtures.bytes("feeds/" + fixture), StandardCharsets.UTF_8)
                            .replace(FIXTURE_SITE, site))));
        sse.awaitHeadlines(9, 20_000);
        // the two entries without a picture of their own still get the article's, as an update
        sse.awaitEvents(
            ev -> ev.stream().filter(e -> e.event().equals("update")).count() >= 2, 20_000);

        assertThat(imageOf(sse, "Tanger : le nouveau terminal à conteneurs entre en service"))
            .isEqualTo(site + "/uploads/terminal.jpg");
        assertThat(imageOf(sse, "Agadir : la saison touristique bat des records"))
            .isEqualTo(site + "/uploads/agadir-plage.webp");
        assertThat(imageOf(sse, "Ifrane sous la neige"))
            .isEqualTo(site + "/uploads/ifrane-thumb.jpg");
        assertThat(imageOf(sse, "Rabat : la ligne 3 du tramway en chantier"))
            .isEqualTo(site + "/uploads/2026/11/tramway.jpg");
        assertThat(imageOf(sse, "Casablanca : un nouveau parc urbain à Sidi Bernoussi"))
            .isEqualTo(site + "/uploads/parc-480.jpg");
        assertThat(imageOf(sse, "Épisode 42 : le dirham face au dollar"))
            .isEqualTo(site + "/podcast/episode-42.jpg");
        assertThat(imageOf(sse, "Épisode 41 : l'inflation ralentit"))
            .isEqualTo(site + "/podcast/episode-41-cover.png");
        assertThat(imageOf(sse, "Conseil de gouvernement : l'ordre du jour")).isNull();
        assertThat(imageOf(sse, "Marrakech : le festival du film annonce son jury")).isNull();

        // summaries from media:description and itunes:summary, words kept apart
        assertThat(summaryOf(sse, "Agadir : la saison touristique bat des records"))
            .isEqualTo("Plus de deux millions de nuitées enregistrées depuis juin.");
        assertThat(summaryOf(sse, "Épisode 42 : le dirham face au dollar"))
            .isEqualTo("Un économiste explique la flexibilisation du dirham.");
        assertThat(summaryOf(sse, "Marrakech : le festival du film annonce son jury"))
            .isEqualTo("Le jury sera présidé par une réalisatrice marocaine.");

        Await.until(
            () -> TestDatabase.count(db, "SELECT count(*) FROM items WHERE image IS NOT NULL") == 9,
            10_000,
            "pictures stored");
        assertThat(pageRequests.keySet())
            .isEqualTo(Set.of("/articles/conseil-gouvernement", "/articles/festival-jury"));
      } finally {
        Await.result(sse.close());
      }
    } finally {
      Await.result(outlet.stop());
      Await.result(vertx.close());
    }
  }

  private static JsonObject headline(SseClient sse, String title) {
    return sse.headlines().stream()
        .map(SseClient.Event::json)
        .filter(j -> title.equals(j.getString("title")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no headline " + title));
  }

  private static String imageOf(SseClient sse, String title) {
    return headline(sse, title).getString("image");
  }

  private static String summaryOf(SseClient sse, String title) {
    return headline(sse, title).getString("summary");
  }
}
