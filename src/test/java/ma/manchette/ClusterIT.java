package ma.manchette;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ma.manchette.support.Await;
import ma.manchette.support.Closers;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in this JVM on one PostgreSQL database, one fake outlet server with six outlets: each
 * outlet polled by one node, every subscriber on every node gets every headline once and in id
 * order, resume works across nodes, and a node that dies has its outlets taken over with nothing
 * lost or repeated.
 */
class ClusterIT {
  private static final int OUTLETS = 6;
  private static final int LEASE_SECONDS = 3;
  private final Vertx vertx = Vertx.vertx();
  private final List<AutoCloseable> closers = new ArrayList<>();
  private final TestServer[] nodes = new TestServer[3];
  private FakeOutlet outlet;
  private String db;

  @AfterEach
  void tearDown() throws Exception {
    Closers.closeAll(closers);
    if (outlet != null) Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private static String id(int i) {
    return "o" + i;
  }

  @Test
  void threeNodesShareOutletsAndEverySubscriberGetsEveryHeadlineOnce() throws Exception {
    outlet = Await.result(new FakeOutlet(vertx).start());
    List<String> yaml = new ArrayList<>();
    for (int i = 1; i <= OUTLETS; i++) {
      outlet.set("/" + id(i), List.of(FeedEntry.of(id(i) + "-0", "Archive " + i)));
      yaml.add(TestServer.outlet(id(i), "Outlet " + i, "fr", outlet.url("/" + id(i)), "300ms"));
    }
    db = TestDatabase.freshDatabaseUrl();
    for (int n = 0; n < 3; n++) {
      TestServer s =
          TestServer.start(
              db,
              yaml,
              Map.of(
                  "MANCHETTE_CLUSTER",
                  "1",
                  "MANCHETTE_NODE_ID",
                  String.valueOf(n + 1),
                  "MANCHETTE_LEASE_SECONDS",
                  String.valueOf(LEASE_SECONDS)));
      nodes[n] = s;
      closers.add(s);
    }
    // the shares settle: two outlets per node, as PostgreSQL says too
    Await.until(() -> balanced(3), 30_000, "two leased outlets per node");
    Await.until(
        () -> TestDatabase.count(db, "SELECT count(*) FROM outlet_state WHERE primed") == OUTLETS,
        20_000,
        "first polls stored");

    // each outlet polled by one node only: the one PostgreSQL names as lease owner
    long[][] before = polls();
    Thread.sleep(3_000);
    long[][] after = polls();
    for (int i = 1; i <= OUTLETS; i++) {
      List<Integer> polledBy = new ArrayList<>();
      for (int n = 0; n < 3; n++) if (after[n][i] > before[n][i]) polledBy.add(n + 1);
      long owner =
          TestDatabase.count(
              db, "SELECT lease_owner FROM outlet_state WHERE outlet_id = '" + id(i) + "'");
      assertThat(polledBy).as("nodes polling " + id(i)).containsExactly((int) owner);
    }

    SseClient[] subs = new SseClient[3];
    for (int n = 0; n < 3; n++) subs[n] = sse(nodes[n], null);
    Set<String> expected = new HashSet<>();
    for (int round = 1; round <= 3; round++) {
      for (int i = 1; i <= OUTLETS; i++) {
        String title = "Nouvelle " + round + " de " + id(i);
        outlet.publish("/" + id(i), FeedEntry.of(id(i) + "-" + round, title));
        expected.add(title);
      }
      Thread.sleep(400);
    }
    for (SseClient s : subs) s.awaitHeadlines(expected.size(), 20_000);
    for (SseClient s : subs) assertOnceInOrder(s, expected);
    report("cross-node delivery", subs);
    String m = ma.manchette.support.Http.get(vertx, nodes[1].port(), "/metrics").body();
    m.lines()
        .filter(
            l ->
                l.startsWith("manchette_cluster_arrival_lag_seconds")
                    || l.startsWith("manchette_cluster_late"))
        .forEach(l -> System.out.println("FIGURE node 2 " + l));
    assertThat(MetricsValue.of(m, "manchette_cluster_late_events_total")).isEqualTo(0);

    // resume on another node: a client of node 3 leaves, comes back to node 2 with its
    // Last-Event-ID
    String cursor = subs[2].lastId();
    Await.result(subs[2].close());
    Set<String> missed = new HashSet<>();
    for (int i = 1; i <= OUTLETS; i++) {
      String title = "Pendant l'absence " + id(i);
      outlet.publish("/" + id(i), FeedEntry.of(id(i) + "-away", title));
      missed.add(title);
      expected.add(title);
    }
    subs[0].awaitHeadlines(expected.size(), 20_000);
    SseClient back = sse(nodes[1], cursor);
    back.awaitHeadlines(missed.size(), 20_000);
    Thread.sleep(1_500);
    assertOnceInOrder(back, missed);

    // node 1 dies (no lease handed back, queued writes lost) just after its outlets changed
    Set<String> ofNode1 = new HashSet<>(nodes[0].server.leases().held());
    assertThat(ofNode1).hasSize(2);
    for (String o : ofNode1) {
      String title = "Juste avant la panne " + o;
      outlet.publish("/" + o, FeedEntry.of(o + "-crash", title));
      expected.add(title);
    }
    Thread.sleep(150);
    long crashedAt = System.currentTimeMillis();
    Await.result(nodes[0].server.crash());
    closers.remove(nodes[0]);
    for (String o : ofNode1) {
      String title = "Après la panne " + o;
      outlet.publish("/" + o, FeedEntry.of(o + "-after", title));
      expected.add(title);
    }
    // taken over within two lease periods (plus a generous margin for this loaded machine)
    Await.until(
        () -> balanced(2), 4 * LEASE_SECONDS * 1_000 + 10_000, "outlets of node 1 taken over");
    long takenOverMs = System.currentTimeMillis() - crashedAt;
    subs[1].awaitHeadlines(expected.size(), 20_000);
    Thread.sleep(1_500);
    assertOnceInOrder(subs[1], expected);
    Set<String> since = new HashSet<>(expected);
    since.removeIf(
        t -> !(t.startsWith("Juste") || t.startsWith("Après") || t.startsWith("Pendant")));
    back.awaitHeadlines(since.size(), 20_000);
    assertOnceInOrder(back, since);
    // PostgreSQL: every published entry stored exactly once
    assertThat(TestDatabase.count(db, "SELECT count(*) FROM items"))
        .isEqualTo(OUTLETS + expected.size());
    assertThat(TestDatabase.count(db, "SELECT count(DISTINCT (outlet_id, item_key)) FROM items"))
        .isEqualTo(OUTLETS + expected.size());
    System.out.println(
        "FIGURE takeover after crash: " + takenOverMs + " ms (lease " + LEASE_SECONDS + " s)");
  }

  private SseClient sse(TestServer s, String lastEventId) throws Exception {
    SseClient c = Await.result(SseClient.connect(vertx, s.port(), "/api/stream", lastEventId));
    closers.add(() -> Await.result(c.close()));
    return c;
  }

  private boolean balanced(int live) {
    int total = 0;
    for (TestServer s : nodes) {
      if (!closers.contains(s)) continue;
      int held = s.server.leases().held().size();
      if (held != OUTLETS / live) return false;
      total += held;
    }
    return total == OUTLETS
        && TestDatabase.count(db, "SELECT count(*) FROM outlet_state WHERE lease_until > now()")
            == OUTLETS;
  }

  private long[][] polls() {
    long[][] out = new long[3][OUTLETS + 1];
    for (int n = 0; n < 3; n++) {
      for (int i = 1; i <= OUTLETS; i++)
        out[n][i] = nodes[n].server.registry().get(id(i)).health.polls();
    }
    return out;
  }

  private static void assertOnceInOrder(SseClient s, Set<String> titles) {
    List<String> got = s.titles();
    assertThat(got).containsExactlyInAnyOrderElementsOf(titles);
    long last = 0;
    for (SseClient.Event e : s.headlines()) {
      long id = Long.parseLong(e.id());
      assertThat(id).as("ids in order").isGreaterThan(last);
      last = id;
    }
  }

  /**
   * Extra latency of an item detected on another node: its arrival there minus its arrival on the
   * detecting node.
   */
  private void report(String what, SseClient[] subs) {
    List<Long> extra = new ArrayList<>();
    List<Long> local = new ArrayList<>();
    for (SseClient.Event e : subs[0].headlines()) {
      long id = Long.parseLong(e.id());
      int node = (int) ((id >>> 12) & 1023);
      Long here = subs[node - 1].receivedAt.get(e.id());
      long detected = java.time.Instant.parse(e.json().getString("detectedAt")).toEpochMilli();
      if (here != null) local.add(here - detected);
      for (int n = 0; n < 3; n++) {
        if (n == node - 1) continue;
        Long there = subs[n].receivedAt.get(e.id());
        if (there != null && here != null) extra.add(there - here);
      }
    }
    extra.sort(null);
    local.sort(null);
    System.out.println(
        "FIGURE "
            + what
            + ": detected->local subscriber p50 "
            + pct(local, 50)
            + " ms p99 "
            + pct(local, 99)
            + " ms; extra for another node's subscriber p50 "
            + pct(extra, 50)
            + " ms p99 "
            + pct(extra, 99)
            + " ms (n="
            + extra.size()
            + ")");
  }

  private static long pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) return -1;
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}

/** One exact series' value in Prometheus text. */
final class MetricsValue {
  private MetricsValue() {}

  static double of(String text, String series) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "(?m)^" + java.util.regex.Pattern.quote(series) + " (\\S+)$")
            .matcher(text);
    if (!m.find()) throw new AssertionError("no series " + series);
    return Double.parseDouble(m.group(1));
  }
}
