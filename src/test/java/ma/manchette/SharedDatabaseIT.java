package ma.manchette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import ma.manchette.config.AppConfig;
import ma.manchette.support.Await;
import ma.manchette.support.Closers;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes started the plain way (DATABASE_URL, no MANCHETTE_CLUSTER, no MANCHETTE_NODE_ID) on one
 * database share the work instead of doubling it; a node alone holds nothing back; a live twin node
 * id is refused at start.
 */
class SharedDatabaseIT {
  private static final int OUTLETS = 4;
  private static final String LEASE = "3";
  private final Vertx vertx = Vertx.vertx();
  private final List<AutoCloseable> closers = new ArrayList<>();
  private FakeOutlet outlet;

  @AfterEach
  void tearDown() throws Exception {
    Closers.closeAll(closers);
    if (outlet != null) Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private List<String> outlets() throws Exception {
    outlet = Await.result(new FakeOutlet(vertx).start());
    List<String> yaml = new ArrayList<>();
    for (int i = 1; i <= OUTLETS; i++) {
      outlet.set("/o" + i, List.of(FeedEntry.of("o" + i + "-0", "Archive " + i)));
      yaml.add(TestServer.outlet("o" + i, "Outlet " + i, "fr", outlet.url("/o" + i), "1s"));
    }
    return yaml;
  }

  private TestServer node(String db, List<String> yaml, Map<String, String> env) throws Exception {
    Map<String, String> all = new HashMap<>(env);
    all.put("MANCHETTE_LEASE_SECONDS", LEASE);
    TestServer s = TestServer.start(db, yaml, all);
    closers.add(s);
    return s;
  }

  private double metric(TestServer s, String series) throws Exception {
    String text = Http.get(vertx, s.port(), "/metrics").body();
    return MetricsValue.of(text, series);
  }

  /** Fetches of the fake outlets during {@code ms}, all nodes together. */
  private int fetchesDuring(long ms) throws InterruptedException {
    int before = outlet.requests.get();
    Thread.sleep(ms);
    return outlet.requests.get() - before;
  }

  private boolean shared(TestServer a, TestServer b) {
    int ha = a.server.leases().held().size();
    int hb = b.server.leases().held().size();
    return ha == OUTLETS / 2 && hb == OUTLETS / 2;
  }

  @Test
  void twoPlainNodesOnOneDatabasePollEachOutletOnceAndAnnounceEachHeadlineOnceUnderOneId()
      throws Exception {
    String db = TestDatabase.freshDatabaseUrl();
    List<String> yaml = outlets();
    TestServer a = node(db, yaml, Map.of());
    Await.until(
        () -> TestDatabase.count(db, "SELECT count(*) FROM outlet_state WHERE primed") == OUTLETS,
        20_000,
        "first polls");
    // alone: every outlet here, nothing held back
    assertThat(a.server.leases().held()).hasSize(OUTLETS);
    assertThat(metric(a, "manchette_cluster_holding")).isEqualTo(0);
    assertThat(a.server.hub().holding()).isFalse();
    int one = fetchesDuring(6_000);
    SseClient alone = Await.result(SseClient.connect(vertx, a.port(), "/api/stream", null));
    closers.add(() -> Await.result(alone.close()));
    outlet.publish("/o1", FeedEntry.of("o1-alone", "Seul sur la base"));
    alone.awaitHeadlines(1, 20_000);
    SseClient.Event first = alone.headlines().get(0);
    long lag =
        alone.receivedAt.get(first.id())
            - java.time.Instant.parse(first.json().getString("detectedAt")).toEpochMilli();
    System.out.println(
        "FIGURE one node alone on a shared database: detected -> subscriber "
            + lag
            + " ms (hold window 1000 ms, not applied)");

    TestServer b = node(db, yaml, Map.of());
    assertThat(b.server.nodeId())
        .as("a free node id claimed, not the first node's")
        .isNotEqualTo(a.server.nodeId());
    Await.until(() -> shared(a, b), 30_000, "outlets shared between the two nodes");
    Await.until(
        () -> a.server.hub().holding() && b.server.hub().holding(),
        10_000,
        "both hold while two are live");
    assertThat(metric(b, "manchette_cluster_live_nodes")).isEqualTo(2);
    int two = fetchesDuring(6_000);
    System.out.printf(
        "FIGURE fetches in 6 s of %d outlets at 1 s: one node %d, two plain nodes %d (%.2fx)%n",
        OUTLETS, one, two, two / (double) one);
    assertThat((double) two).as("two nodes poll no more than one").isLessThan(one * 1.3);

    SseClient sa = Await.result(SseClient.connect(vertx, a.port(), "/api/stream", null));
    SseClient sb = Await.result(SseClient.connect(vertx, b.port(), "/api/stream", null));
    closers.add(() -> Await.result(sa.close()));
    closers.add(() -> Await.result(sb.close()));
    Set<String> expected = new HashSet<>();
    for (int i = 1; i <= OUTLETS; i++) {
      String title = "Nouvelle de o" + i;
      outlet.publish("/o" + i, FeedEntry.of("o" + i + "-1", title));
      expected.add(title);
    }
    sa.awaitHeadlines(OUTLETS, 20_000);
    sb.awaitHeadlines(OUTLETS, 20_000);
    Thread.sleep(2_500); // a second announcement of any of them would show by now
    assertThat(sa.titles()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(sb.titles()).containsExactlyInAnyOrderElementsOf(expected);
    Map<String, String> idsA = new HashMap<>();
    for (SseClient.Event e : sa.headlines()) idsA.put(e.json().getString("title"), e.id());
    Set<Integer> detectors = new HashSet<>();
    for (SseClient.Event e : sb.headlines()) {
      assertThat(e.id())
          .as("one id on both nodes for " + e.json().getString("title"))
          .isEqualTo(idsA.get(e.json().getString("title")));
      detectors.add(ma.manchette.model.IdGenerator.nodeOf(Long.parseLong(e.id())));
    }
    assertThat(detectors)
        .as("each node detected its own share")
        .containsExactlyInAnyOrder(a.server.nodeId(), b.server.nodeId());
    assertThat(TestDatabase.count(db, "SELECT count(*) FROM items")).isEqualTo(2L * OUTLETS + 1);

    // b leaves: a is alone again and stops holding; nothing of a's later headlines waits for a
    // window
    b.close();
    closers.remove(b);
    Await.until(() -> !a.server.hub().holding(), 15_000, "a alone again, no hold");
    Await.until(
        () -> a.server.leases().held().size() == OUTLETS, 15_000, "a polls everything again");
    outlet.publish("/o1", FeedEntry.of("o1-2", "Seul à nouveau"));
    sa.awaitHeadlines(OUTLETS + 1, 20_000);
    SseClient.Event last = sa.headlines().get(OUTLETS);
    System.out.println(
        "FIGURE alone again after the other node left: detected -> subscriber "
            + (sa.receivedAt.get(last.id())
                - java.time.Instant.parse(last.json().getString("detectedAt")).toEpochMilli())
            + " ms");
    assertThat(sa.titles()).containsOnlyOnce("Seul à nouveau");
  }

  @Test
  void optingOutWithClusterZeroPollsEverythingAgainAsBefore() throws Exception {
    String db = TestDatabase.freshDatabaseUrl();
    List<String> yaml = outlets();
    TestServer a = node(db, yaml, Map.of("MANCHETTE_CLUSTER", "0"));
    Await.until(
        () -> TestDatabase.count(db, "SELECT count(*) FROM outlet_state WHERE primed") == OUTLETS,
        20_000,
        "first polls");
    assertThat(a.server.leases()).isNull();
    int one = fetchesDuring(5_000);
    node(db, yaml, Map.of("MANCHETTE_CLUSTER", "false"));
    Thread.sleep(1_500);
    int two = fetchesDuring(5_000);
    System.out.printf(
        "FIGURE fetches in 5 s with MANCHETTE_CLUSTER=0 on both: one node %d, two nodes %d (%.2fx)%n",
        one, two, two / (double) one);
    assertThat((double) two).isGreaterThan(one * 1.6);

    // a node in cluster mode joins: the opted-out ones say so loudly
    ch.qos.logback.classic.Logger log =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ManchetteServer.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
        new ch.qos.logback.core.read.ListAppender<>();
    seen.start();
    log.addAppender(seen);
    try {
      TestServer plain = node(db, yaml, Map.of());
      Await.until(
          () ->
              seen.list.stream()
                  .anyMatch(
                      e ->
                          e.getLevel() == ch.qos.logback.classic.Level.WARN
                              && e.getFormattedMessage()
                                  .contains(
                                      "other nodes are live on this database (node ids ["
                                          + plain.server.nodeId()
                                          + "])")),
          10_000,
          "a WARN from the opted-out nodes");
    } finally {
      log.detachAppender(seen);
    }
  }

  @Test
  void aSecondLiveNodeWithTheSameNodeIdIsRefusedAtStartButACrashedOnesIdIsTakenOver()
      throws Exception {
    String db = TestDatabase.freshDatabaseUrl();
    List<String> yaml = outlets();
    TestServer first = node(db, yaml, Map.of("MANCHETTE_NODE_ID", "7"));
    long t0 = System.nanoTime();
    assertThatThrownBy(
            () ->
                startOwn(
                    db, yaml, Map.of("MANCHETTE_NODE_ID", "7", "MANCHETTE_LEASE_SECONDS", LEASE)))
        .hasStackTraceContaining("MANCHETTE_NODE_ID=7")
        .hasStackTraceContaining("already used by another live node");
    long refusedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    System.out.println(
        "FIGURE twin node id refused after " + refusedMs + " ms (lease " + LEASE + " s)");
    assertThat(first.server.leases().held()).hasSize(OUTLETS); // the first one is undisturbed
    assertThat(TestDatabase.count(db, "SELECT count(*) FROM cluster_nodes")).isEqualTo(1);

    // a crashed node's row stops being renewed: its successor under the same id starts within one
    // lease period
    Await.result(first.server.crash());
    closers.remove(first);
    long t1 = System.nanoTime();
    TestServer again = node(db, yaml, Map.of("MANCHETTE_NODE_ID", "7"));
    System.out.println(
        "FIGURE restart under a crashed node's id started after "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1)
            + " ms");
    assertThat(again.server.nodeId()).isEqualTo(7);
    Await.until(
        () -> again.server.leases().held().size() == OUTLETS,
        20_000,
        "the successor polls everything");
  }

  @Test
  void aNodeAloneOnItsDatabaseKeepsPollingThroughAnOutageLongerThanItsLease() throws Exception {
    ma.manchette.support.OutagePostgres pg =
        ma.manchette.support.OutagePostgres.start("alone-outage-pg");
    closers.add(pg);
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/feed", List.of(FeedEntry.of("a-0", "Titre historique")));
    TestServer s =
        node(
            pg.url(),
            List.of(TestServer.outlet("alpha", "Alpha", "fr", outlet.url("/feed"), "300ms")),
            Map.of());
    Await.until(
        () -> pg.count("SELECT count(*) FROM outlet_state WHERE primed") == 1,
        15_000,
        "first poll stored");
    SseClient sse = Await.result(SseClient.connect(vertx, s.port(), "/api/stream", null));
    closers.add(() -> Await.result(sse.close()));

    pg.stop();
    Thread.sleep(2 * Long.parseLong(LEASE) * 1_000 + 500); // well past the lease and its local copy
    outlet.publish("/feed", FeedEntry.of("a-1", "Pendant une longue panne"));
    sse.awaitHeadlines(1, 15_000);
    pg.restart();
    Await.until(
        () -> s.server.writer().backlog() == 0 && s.server.writer().databaseUp(),
        30_000,
        "backlog written");
    outlet.publish("/feed", FeedEntry.of("a-2", "Après la panne"));
    sse.awaitHeadlines(2, 15_000);
    Thread.sleep(
        2
            * Long.parseLong(LEASE)
            * 1_000); // a few lease rounds after the outage: nothing announced again
    assertThat(sse.titles()).containsExactly("Pendant une longue panne", "Après la panne");
    assertThat(pg.count("SELECT count(*) FROM items")).isEqualTo(3);
  }

  @Test
  void anUnknownClusterValueIsRefusedNamingTheVariable() {
    assertThatThrownBy(
            () ->
                AppConfig.fromEnvironment(
                    Map.of(
                        "MANCHETTE_CLUSTER",
                        "bogus",
                        "DATABASE_URL",
                        "postgresql://x@127.0.0.1/db")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MANCHETTE_CLUSTER")
        .hasMessageContaining("bogus");
    AppConfig shared =
        AppConfig.fromEnvironment(Map.of("DATABASE_URL", "postgresql://x@127.0.0.1/db"));
    assertThat(shared.cluster().enabled()).isTrue();
    assertThat(shared.cluster().nodeIdGiven()).isFalse();
    AppConfig optedOut =
        AppConfig.fromEnvironment(
            Map.of("DATABASE_URL", "postgresql://x@127.0.0.1/db", "MANCHETTE_CLUSTER", "FALSE"));
    assertThat(optedOut.cluster().enabled()).isFalse();
    assertThat(optedOut.cluster().optedOut()).isTrue();
    AppConfig embedded = AppConfig.fromEnvironment(Map.of());
    assertThat(embedded.cluster().enabled()).isFalse();
    assertThat(embedded.cluster().optedOut()).isFalse();
    assertThat(AppConfig.fromEnvironment(Map.of("MANCHETTE_CLUSTER", "true")).cluster().enabled())
        .isTrue();
  }

  /**
   * A server on its own Vert.x, closed here whatever happens, for starts that are meant to fail.
   */
  private void startOwn(String db, List<String> yaml, Map<String, String> extra) throws Exception {
    Path file = Files.createTempFile("outlets", ".yaml");
    Files.writeString(file, "outlets:\n" + String.join("", yaml));
    Map<String, String> env = new HashMap<>(extra);
    env.put("DATABASE_URL", db);
    env.put("MANCHETTE_HTTP_PORT", "0");
    env.put("MANCHETTE_HTTP_HOST", "127.0.0.1");
    env.put("MANCHETTE_OUTLETS", file.toString());
    Vertx own = Vertx.vertx();
    ManchetteServer server = new ManchetteServer(own, AppConfig.fromEnvironment(env));
    try {
      server.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } finally {
      server
          .stop()
          .eventually(own::close)
          .toCompletionStage()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    }
  }
}
