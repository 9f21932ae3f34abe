package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import ma.manchette.support.Await;
import ma.manchette.support.Closers;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.Nginx;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import ma.manchette.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deployment the README describes: Debian's nginx running the shipped
 * deploy/nginx/manchette.conf in front of two nodes on one PostgreSQL, readers on their own
 * loopback addresses (127.0.1.x) as they would be on the internet. Limits count each reader, events
 * pass at once, WebSockets upgrade, and a stopped node's readers resume on the other one with
 * nothing lost or repeated.
 */
class BehindNginxIT {
  private final Vertx vertx = Vertx.vertx();
  private final List<AutoCloseable> closers = new ArrayList<>();
  private final TestServer[] nodes = new TestServer[2];
  private final AtomicInteger published = new AtomicInteger();
  private FakeOutlet outlet;
  private Nginx nginx;

  @BeforeEach
  void start() throws Exception {
    if (Nginx.binary() == null) {
      if ("true".equals(System.getenv("CI")))
        fail("nginx is not installed; .ci/run installs it (apt-get install nginx)");
      Assumptions.abort(
          "nginx is not installed (apt-get install nginx): the tests behind a real proxy are skipped");
    }
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/o1", List.of(FeedEntry.of("archive-0", "Archive")));
    String db = TestDatabase.freshDatabaseUrl();
    List<String> yaml =
        List.of(TestServer.outlet("o1", "Outlet one", "fr", outlet.url("/o1"), "300ms"));
    for (int n = 0; n < 2; n++) {
      nodes[n] =
          TestServer.start(
              db,
              yaml,
              Map.of(
                  "MANCHETTE_NODE_ID",
                  String.valueOf(n + 1),
                  "MANCHETTE_LEASE_SECONDS",
                  "3",
                  "MANCHETTE_TRUSTED_PROXIES",
                  "127.0.0.1/32"));
      closers.add(nodes[n]);
    }
    nginx = Nginx.start(List.of(nodes[0].port(), nodes[1].port()));
    closers.add(nginx);
    Await.until(
        () -> TestDatabase.count(db, "SELECT count(*) FROM outlet_state WHERE primed") == 1,
        20_000,
        "first poll stored");
  }

  @AfterEach
  void stop() throws Exception {
    Closers.closeAll(closers);
    if (outlet != null) Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private String publish() {
    String title = "Titre " + published.incrementAndGet();
    outlet.publish("/o1", FeedEntry.of("g-" + published.get(), title));
    return title;
  }

  private SseClient reader(String address, Map<String, String> headers) throws Exception {
    SseClient c =
        Await.result(SseClient.connect(vertx, nginx.port, "/api/stream", null, address, headers));
    closers.add(() -> c.close());
    return c;
  }

  @Test
  void everyReaderIsCountedByTheirOwnAddressAndOneAddressStillHitsItsCap() throws Exception {
    List<SseClient> readers = new ArrayList<>();
    for (int i = 1; i <= 40; i++) readers.add(reader("127.0.1." + i, Map.of()));
    assertThat(readers).extracting(SseClient::status).containsOnly(200);
    String title = publish();
    for (SseClient r : readers) r.awaitEvents(ev -> r.titles().contains(title), 20_000);
    int[] perNode = {sseSubscribers(nodes[0]), sseSubscribers(nodes[1])};
    System.out.printf(
        "40 readers through nginx: %d on node 1, %d on node 2%n", perNode[0], perNode[1]);
    assertThat(perNode[0] + perNode[1]).isEqualTo(40);

    // one reader's address: 20 streams, then refused, even when it writes an X-Forwarded-For of its
    // own
    for (int i = 0; i < 20; i++)
      assertThat(reader("127.0.1.200", Map.of()).status()).isEqualTo(200);
    SseClient refused = reader("127.0.1.200", Map.of());
    assertThat(refused.status()).isEqualTo(429);
    Await.until(
        () -> refused.errorBody() != null && refused.errorBody().contains("}"), 5_000, "429 body");
    assertThat(new JsonObject(refused.errorBody()).getString("error"))
        .contains("too many open streams from your address (at most 20)");
    SseClient forged = reader("127.0.1.200", Map.of("X-Forwarded-For", "127.0.9.9"));
    assertThat(forged.status())
        .as("a client's own X-Forwarded-For is left of nginx's entry, never believed")
        .isEqualTo(429);
    assertThat(reader("127.0.1.201", Map.of()).status())
        .as("the next reader is not affected")
        .isEqualTo(200);

    // a peer that is not a trusted proxy cannot name other clients: its forged headers are ignored
    for (int i = 0; i < 20; i++) {
      SseClient direct =
          Await.result(
              SseClient.connect(
                  vertx,
                  nodes[0].port(),
                  "/api/stream",
                  null,
                  "127.0.2.1",
                  Map.of("X-Forwarded-For", "127.0.3." + i)));
      closers.add(() -> direct.close());
      assertThat(direct.status()).isEqualTo(200);
    }
    SseClient direct21 =
        Await.result(
            SseClient.connect(
                vertx,
                nodes[0].port(),
                "/api/stream",
                null,
                "127.0.2.1",
                Map.of("X-Forwarded-For", "127.0.3.99")));
    closers.add(() -> direct21.close());
    assertThat(direct21.status()).isEqualTo(429);
    System.out.println(
        "one forwarded address: 20 streams accepted, 21st refused (429), also with a forged X-Forwarded-For");

    // self links name the host the reader used, not the node's
    Http.Response rss =
        Http.request(
            vertx,
            nginx.port,
            io.vertx.core.http.HttpMethod.GET,
            "/feed.rss",
            null,
            Map.of("Host", "news.example"));
    assertThat(rss.status()).isEqualTo(200);
    assertThat(rss.body())
        .contains("<link>http://news.example/</link>")
        .doesNotContain("127.0.0.1:" + nodes[0].port())
        .doesNotContain("127.0.0.1:" + nodes[1].port());
  }

  @Test
  void everyEventPassesAtOnceAndInOrder() throws Exception {
    SseClient proxied = reader("127.0.1.1", Map.of());
    TestServer home = sseSubscribers(nodes[0]) == 1 ? nodes[0] : nodes[1];
    SseClient direct = Await.result(SseClient.connect(vertx, home.port(), "/api/stream", null));
    closers.add(() -> direct.close());

    // a single event with nothing after it: a buffering proxy would hold it until its buffer fills
    String lone = publish();
    proxied.awaitEvents(ev -> proxied.titles().contains(lone), 5_000);

    int events = 120;
    for (int i = 0; i < events; i++) {
      publish();
      Thread.sleep(40);
    }
    proxied.awaitHeadlines(events + 1, 60_000);
    direct.awaitHeadlines(events + 1, 60_000);
    List<String> ids = proxied.headlines().stream().map(SseClient.Event::id).toList();
    assertThat(ids)
        .as("same events, same order, once each")
        .isEqualTo(direct.headlines().stream().map(SseClient.Event::id).toList());
    assertThat(new HashSet<>(ids)).hasSize(events + 1);

    List<Long> viaNginx = new ArrayList<>();
    List<Long> straight = new ArrayList<>();
    List<Long> extra = new ArrayList<>();
    for (SseClient.Event e : proxied.headlines()) {
      long detected = Instant.parse(e.json().getString("detectedAt")).toEpochMilli();
      long a = proxied.receivedAt.get(e.id());
      long b = direct.receivedAt.get(e.id());
      viaNginx.add(a - detected);
      straight.add(b - detected);
      extra.add(a - b);
    }
    System.out.printf(
        "SSE over %d events, detection to receipt: through nginx p50 %d / p99 %d ms, direct p50 %d / p99 %d ms;"
            + " added by nginx p50 %d / p99 %d ms%n",
        extra.size(),
        pct(viaNginx, 50),
        pct(viaNginx, 99),
        pct(straight, 50),
        pct(straight, 99),
        pct(extra, 50),
        pct(extra, 99));
  }

  @Test
  void webSocketsUpgradeThroughNginxAndCountAgainstTheReadersAddress() throws Exception {
    WsClient ws = Await.result(WsClient.connect(vertx, nginx.port, "127.0.1.60"));
    closers.add(() -> ws.close());
    ws.send(new JsonObject().put("type", "subscribe"));
    ws.await(m -> !ws.ofType("subscribed").isEmpty(), 5_000);
    String title = publish();
    ws.await(
        m ->
            ws.ofType("headline").stream()
                .anyMatch(h -> title.equals(h.getJsonObject("item").getString("title"))),
        20_000);

    for (int i = 0; i < 19; i++) {
      WsClient more = Await.result(WsClient.connect(vertx, nginx.port, "127.0.1.60"));
      closers.add(() -> more.close());
    }
    try {
      Await.result(WsClient.connect(vertx, nginx.port, "127.0.1.60"));
      fail("the 21st WebSocket from one address was accepted");
    } catch (java.util.concurrent.ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(UpgradeRejectedException.class);
      assertThat(((UpgradeRejectedException) e.getCause()).getStatus()).isEqualTo(429);
    }
    WsClient other = Await.result(WsClient.connect(vertx, nginx.port, "127.0.1.61"));
    closers.add(() -> other.close());
  }

  @Test
  void aStoppedNodesReadersResumeOnTheOtherNodeWithNothingLostOrRepeated() throws Exception {
    SseClient first = reader("127.0.1.7", Map.of());
    List<String> titles = new ArrayList<>();
    for (int i = 0; i < 5; i++) titles.add(publish());
    first.awaitHeadlines(5, 20_000);
    int home = sseSubscribers(nodes[0]) == 1 ? 0 : 1;

    // headlines keep coming while the reader's node goes away
    Thread feeder =
        new Thread(
            () -> {
              for (int i = 0; i < 40; i++) {
                synchronized (titles) {
                  titles.add(publish());
                }
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    feeder.start();
    long stopAt = System.currentTimeMillis();
    nodes[home].close();
    closers.remove(nodes[home]);
    Await.until(() -> first.ended, 20_000, "the stopped node to end the stream");
    long endedAt = System.currentTimeMillis();
    // as EventSource does: reconnect to the same URL with the last id seen
    SseClient resumed =
        Await.result(
            SseClient.connect(
                vertx, nginx.port, "/api/stream", first.lastId(), "127.0.1.7", Map.of()));
    closers.add(() -> resumed.close());
    long reconnectedAt = System.currentTimeMillis();
    assertThat(resumed.status()).isEqualTo(200);
    assertThat(sseSubscribers(nodes[1 - home])).isGreaterThanOrEqualTo(1);
    feeder.join();
    resumed.awaitHeadlines(titles.size() - first.headlines().size(), 60_000);

    List<SseClient.Event> all = new ArrayList<>(first.headlines());
    all.addAll(resumed.headlines());
    List<String> got = all.stream().map(e -> e.json().getString("title")).toList();
    assertThat(got).as("every headline once").containsExactlyInAnyOrderElementsOf(titles);
    List<Long> ids = all.stream().map(e -> Long.parseLong(e.id())).toList();
    assertThat(ids).isSorted();
    long firstAfter =
        resumed.headlines().stream()
            .mapToLong(e -> resumed.receivedAt.get(e.id()))
            .min()
            .orElse(-1);
    System.out.printf(
        "failover through nginx: stream ended %d ms after the stop, resumed on node %d %d ms after the stop,"
            + " first headline on it %d ms after the stop; %d headlines before, %d after, 0 lost, 0 repeated%n",
        endedAt - stopAt,
        2 - home,
        reconnectedAt - stopAt,
        firstAfter - stopAt,
        first.headlines().size(),
        resumed.headlines().size());
  }

  private int sseSubscribers(TestServer node) throws Exception {
    return Http.get(vertx, node.port(), "/api/stats")
        .json()
        .getJsonObject("subscribers")
        .getInteger("sse");
  }

  private static long pct(List<Long> values, int p) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
