package ma.manchette.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The write buffer fills while PostgreSQL is away: a poll that finds no room is left for later, and its items
 * arrive seconds after the buffer drains, not after the outlet's whole interval (an hour here), each once.
 */
class WriteBufferFullIT {

  @Test
  void aDeferredPollIsRetriedSoonAndNothingIsLostOrDuplicated() throws Exception {
    Path dir = Files.createTempDirectory("buffer-pg");
    EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start();
    int port = pg.getPort();
    Vertx vertx = Vertx.vertx();
    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/feed", List.of(FeedEntry.of("a-0", "Titre historique")));
    String url = "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
    TestServer server = TestServer.start(url, List.of(TestServer.outlet("alpha", "Alpha", "fr", outlet.url("/feed"), "1h")),
        Map.of("MANCHETTE_WRITE_BUFFER", "100"));
    EmbeddedPostgres restarted = null;
    try {
      Await.until(() -> count(pg, "SELECT count(*) FROM outlet_state WHERE primed") == 1, 15_000, "first poll stored");
      SseClient sse = Await.result(SseClient.connect(vertx, server.port(), "/api/stream", null));
      pg.close(); // the database goes away: what is accepted stays queued

      // a feed longer than the whole buffer is still taken when the queue is empty
      for (int i = 1; i <= 120; i++) outlet.publish("/feed", FeedEntry.of("a-" + i, "Pendant la panne, dépêche " + i));
      Await.result(server.server.scheduler().pollNow("alpha"));
      sse.awaitHeadlines(120, 15_000);
      assertThat(server.server.writer().backlog()).isGreaterThan(100);

      // now the buffer is full: this poll is left for later
      outlet.publish("/feed", FeedEntry.of("a-121", "Dépêche arrivée quand le tampon était plein"));
      Await.result(server.server.scheduler().pollNow("alpha"));
      Thread.sleep(500);
      assertThat(sse.headlines()).hasSize(120);

      restarted = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port).start();
      EmbeddedPostgres back = restarted;
      // the interval is an hour: only a prompt retry of the deferred poll brings a-121 in time
      sse.awaitHeadlines(121, 30_000);
      Await.until(() -> count(back, "SELECT count(*) FROM items") == 122, 30_000, "every item stored");
      assertThat(count(back, "SELECT count(DISTINCT item_key) FROM items")).isEqualTo(122);
      Thread.sleep(1_000);
      assertThat(sse.headlines()).hasSize(121);
      assertThat(sse.headlines().stream().map(e -> e.json().getString("id")).distinct().count()).isEqualTo(121);
      Await.result(sse.close());
    } finally {
      server.close();
      Await.result(outlet.stop());
      Await.result(vertx.close());
      if (restarted != null) restarted.close();
    }
  }

  private static long count(EmbeddedPostgres pg, String sql) {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      return -1;
    }
  }
}
