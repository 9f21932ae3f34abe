package ma.manchette.outlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.Fixtures;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outlet health says how many entries of the last poll had no readable date, and the dates the
 * module namespaces carry reach the stored items.
 */
class UndatedItemsIT {
  private Vertx vertx;
  private FakeOutlet outlet;
  private TestServer server;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  @Test
  void healthCountsTheEntriesWithoutAReadableDate() throws Exception {
    byte[] feed = Fixtures.bytes("feeds/rss20-namespace-dates.xml");
    outlet.serveRaw(
        "/dates",
        req ->
            req.response()
                .putHeader("Content-Type", "application/rss+xml")
                .end(Buffer.buffer(feed)));
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(
                "  - id: modules\n    name: Modules\n    homepage: https://modules.example.ma\n"
                    + "    lang: fr\n    interval: 60s\n    feeds: ["
                    + outlet.url("/dates")
                    + "]\n"),
            Map.of());
    OutletHealth health = server.server.registry().get("modules").health;
    Await.until(() -> health.undatedItems() != null, 15_000, "a first parsed poll");

    JsonObject shown = null;
    for (Object o : Http.get(vertx, server.port(), "/api/outlets").json().getJsonArray("outlets")) {
      JsonObject j = (JsonObject) o;
      if ("modules".equals(j.getString("id"))) shown = j.getJsonObject("health");
    }
    assertThat(shown).isNotNull();
    // of seven entries, one has no date and one "bientôt": the other five are read
    assertThat(shown.getInteger("undatedItems")).isEqualTo(2);

    AtomicReference<JsonObject> page = new AtomicReference<>();
    Await.until(
        () -> {
          try {
            page.set(Http.get(vertx, server.port(), "/api/items?outlet=modules&limit=20").json());
          } catch (Exception e) {
            return false;
          }
          return page.get().getJsonArray("items").size() == 7;
        },
        15_000,
        "the seven items stored");
    assertThat(page.get().getJsonArray("items").stream())
        .extracting(i -> ((JsonObject) i).getString("publishedAt"))
        .contains("2002-09-28T20:01:19Z", "2026-11-28T17:42:10Z");
  }
}
