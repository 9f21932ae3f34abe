package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The REST API as a client sees it: pagination, filters, one item, outlets with health, clear 400s.
 */
class RestApiIT {
  static Vertx vertx;
  static FakeOutlet outlet;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    List<FeedEntry> fr = new ArrayList<>();
    for (int i = 0; i < 25; i++) fr.add(0, FeedEntry.of("fr-" + i, "Titre français numéro " + i));
    outlet.set("/fr", fr);
    outlet.set("/ar", List.of(FeedEntry.of("ar-1", "عنوان عربي")));
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(
                TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms"),
                TestServer.outlet("beta-ar", "Beta AR", "ar", outlet.url("/ar"), "300ms"),
                TestServer.outlet("broken", "Broken", "fr", outlet.url("/missing"), "300ms")),
            Map.of());
    Await.until(
        () -> TestDatabase.count(server.databaseUrl, "SELECT count(*) FROM items") == 26,
        20_000,
        "history stored");
    Await.until(
        () -> server.server.registry().get("broken").health.consecutiveFailures() > 0,
        20_000,
        "broken polled");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  @Test
  void itemsArePagedNewestFirstWithoutGapsOrRepeats() throws Exception {
    Set<String> seen = new HashSet<>();
    List<Long> ids = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      Http.Response r =
          Http.get(
              vertx,
              server.port(),
              "/api/items?limit=10" + (next == null ? "" : "&before=" + next));
      assertThat(r.status()).isEqualTo(200);
      JsonObject body = r.json();
      for (Object o : body.getJsonArray("items")) {
        JsonObject item = (JsonObject) o;
        assertThat(seen.add(item.getString("id"))).isTrue();
        ids.add(Long.parseLong(item.getString("id")));
      }
      next = body.getString("next");
      pages++;
    } while (next != null && pages < 10);
    assertThat(seen).hasSize(26);
    assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
  }

  @Test
  void filtersApplyToHistory() throws Exception {
    JsonArray ar =
        Http.get(vertx, server.port(), "/api/items?lang=ar").json().getJsonArray("items");
    assertThat(ar).hasSize(1);
    assertThat(ar.getJsonObject(0).getString("title")).isEqualTo("عنوان عربي");
    JsonArray q =
        Http.get(vertx, server.port(), "/api/items?q=numero%2012").json().getJsonArray("items");
    assertThat(q)
        .extracting(o -> ((JsonObject) o).getString("title"))
        .containsExactly("Titre français numéro 12");
  }

  @Test
  void oneItemByIdAndA404ForAnUnknownOne() throws Exception {
    JsonObject first =
        Http.get(vertx, server.port(), "/api/items?limit=1")
            .json()
            .getJsonArray("items")
            .getJsonObject(0);
    Http.Response one = Http.get(vertx, server.port(), "/api/items/" + first.getString("id"));
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().getString("title")).isEqualTo(first.getString("title"));
    assertThat(one.json().getJsonArray("related")).isNotNull();
    Http.Response missing = Http.get(vertx, server.port(), "/api/items/123");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().getString("error")).isNotBlank();
  }

  @Test
  void outletsShowTheirHealth() throws Exception {
    JsonArray outlets =
        Http.get(vertx, server.port(), "/api/outlets").json().getJsonArray("outlets");
    assertThat(outlets).hasSize(3);
    JsonObject broken =
        outlets.stream()
            .map(o -> (JsonObject) o)
            .filter(o -> o.getString("id").equals("broken"))
            .findFirst()
            .orElseThrow();
    JsonObject health = broken.getJsonObject("health");
    assertThat(health.getString("lastStatus")).isEqualTo("404");
    assertThat(health.getString("lastError")).contains("404");
    assertThat(health.getInteger("consecutiveFailures")).isPositive();
    assertThat(health.getString("nextPollAt")).isNotNull();
    JsonObject alpha =
        outlets.stream()
            .map(o -> (JsonObject) o)
            .filter(o -> o.getString("id").equals("alpha-fr"))
            .findFirst()
            .orElseThrow();
    assertThat(alpha.getJsonObject("health").getLong("itemsLast24h")).isEqualTo(25);
    assertThat(alpha.getJsonObject("health").getString("lastError")).isNull();
    assertThat(alpha.getString("name")).isEqualTo("Alpha FR");
  }

  @Test
  void badParametersAreA400NamingTheField() throws Exception {
    Map<String, String> cases =
        Map.of(
            "/api/items?limit=abc", "limit",
            "/api/items?limit=-1", "limit",
            "/api/items?before=xyz", "before",
            "/api/items?lang=français", "lang",
            "/api/items?outlet=../../etc", "outlet",
            "/api/stream?backfill=lots", "backfill",
            "/api/stream?since=yesterday", "since",
            "/api/stream?region=%3Cscript%3E", "region");
    for (var c : cases.entrySet()) {
      Http.Response r = Http.get(vertx, server.port(), c.getKey());
      assertThat(r.status()).as(c.getKey()).isEqualTo(400);
      assertThat(r.json().getString("field")).as(c.getKey()).isEqualTo(c.getValue());
      assertThat(r.json().getString("error")).as(c.getKey()).isNotBlank();
    }
    assertThat(Http.get(vertx, server.port(), "/api/items?limit=5000").json().getJsonArray("items"))
        .hasSize(26);
    assertThat(Http.get(vertx, server.port(), "/api/nothing-here").status()).isEqualTo(404);
  }

  @Test
  void healthEndpointsAnswer() throws Exception {
    Http.Response live = Http.get(vertx, server.port(), "/health/live");
    assertThat(live.status()).isEqualTo(200);
    Http.Response ready = Http.get(vertx, server.port(), "/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body()).contains("database").contains("migrations").contains("pollers");
  }

  @Test
  void theSubscriberCapAnswers503WithRetryAfter() throws Exception {
    TestServer small =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms")),
            Map.of("MANCHETTE_MAX_SUBSCRIBERS", "2"));
    try {
      var a =
          Await.result(
              ma.manchette.support.SseClient.connect(vertx, small.port(), "/api/stream", null));
      var b =
          Await.result(
              ma.manchette.support.SseClient.connect(vertx, small.port(), "/api/stream", null));
      Http.Response third = Http.get(vertx, small.port(), "/api/stream");
      assertThat(third.status()).isEqualTo(503);
      assertThat(third.headers().get("Retry-After")).isNotBlank();
      assertThat(third.json().getString("error")).contains("limit");
      Await.result(a.close());
      Await.until(() -> small.server.hub().subscribers() == 1, 10_000, "slot freed");
      var c =
          Await.result(
              ma.manchette.support.SseClient.connect(vertx, small.port(), "/api/stream", null));
      assertThat(c.status()).isEqualTo(200);
      Await.result(b.close());
      Await.result(c.close());
    } finally {
      small.close();
    }
  }
}
