package ma.manchette.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.Test;

/**
 * Entries without a usable link (none, javascript:, a guid that is no URL) reach readers with the
 * outlet's homepage and urlKind "homepage", live and from history, and still after a restart; a
 * real link stays the article's.
 */
class ItemLinkIT {
  static final String HOME = "https://example.ma"; // TestServer.outlet's homepage

  @Test
  void anEntryWithoutAUsableLinkOpensTheOutletsHomepageAndSaysSo() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set(
        "/fr",
        List.of(new FeedEntry("tag:old-1", "Ancien titre sans lien", null, null, Instant.now())));
    String db = TestDatabase.freshDatabaseUrl();
    List<String> outlets =
        List.of(TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms"));
    TestServer s = TestServer.start(db, outlets, Map.of());
    SseClient sse = null;
    try {
      Await.until(() -> Http.itemsQuietly(vertx, s.port()).size() == 1, 20_000, "history stored");
      sse = Await.result(SseClient.connect(vertx, s.port(), "/api/stream", null));
      outlet.set(
          "/fr",
          List.of(
              new FeedEntry(
                  "tag:live-3",
                  "Troisième titre, lien javascript",
                  "javascript:alert(1)",
                  null,
                  Instant.now()),
              new FeedEntry("tag:live-2", "Deuxième titre, sans lien", null, null, Instant.now()),
              new FeedEntry(
                  "live-1",
                  "Premier titre, avec lien",
                  "https://example.ma/politique/1-titre",
                  null,
                  Instant.now()),
              new FeedEntry("tag:old-1", "Ancien titre sans lien", null, null, Instant.now())));
      sse.awaitHeadlines(3, 20_000);

      for (SseClient.Event e : sse.headlines()) {
        JsonObject item = e.json();
        if (item.getString("title").startsWith("Premier")) {
          assertThat(item.getString("url")).isEqualTo("https://example.ma/politique/1-titre");
          assertThat(item.getString("urlKind")).isEqualTo("article");
        } else {
          assertThat(item.getString("url")).as(item.getString("title")).isEqualTo(HOME);
          assertThat(item.getString("urlKind")).isEqualTo("homepage");
        }
      }
      assertThat(sse.titles())
          .hasSize(3); // two link-less entries were not merged into one by their shared homepage
      Await.until(
          () -> Http.itemsQuietly(vertx, s.port()).size() == 4, 20_000, "live items stored");
      assertHomepageItems(Http.itemsQuietly(vertx, s.port()), 3);

      // the RSS feed's link falls back the same way
      String rss = Http.get(vertx, s.port(), "/feed.rss").body();
      assertThat(rss).contains("<link>" + HOME + "</link>").doesNotContain("javascript:");
    } finally {
      if (sse != null) Await.result(sse.close());
      s.close();
    }

    // read back from PostgreSQL by a fresh process: the kind was stored, not recomputed
    TestServer again = TestServer.start(db, outlets, Map.of("MANCHETTE_POLLING", "0"));
    try {
      JsonArray stored = Http.itemsQuietly(vertx, again.port());
      assertThat(stored).hasSize(4);
      assertHomepageItems(stored, 3);
      JsonObject one =
          Http.get(
                  vertx,
                  again.port(),
                  "/api/items/" + Http.byTitle(stored, "Deuxième").getString("id"))
              .json();
      assertThat(one.getString("url")).isEqualTo(HOME);
      assertThat(one.getString("urlKind")).isEqualTo("homepage");
    } finally {
      again.close();
      Await.result(outlet.stop());
      Await.result(vertx.close());
    }
  }

  private static void assertHomepageItems(JsonArray items, int expected) {
    int homepage = 0;
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      assertThat(item.getString("url"))
          .as(item.getString("title"))
          .isNotNull()
          .startsWith("https://");
      if ("homepage".equals(item.getString("urlKind"))) {
        assertThat(item.getString("url")).isEqualTo(HOME);
        homepage++;
      } else {
        assertThat(item.getString("urlKind")).isEqualTo("article");
      }
    }
    assertThat(homepage).isEqualTo(expected);
  }
}
