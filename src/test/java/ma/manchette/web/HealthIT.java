package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.Test;

/** /health/live and /health/ready as a load balancer or an orchestrator sees them. */
class HealthIT {

  @Test
  void readyListsDatabaseMigrationsAndPollersAndGoesDownWithTheDatabase() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/fr", List.of(FeedEntry.of("fr-1", "Ouverture du salon de Tanger")));
    String db = TestDatabase.freshDatabaseUrl();
    String dbName = db.substring(db.lastIndexOf('/') + 1);
    TestServer s =
        TestServer.start(
            db,
            List.of(TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms")),
            Map.of());
    try {
      Http.Response live = Http.get(vertx, s.port(), "/health/live");
      assertThat(live.status()).isEqualTo(200);
      assertThat(live.json().getString("outcome")).isEqualTo("UP");

      Http.Response ready = Http.get(vertx, s.port(), "/health/ready");
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.json().getString("outcome")).isEqualTo("UP");
      assertThat(checks(ready.json()))
          .containsEntry("database", "UP")
          .containsEntry("migrations", "UP")
          .containsEntry("pollers", "UP");

      // the database refuses this server: existing connections cut, new ones refused
      sql("ALTER DATABASE " + dbName + " WITH ALLOW_CONNECTIONS false");
      sql(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
              + dbName
              + "'");
      Await.until(
          () -> status(vertx, s.port(), "/health/ready") == 503,
          20_000,
          "not ready without the database");
      Http.Response down = Http.get(vertx, s.port(), "/health/ready");
      assertThat(down.json().getString("outcome")).isEqualTo("DOWN");
      assertThat(checks(down.json()))
          .containsEntry("database", "DOWN")
          .containsEntry("pollers", "UP");
      assertThat(Http.get(vertx, s.port(), "/health/live").status())
          .isEqualTo(200); // alive: no restart wanted

      sql("ALTER DATABASE " + dbName + " WITH ALLOW_CONNECTIONS true");
      Await.until(
          () -> status(vertx, s.port(), "/health/ready") == 200,
          20_000,
          "ready again once the database is back");
    } finally {
      sql("ALTER DATABASE " + dbName + " WITH ALLOW_CONNECTIONS true");
      s.close();
      Await.result(outlet.stop());
      Await.result(vertx.close());
    }
  }

  /**
   * A loopback port nobody listens on: a poll of it is refused at once, as with no network at all.
   */
  static int closedPort() throws Exception {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void readyStaysUpButSaysDegradedWhenNoOutletAnswers() throws Exception {
    Vertx vertx = Vertx.vertx();
    TestServer s =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(
                TestServer.outlet(
                    "alpha-fr",
                    "Alpha FR",
                    "fr",
                    "http://127.0.0.1:" + closedPort() + "/feed",
                    "300ms"),
                TestServer.outlet(
                    "beta-ar",
                    "Beta AR",
                    "ar",
                    "http://127.0.0.1:" + closedPort() + "/feed",
                    "300ms")),
            Map.of());
    try {
      Await.until(
          () -> "degraded".equals(readyJson(vertx, s.port()).getString("state")),
          20_000,
          "degraded once every outlet failed");
      Http.Response ready = Http.get(vertx, s.port(), "/health/ready");
      assertThat(ready.status())
          .isEqualTo(200); // the load balancer keeps it: pages and history still answer
      JsonObject json = ready.json();
      assertThat(json.getString("outcome")).isEqualTo("UP");
      assertThat(json.getString("state")).isEqualTo("degraded");
      assertThat(json.getJsonObject("outlets"))
          .isEqualTo(new JsonObject().put("enabled", 2).put("failing", 2).put("state", "degraded"));
      assertThat(checks(json)).containsEntry("outlets", "UP").containsEntry("database", "UP");
      assertThat(json.containsKey("enrichment"))
          .isTrue(); // the other top-level details are still there
    } finally {
      s.close();
      Await.result(vertx.close());
    }
  }

  @Test
  void oneOutletAnsweringIsOkWithTheFailingOneCounted() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/fr", List.of(FeedEntry.of("fr-1", "Ouverture du salon de Tanger")));
    TestServer s =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(
                TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms"),
                TestServer.outlet(
                    "beta-ar",
                    "Beta AR",
                    "ar",
                    "http://127.0.0.1:" + closedPort() + "/feed",
                    "300ms")),
            Map.of());
    try {
      Await.until(
          () ->
              readyJson(vertx, s.port())
                          .getJsonObject("outlets", new JsonObject())
                          .getInteger("failing", 0)
                      == 1
                  && s.server.registry().get("alpha-fr").health.polls() > 0,
          20_000,
          "both outlets polled");
      Http.Response ready = Http.get(vertx, s.port(), "/health/ready");
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.json().getString("state")).isEqualTo("ok");
      assertThat(ready.json().getJsonObject("outlets"))
          .isEqualTo(new JsonObject().put("enabled", 2).put("failing", 1).put("state", "ok"));
    } finally {
      s.close();
      Await.result(outlet.stop());
      Await.result(vertx.close());
    }
  }

  private static JsonObject readyJson(Vertx vertx, int port) {
    try {
      return Http.get(vertx, port, "/health/ready").json();
    } catch (Exception e) {
      return new JsonObject();
    }
  }

  private static Map<String, String> checks(JsonObject health) {
    JsonArray list = health.getJsonArray("checks");
    Map<String, String> out = new java.util.HashMap<>();
    for (int i = 0; i < list.size(); i++)
      out.put(list.getJsonObject(i).getString("id"), list.getJsonObject(i).getString("status"));
    return out;
  }

  private static int status(Vertx vertx, int port, String path) {
    try {
      return Http.get(vertx, port, path).status();
    } catch (Exception e) {
      return -1;
    }
  }

  private static void sql(String sql) throws Exception {
    try (Connection c = TestDatabase.shared().getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
