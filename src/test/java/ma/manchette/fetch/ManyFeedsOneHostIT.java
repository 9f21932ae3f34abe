package ma.manchette.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import ma.manchette.outlet.OutletHealth;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three hundred outlets whose feeds all live on one host and port, answering slowly: every first
 * poll waits its turn and succeeds, no outlet shows an error, and the host never sees more than two
 * connections from us.
 */
class ManyFeedsOneHostIT {
  private static final Logger LOG = LoggerFactory.getLogger(ManyFeedsOneHostIT.class);
  private static final int OUTLETS = 300;
  // slow enough that the first polls (spread over 5 s) far outrun what two connections serve
  private static final long ANSWER_MS = 150;

  @Test
  void everyFirstPollSucceedsWithTwoConnectionsAtMost() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeOutlet host = new FakeOutlet(vertx);
    Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    AtomicInteger mostOpen = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    List<String> yaml = new ArrayList<>();
    String feed = FakeOutlet.rss(List.of(FeedEntry.of("r-1", "Rubrique : premier titre")));
    Consumer<HttpServerRequest> slowFeed =
        req -> {
          HttpConnection c = req.connection();
          if (open.add(c)) {
            c.closeHandler(v -> open.remove(c));
            mostOpen.accumulateAndGet(open.size(), Math::max);
          }
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          vertx.setTimer(
              ANSWER_MS,
              t -> {
                inFlight.decrementAndGet();
                req.response().putHeader("Content-Type", "application/rss+xml").end(feed);
              });
        };
    for (int i = 0; i < OUTLETS; i++) host.serveRaw("/section/" + i, slowFeed);
    Await.result(host.start());
    for (int i = 0; i < OUTLETS; i++)
      yaml.add(TestServer.outlet("s" + i, "Section " + i, "fr", host.url("/section/" + i), "1h"));
    TestServer server = TestServer.start(TestDatabase.freshDatabaseUrl(), yaml, Map.of());
    try {
      List<OutletHealth> health = new ArrayList<>();
      for (int i = 0; i < OUTLETS; i++) health.add(server.server.registry().get("s" + i).health);
      // 300 answers of 150 ms two at a time take ~23 s; a poll that failed also counts as polled
      Await.until(() -> health.stream().allMatch(h -> h.polls() > 0), 120_000, "first polls");
      List<String> failed = new ArrayList<>();
      for (int i = 0; i < OUTLETS; i++) {
        OutletHealth h = health.get(i);
        if (!"200".equals(h.lastStatus()) || h.lastError() != null || h.consecutiveFailures() > 0)
          failed.add("s" + i + ": " + h.lastStatus() + " " + h.lastError());
      }
      LOG.info(
          "{} outlets on one host: {} failed first polls, at most {} connections open and {} requests in flight",
          OUTLETS,
          failed.size(),
          mostOpen.get(),
          mostInFlight.get());
      assertThat(failed).isEmpty();
      assertThat(mostInFlight.get()).isBetween(1, FeedFetcher.CONNECTIONS_PER_HOST);
      assertThat(mostOpen.get()).isLessThanOrEqualTo(FeedFetcher.CONNECTIONS_PER_HOST);
    } finally {
      server.close();
      Await.result(host.stop());
      Await.result(vertx.close());
    }
  }
}
