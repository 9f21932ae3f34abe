package ma.manchette.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.OutagePostgres;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away while headlines stream: the push goes on, and nothing is lost once it
 * returns.
 */
class DatabaseOutageIT {

  @Test
  void streamingContinuesAndEveryItemIsStoredOnceTheDatabaseReturns() throws Exception {
    OutagePostgres pg = OutagePostgres.start("outage-pg");
    Vertx vertx = Vertx.vertx();
    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/feed", List.of(FeedEntry.of("a-0", "Titre historique")));
    TestServer server =
        TestServer.start(
            pg.url(),
            List.of(TestServer.outlet("alpha", "Alpha", "fr", outlet.url("/feed"), "300ms")),
            Map.of());
    try {
      Await.until(
          () -> pg.count("SELECT count(*) FROM outlet_state WHERE primed") == 1,
          15_000,
          "first poll stored");
      SseClient sse = Await.result(SseClient.connect(vertx, server.port(), "/api/stream", null));

      pg.stop(); // the database goes away
      for (int i = 1; i <= 5; i++)
        outlet.publish("/feed", FeedEntry.of("a-" + i, "Pendant la panne " + i));
      sse.awaitHeadlines(5, 15_000);
      Await.until(
          () -> !server.server.writer().databaseUp() && server.server.writer().backlog() >= 5,
          15_000,
          "writes queued");
      Await.until(
          () -> get(vertx, server.port(), "/health/ready") == 503,
          15_000,
          "not ready while the database is down");

      pg.restart();
      Await.until(() -> server.server.writer().backlog() == 0, 30_000, "backlog written");
      assertThat(pg.count("SELECT count(*) FROM items WHERE item_key LIKE 'g:a-%'")).isEqualTo(6);
      assertThat(pg.count("SELECT count(DISTINCT item_key) FROM items")).isEqualTo(6);
      assertThat(server.server.writer().databaseUp()).isTrue();
      assertThat(sse.headlines()).hasSize(5);
      Await.result(sse.close());
    } finally {
      server.close();
      Await.result(outlet.stop());
      Await.result(vertx.close());
      pg.close();
    }
  }

  private static int get(Vertx vertx, int port, String path) {
    try {
      var client = vertx.createHttpClient();
      int status =
          Await.result(
              client
                  .request(io.vertx.core.http.HttpMethod.GET, port, "127.0.0.1", path)
                  .compose(r -> r.send())
                  .map(r -> r.statusCode()));
      client.close();
      return status;
    } catch (Exception e) {
      return -1;
    }
  }
}
