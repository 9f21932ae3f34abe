package ma.manchette.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.Test;

/**
 * New headlines without a picture get the article's og:image later, as an update, without holding
 * the push.
 */
class ArticleImagesIT {
  @Test
  void imagesFromArticlePagesArriveAsUpdatesAfterTheHeadline() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    AtomicInteger ogRequests = new AtomicInteger();
    // the og page answers slowly: the headline must not wait for it
    outlet.serveRaw(
        "/a/og",
        req -> {
          ogRequests.incrementAndGet();
          vertx.setTimer(
              1_500,
              t -> {
                req.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(page("article-og-image.html"));
              });
        });
    for (String[] p :
        new String[][] {
          {"/a/lazy", "article-lazy-image.html"},
          {"/a/noscript", "article-noscript-image.html"},
          {"/a/none", "article-no-image.html"}
        }) {
      outlet.serveRaw(
          p[0],
          req ->
              req.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page(p[1])));
    }
    outlet.set("/feed", List.of(FeedEntry.of("old-1", "Déjà publié")));
    String db = TestDatabase.freshDatabaseUrl();
    try (TestServer s =
        TestServer.start(
            db,
            List.of(TestServer.outlet("img", "Images", "fr", outlet.url("/feed"), "300ms")),
            Map.of())) {
      Await.until(() -> s.server.registry().get("img").health.polls() > 0, 20_000, "first poll");
      SseClient sse = Await.result(SseClient.connect(vertx, s.port(), "/api/stream", null));
      try {
        outlet.publish("/feed", entry("og-1", "Tanger Med bat un record", outlet.url("/a/og")));
        outlet.publish("/feed", entry("lazy-1", "افتتاح معرض الكتاب", outlet.url("/a/lazy")));
        outlet.publish(
            "/feed", entry("ns-1", "Nueva conexión marítima", outlet.url("/a/noscript")));
        outlet.publish("/feed", entry("none-1", "Budget adopted", outlet.url("/a/none")));
        outlet.publish(
            "/feed",
            entry("og-2", "Tanger Med : la suite", outlet.url("/a/og"))); // same page, fetched once
        sse.awaitHeadlines(5, 20_000);
        sse.awaitEvents(
            ev -> ev.stream().filter(e -> e.event().equals("update")).count() >= 4, 20_000);
        Thread.sleep(500);

        List<SseClient.Event> updates =
            sse.events.stream().filter(e -> e.event().equals("update")).toList();
        assertThat(updates).hasSize(4); // the page without a usable picture brings no update
        assertThat(imageOf(updates, "Tanger Med bat un record"))
            .isEqualTo(outlet.url("/wp-content/uploads/2026/11/tanger-med.jpg"));
        assertThat(imageOf(updates, "Tanger Med : la suite"))
            .isEqualTo(outlet.url("/wp-content/uploads/2026/11/tanger-med.jpg"));
        assertThat(imageOf(updates, "افتتاح معرض الكتاب"))
            .isEqualTo(outlet.url("/uploads/salon-livre.jpg"));
        assertThat(imageOf(updates, "Nueva conexión marítima"))
            .isEqualTo("https://cdn.example.ma/fotos/ferry.jpg");
        assertThat(ogRequests.get()).isEqualTo(1);
        // every headline went out without a picture, before the slow page had even answered
        for (SseClient.Event h : sse.headlines()) assertThat(h.json().getValue("image")).isNull();
        assertThat(sse.headlines()).hasSize(5);
        assertThat(headlineReceivedBefore(sse, "Tanger Med bat un record", updates)).isTrue();
        // an update keeps the headline's id, and the picture is stored
        JsonObject first =
            sse.headlines().stream()
                .map(SseClient.Event::json)
                .filter(j -> j.getString("title").equals("Tanger Med bat un record"))
                .findFirst()
                .orElseThrow();
        assertThat(
                updates.stream()
                    .map(SseClient.Event::json)
                    .anyMatch(u -> u.getString("id").equals(first.getString("id"))))
            .isTrue();
        Await.until(
            () -> TestDatabase.count(db, "SELECT count(*) FROM items WHERE image IS NOT NULL") == 4,
            10_000,
            "images stored");
      } finally {
        Await.result(sse.close());
      }
    } finally {
      Await.result(outlet.stop());
      Await.result(vertx.close());
    }
  }

  private static FeedEntry entry(String guid, String title, String link) {
    return new FeedEntry(guid, title, link, null, Instant.now());
  }

  private static Buffer page(String name) {
    try {
      return Buffer.buffer(
          Files.readAllBytes(
              Path.of(ArticleImagesIT.class.getResource("/fixtures/pages/" + name).toURI())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String imageOf(List<SseClient.Event> updates, String title) {
    return updates.stream()
        .map(SseClient.Event::json)
        .filter(j -> title.equals(j.getString("title")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no update for " + title))
        .getString("image");
  }

  private static boolean headlineReceivedBefore(
      SseClient sse, String title, List<SseClient.Event> updates) {
    int h = -1;
    int u = -1;
    for (int i = 0; i < sse.events.size(); i++) {
      SseClient.Event e = sse.events.get(i);
      if (!title.equals(e.json().getString("title"))) continue;
      if (e.event().equals("headline") && h < 0) h = i;
      if (e.event().equals("update") && u < 0) u = i;
    }
    return h >= 0 && u > h;
  }
}
