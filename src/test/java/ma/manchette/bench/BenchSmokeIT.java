package ma.manchette.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bench in miniature, so its code keeps working: 200 subscribers for a few seconds, SSE and WS,
 * on each server.
 */
class BenchSmokeIT {
  private static final int N = 200;
  private Vertx vertx;
  private BenchOutlet outlet;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new BenchOutlet(vertx).start());
  }

  @AfterEach
  void tearDown() throws Exception {
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private TestServer server(Map<String, String> env) throws Exception {
    // the load comes from a handful of loopback addresses: lift the per-address stream cap, keep
    // the global one
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("MANCHETTE_STREAMS_PER_ADDRESS", "100000");
    all.put("MANCHETTE_RATE_LIMIT", "100000");
    TestServer s =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("bench", "Bench", "fr", outlet.feedUrl(), "300ms")),
            all);
    Await.until(() -> s.server.registry().get("bench").health.polls() > 0, 20_000, "first poll");
    return s;
  }

  /**
   * Connects N subscribers, publishes 3 headlines, and checks everyone got each one exactly once.
   */
  private BenchResult run(int port, String transport, int expectConnected, Runnable publish)
      throws Exception {
    return run(
        new LoadGenerator.Options("127.0.0.1", port, transport, N, 2, 4), expectConnected, publish);
  }

  private BenchResult run(LoadGenerator.Options options, int expectConnected, Runnable publish)
      throws Exception {
    LoadGenerator gen = new LoadGenerator(vertx, options);
    BenchResult r = Await.result(gen.connect());
    assertThat(r.connected.get())
        .as("connected, first error %s", r.firstError())
        .isEqualTo(expectConnected);
    // WebSocket subscribers are live once the server has read their subscribe message
    Thread.sleep(1_000);
    for (int i = 0; i < 3; i++) {
      publish.run();
      Thread.sleep(700);
    }
    Await.until(
        () ->
            r.items().size() >= 3
                && r.items().values().stream().allMatch(s -> s[2] >= expectConnected),
        20_000,
        "every headline at every subscriber");
    Await.result(gen.close());
    assertThat(r.lost.get()).isZero();
    assertThat(r.failed.get()).isZero();
    assertThat(r.items()).hasSize(3);
    assertThat(r.items().values())
        .allSatisfy(s -> assertThat(s[2]).as("deliveries").isEqualTo(expectConnected));
    assertThat(r.fanoutMs()).hasSize(3 * expectConnected);
    assertThat(java.util.Arrays.stream(r.fanoutMs()).min().getAsInt()).isGreaterThanOrEqualTo(0);
    assertThat(java.util.Arrays.stream(r.fanoutMs()).max().getAsInt()).isLessThan(20_000);
    return r;
  }

  @Test
  void everySseAndWebSocketSubscriberGetsEveryHeadlineFromManchette() throws Exception {
    try (TestServer s = server(Map.of())) {
      BenchResult sse = run(s.port(), "sse", N, () -> outlet.publish(1));
      // publication → receipt includes the poll interval, so it is never shorter than detection →
      // receipt
      assertThat(sse.endToEndMs()).hasSize(3 * N);
      assertThat(BenchResult.percentile(sse.endToEndMs(), 50))
          .isGreaterThanOrEqualTo(BenchResult.percentile(sse.fanoutMs(), 50));
      run(s.port(), "ws", N, () -> outlet.publish(1));
    }
  }

  @Test
  void beyondTheCapSubscribersAreRefusedWith503AndRetryAfter() throws Exception {
    try (TestServer s = server(Map.of("MANCHETTE_MAX_SUBSCRIBERS", "150"))) {
      LoadGenerator gen =
          new LoadGenerator(
              vertx, new LoadGenerator.Options("127.0.0.1", s.port(), "sse", N, 2, 2));
      BenchResult r = Await.result(gen.connect());
      assertThat(r.connected.get()).isEqualTo(150);
      assertThat(r.refused.get()).isEqualTo(50);
      assertThat(r.refusedWithRetryAfter.get()).isEqualTo(50);
      // the server keeps serving the subscribers it accepted, and REST still answers
      outlet.publish(1);
      Await.until(
          () -> r.items().values().stream().anyMatch(x -> x[2] == 150),
          20_000,
          "headline to the 150");
      assertThat(Http.get(vertx, s.port(), "/api/items").status()).isEqualTo(200);
      Await.result(gen.close());
    }
  }

  @Test
  void theReferenceServerFansOutToSseAndWebSocket() throws Exception {
    ReferenceServer ref = Await.result(new ReferenceServer(vertx).start("127.0.0.1", 0));
    try {
      run(ref.port(), "sse", N, () -> ref.publish(System.currentTimeMillis()));
      run(ref.port(), "ws", N, () -> ref.publish(System.currentTimeMillis()));
    } finally {
      Await.result(ref.stop());
    }
  }

  @Test
  void nchanFansOutToSseAndWebSocket() throws Exception {
    assumeTrue(NchanPeer.available(), "nginx or libnginx-mod-nchan is not installed");
    try (NchanPeer peer = NchanPeer.start(java.nio.file.Files.createTempDirectory("bench-nchan"))) {
      Runnable publish =
          () -> {
            try {
              peer.publish();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
      long cpu = peer.process.cpuTicks();
      run(peer.port, "sse", N, publish);
      run(new LoadGenerator.Options("127.0.0.1", peer.port, "ws", N, 2, 4, false), N, publish);
      // master and both workers counted: the workers did the fan-out
      assertThat(peer.process.rssKiB()).isGreaterThan(0);
      assertThat(peer.process.cpuTicks()).isGreaterThanOrEqualTo(cpu);
      assertThat(peer.errorLog()).doesNotContain("[emerg]").doesNotContain("[alert]");
    }
  }
}
