package ma.manchette;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.Closers;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.Reader;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on one PostgreSQL: an item detected on node 3 and hidden through node 1's admin API
 * is retracted once on every node's stream, under one cursor, and gone from node 2's history and
 * backfill; a picture hidden by readers' reports on node 1 reaches node 2 as one update, and node 2
 * strips that picture from its next headline.
 */
class ClusterEventsIT {
  private static final String ADMIN = "cluster-admin-token-0123456789";
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

  @Test
  void retractsAndUpdatesReachEveryNodeOnce() throws Exception {
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.serveBytes(
        "/img/picture.png",
        Buffer.buffer(
            Files.readAllBytes(
                Path.of("src/test/resources/fixtures/images/picture-original.png"))));
    List<String> yaml = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      outlet.set("/o" + i, List.of(FeedEntry.of("o" + i + "-0", "Archive " + i)));
      yaml.add(TestServer.outlet("o" + i, "Outlet " + i, "fr", outlet.url("/o" + i), "300ms"));
    }
    Path allow = Files.createTempFile("fetch-allow", ".yaml");
    Files.writeString(
        allow, "allow: [127.0.0.0/8]\n"); // the hidden picture is hashed from loopback
    db = TestDatabase.freshDatabaseUrl();
    for (int n = 0; n < 3; n++) {
      nodes[n] =
          TestServer.start(
              db,
              yaml,
              Map.of(
                  "MANCHETTE_CLUSTER",
                  "1",
                  "MANCHETTE_NODE_ID",
                  String.valueOf(n + 1),
                  "MANCHETTE_LEASE_SECONDS",
                  String.valueOf(LEASE_SECONDS),
                  "MANCHETTE_ADMIN_TOKEN",
                  ADMIN,
                  "MANCHETTE_FETCH_ALLOW",
                  allow.toString()));
      closers.add(nodes[n]);
    }
    Await.until(
        () -> heldBy(0) != null && heldBy(1) != null && heldBy(2) != null,
        30_000,
        "one outlet per node");
    Await.until(
        () -> TestDatabase.count(db, "SELECT count(*) FROM outlet_state WHERE primed") == 3,
        20_000,
        "first polls stored");
    SseClient[] subs = new SseClient[3];
    for (int n = 0; n < 3; n++) subs[n] = sse(nodes[n], "/api/stream");

    // node 3 detects both items
    String ofNode3 = heldBy(2);
    String img = outlet.url("/img/picture.png");
    outlet.publish("/" + ofNode3, FeedEntry.of("wrong", "Un titre trompeur"));
    outlet.publish(
        "/" + ofNode3,
        new FeedEntry(
            "pic",
            "Inauguration de la gare",
            "https://example.ma/a/pic",
            "<img src=\"" + img + "\"> Reportage",
            Instant.now()));
    String wrong = null;
    String pic = null;
    for (SseClient s : subs) {
      wrong = awaitHeadline(s, "Un titre trompeur");
      pic = awaitHeadline(s, "Inauguration de la gare");
    }

    // an editor hides the first through node 1
    long hiddenAt = System.currentTimeMillis();
    Http.Response hide =
        Http.request(
            vertx,
            nodes[0].port(),
            HttpMethod.POST,
            "/api/items/" + wrong + "/hide",
            null,
            Map.of("Authorization", "Bearer " + ADMIN));
    assertThat(hide.status()).isEqualTo(200);
    for (SseClient s : subs) awaitEvent(s, "retract", wrong);
    Thread.sleep(1_500); // a second copy would have left the hold window by now
    String cursor = only(subs[0], "retract", wrong).id();
    for (SseClient s : subs) {
      assertThat(only(s, "retract", wrong).id()).as("one cursor on every node").isEqualTo(cursor);
    }
    long onNode1 = subs[0].receivedAt.get(cursor);
    System.out.println(
        "FIGURE retract: hide request -> node 1 subscriber "
            + (onNode1 - hiddenAt)
            + " ms, node 2 "
            + (subs[1].receivedAt.get(cursor) - hiddenAt)
            + " ms, node 3 "
            + (subs[2].receivedAt.get(cursor) - hiddenAt)
            + " ms; extra on other nodes "
            + (subs[1].receivedAt.get(cursor) - onNode1)
            + " / "
            + (subs[2].receivedAt.get(cursor) - onNode1)
            + " ms");
    // node 2's history and backfill (its ring) no longer show it
    assertThat(Http.get(vertx, nodes[1].port(), "/api/items").body())
        .doesNotContain(wrong)
        .contains(pic);
    SseClient backfill = sse(nodes[1], "/api/stream?backfill=50");
    backfill.awaitEvents(
        ev ->
            ev.stream()
                .anyMatch(e -> "Inauguration de la gare".equals(e.json().getString("title"))),
        15_000);
    assertThat(backfill.titles()).doesNotContain("Un titre trompeur");

    // three readers report the picture through node 1: one update without it on every node
    for (String address : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
      Reader r = new Reader(vertx, address);
      closers.add(r);
      assertThat(r.report(nodes[0].port(), pic, "image", "image choquante").status())
          .isEqualTo(202);
    }
    for (SseClient s : subs) awaitEvent(s, "update", pic);
    Thread.sleep(1_500);
    for (SseClient s : subs) assertThat(only(s, "update", pic).json().getValue("image")).isNull();

    // node 2 learnt the hidden picture: its own next headline with it leaves without it
    String ofNode2 = heldBy(1);
    outlet.publish(
        "/" + ofNode2,
        new FeedEntry(
            "pic-again",
            "Le port, un an après",
            "https://example.ma/a/pic-again",
            "<img src=\"" + img + "\"> Retour",
            Instant.now()));
    awaitHeadline(subs[1], "Le port, un an après");
    assertThat(
            subs[1].headlines().stream()
                .filter(e -> e.json().getString("title").equals("Le port, un an après"))
                .findFirst()
                .orElseThrow()
                .json()
                .getValue("image"))
        .isNull();

    String m = Http.get(vertx, nodes[1].port(), "/metrics").body();
    assertThat(MetricsValue.of(m, "manchette_cluster_relayed_events_total{direction=\"received\"}"))
        .isEqualTo(2);
    assertThat(MetricsValue.of(m, "manchette_cluster_late_events_total")).isEqualTo(0);
    String m1 = Http.get(vertx, nodes[0].port(), "/metrics").body();
    assertThat(MetricsValue.of(m1, "manchette_cluster_relayed_events_total{direction=\"sent\"}"))
        .isEqualTo(2);
  }

  /** The one outlet node {@code n} holds, or null while the shares are not settled. */
  private String heldBy(int n) {
    var held = nodes[n].server.leases().held();
    return held.size() == 1 ? held.iterator().next() : null;
  }

  private SseClient sse(TestServer s, String path) throws Exception {
    SseClient c = Await.result(SseClient.connect(vertx, s.port(), path, null));
    closers.add(() -> Await.result(c.close()));
    return c;
  }

  private static String awaitHeadline(SseClient s, String title) throws Exception {
    s.awaitEvents(
        ev ->
            ev.stream()
                .anyMatch(
                    e -> e.event().equals("headline") && e.json().getString("title").equals(title)),
        20_000);
    return s.headlines().stream()
        .filter(e -> e.json().getString("title").equals(title))
        .findFirst()
        .orElseThrow()
        .json()
        .getString("id");
  }

  private static void awaitEvent(SseClient s, String type, String itemId) throws Exception {
    s.awaitEvents(
        ev ->
            ev.stream()
                .anyMatch(e -> e.event().equals(type) && itemId.equals(e.json().getString("id"))),
        15_000);
  }

  /** The single event of this type for this item; fails if there are none or several. */
  private static SseClient.Event only(SseClient s, String type, String itemId) {
    List<SseClient.Event> found =
        s.events.stream()
            .filter(e -> e.event().equals(type) && itemId.equals(e.json().getString("id")))
            .toList();
    assertThat(found).as(type + " events for " + itemId).hasSize(1);
    return found.get(0);
  }
}
