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
 * The write buffer fills while PostgreSQL is away: a poll that finds no room is left for later, and
 * its items arrive seconds after the buffer drains, not after the outlet's whole interval (an hour
 * here), each once.
 */
class WriteBufferFullIT {

  @Test
  void aDeferredPollIsRetriedSoonAndNothingIsLostOrDuplicated() throws Exception {
    OutagePostgres pg = OutagePostgres.start("buffer-pg");
    Vertx vertx = Vertx.vertx();
    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/feed", List.of(FeedEntry.of("a-0", "Titre historique")));
    TestServer server =
        TestServer.start(
            pg.url(),
            List.of(TestServer.outlet("alpha", "Alpha", "fr", outlet.url("/feed"), "1h")),
            Map.of("MANCHETTE_WRITE_BUFFER", "100"));
    try {
      Await.until(
          () -> pg.count("SELECT count(*) FROM outlet_state WHERE primed") == 1,
          15_000,
          "first poll stored");
      SseClient sse = Await.result(SseClient.connect(vertx, server.port(), "/api/stream", null));
      pg.stop(); // the database goes away: what is accepted stays queued

      // a feed longer than the whole buffer is still taken when the queue is empty
      for (int i = 1; i <= 120; i++)
        outlet.publish("/feed", FeedEntry.of("a-" + i, "Pendant la panne, dépêche " + i));
      Await.result(server.server.scheduler().pollNow("alpha"));
      sse.awaitHeadlines(120, 15_000);
      assertThat(server.server.writer().backlog()).isGreaterThan(100);

      // now the buffer is full: this poll is left for later
      outlet.publish("/feed", FeedEntry.of("a-121", "Dépêche arrivée quand le tampon était plein"));
      Await.result(server.server.scheduler().pollNow("alpha"));
      Thread.sleep(500);
      assertThat(sse.headlines()).hasSize(120);

      pg.restart();
      // the interval is an hour: only a prompt retry of the deferred poll brings a-121 in time
      sse.awaitHeadlines(121, 30_000);
      Await.until(() -> pg.count("SELECT count(*) FROM items") == 122, 30_000, "every item stored");
      assertThat(pg.count("SELECT count(DISTINCT item_key) FROM items")).isEqualTo(122);
      Thread.sleep(1_000);
      assertThat(sse.headlines()).hasSize(121);
      assertThat(sse.headlines().stream().map(e -> e.json().getString("id")).distinct().count())
          .isEqualTo(121);
      Await.result(sse.close());
    } finally {
      server.close();
      Await.result(outlet.stop());
      Await.result(vertx.close());
      pg.close();
    }
  }
}
