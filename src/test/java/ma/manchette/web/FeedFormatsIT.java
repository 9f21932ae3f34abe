package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The aggregate as RSS, Atom and JSON Feed: what Rome reads back is what the REST API serves,
 * filters included.
 */
class FeedFormatsIT {
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
            FeedEntry.of("fr-1", "Ouverture du salon de Tanger")));
    outlet.set("/ar", List.of(FeedEntry.of("ar-1", "افتتاح معرض الكتاب بالرباط")));
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(
                TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms"),
                TestServer.outlet("beta-ar", "Beta AR", "ar", outlet.url("/ar"), "300ms")),
            Map.of());
    Await.until(
        () -> TestDatabase.count(server.databaseUrl, "SELECT count(*) FROM items") == 3,
        20_000,
        "items stored");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private static SyndFeed parse(String path) throws Exception {
    Http.Response r = Http.get(vertx, server.port(), path);
    assertThat(r.status()).isEqualTo(200);
    return new SyndFeedInput().build(new StringReader(r.body()));
  }

  private static List<String> restTitles(String query) throws Exception {
    List<String> out = new ArrayList<>();
    for (Object o :
        Http.get(vertx, server.port(), "/api/items" + query).json().getJsonArray("items"))
      out.add(((JsonObject) o).getString("title"));
    return out;
  }

  @Test
  void rssParsesBackWithRomeAndMatchesTheRestApi() throws Exception {
    Http.Response raw = Http.get(vertx, server.port(), "/feed.rss");
    assertThat(raw.headers().get("Content-Type")).startsWith("application/rss+xml");
    SyndFeed feed = parse("/feed.rss");
    assertThat(feed.getFeedType()).isEqualTo("rss_2.0");
    assertThat(feed.getEntries())
        .extracting(SyndEntry::getTitle)
        .containsExactlyElementsOf(restTitles(""));
    SyndEntry budget =
        feed.getEntries().stream()
            .filter(e -> e.getTitle().startsWith("Budget"))
            .findFirst()
            .orElseThrow();
    assertThat(budget.getTitle()).isEqualTo("Budget 2027 : les députés & le Sénat <accord>");
    assertThat(budget.getLink()).isEqualTo("https://example.ma/a/fr-2");
    assertThat(budget.getDescription().getValue()).isEqualTo("Le texte adopté hier");
    assertThat(budget.getPublishedDate().toInstant())
        .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
  }

  @Test
  void atomParsesBackWithRomeAndTakesTheSameFilters() throws Exception {
    Http.Response raw = Http.get(vertx, server.port(), "/feed.atom?lang=ar");
    assertThat(raw.headers().get("Content-Type")).startsWith("application/atom+xml");
    SyndFeed feed = parse("/feed.atom?lang=ar");
    assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
    assertThat(feed.getEntries())
        .extracting(SyndEntry::getTitle)
        .containsExactly("افتتاح معرض الكتاب بالرباط");
    assertThat(feed.getEntries().get(0).getUri()).startsWith("urn:manchette:item:");
    assertThat(parse("/feed.atom?outlet=alpha-fr&limit=1").getEntries()).hasSize(1);
    assertThat(parse("/feed.atom?q=tanger").getEntries())
        .extracting(SyndEntry::getTitle)
        .containsExactly("Ouverture du salon de Tanger");
  }

  @Test
  void jsonFeedFollowsVersion11() throws Exception {
    Http.Response r = Http.get(vertx, server.port(), "/feed.json?lang=fr");
    assertThat(r.headers().get("Content-Type")).startsWith("application/feed+json");
    JsonObject feed = r.json();
    assertThat(feed.getString("version")).isEqualTo("https://jsonfeed.org/version/1.1");
    assertThat(feed.getString("title")).isNotBlank();
    JsonArray items = feed.getJsonArray("items");
    assertThat(items).hasSize(2);
    for (Object o : items) {
      JsonObject i = (JsonObject) o;
      assertThat(i.getString("id")).isNotBlank();
      assertThat(i.getString("content_text"))
          .isNotBlank(); // 1.1 requires content_text or content_html
      assertThat(i.getString("language")).isEqualTo("fr");
      Instant.parse(i.getString("date_published"));
    }
  }

  @Test
  void badFiltersGetTheSameClearErrorsAsTheRestApi() throws Exception {
    for (String path :
        List.of(
            "/feed.rss?limit=abc",
            "/feed.atom?lang=Français",
            "/feed.json?limit=-1",
            "/feed.json?outlet=%20BAD")) {
      Http.Response r = Http.get(vertx, server.port(), path);
      assertThat(r.status()).as(path).isEqualTo(400);
      assertThat(r.json().getString("field")).as(path).isNotBlank();
    }
  }
}
