package ma.manchette;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import ma.manchette.support.Await;
import ma.manchette.support.ChildServer;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.LoopbackPorts;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import ma.manchette.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the server process (a child JVM) right after a push, in the middle of a fast ingest:
 * after the restart on the same database and data directory, clients resuming with their cursor see
 * every headline exactly once, under the id it was first announced with, and PostgreSQL has each
 * once.
 */
class HardKillJournalIT {
  private static final int HEADLINES = 600;

  private final Vertx vertx = Vertx.vertx();
  private FakeOutlet outlet;
  private String db;
  private Path outlets;
  private Path dataDir;
  private final List<Process> children = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/fr", List.of(FeedEntry.of("fr-0", "Archive du jour")));
    db = TestDatabase.freshDatabaseUrl();
    dataDir = Files.createTempDirectory("manchette-data");
    outlets = Files.createTempFile("outlets", ".yaml");
    Files.writeString(
        outlets,
        "outlets:\n" + TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "200ms"));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : children) p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private Process startChild(int port) throws Exception {
    ChildServer child = ChildServer.start(vertx, port, db, dataDir, outlets, Map.of());
    children.add(child.process());
    return child.process();
  }

  /** Item key (guid) to id, as stored. */
  private Map<String, Long> storedIds() throws Exception {
    String name = db.substring(db.lastIndexOf('/') + 1);
    Map<String, Long> ids = new HashMap<>();
    try (Connection c = TestDatabase.shared().getDatabase("postgres", name).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT item_key, id FROM items")) {
      while (rs.next()) ids.put(rs.getString(1), rs.getLong(2));
    }
    return ids;
  }

  /** A client's headlines in arrival order: title, id and key as it saw them. */
  private record Seen(String title, String id, String key) {}

  private static List<Seen> seen(SseClient c) {
    return c.headlines().stream()
        .map(
            e ->
                new Seen(
                    e.json().getString("title"),
                    e.json().getString("id"),
                    e.json().getString("key")))
        .toList();
  }

  private static List<Seen> seen(WsClient c) {
    return c.ofType("headline").stream()
        .map(JsonObject.class::cast)
        .map(m -> m.getJsonObject("item"))
        .map(i -> new Seen(i.getString("title"), i.getString("id"), i.getString("key")))
        .toList();
  }

  private static WsClient subscribe(Vertx vertx, int port, String since) throws Exception {
    WsClient ws = Await.result(WsClient.connect(vertx, port));
    JsonObject sub = new JsonObject().put("type", "subscribe");
    if (since != null) sub.put("since", since);
    ws.send(sub);
    ws.await(m -> !ws.ofType("subscribed").isEmpty(), 10_000);
    return ws;
  }

  @Test
  void resumingClientsSeeEveryHeadlineOnceUnderItsFirstIdAfterAHardKill() throws Exception {
    int port = LoopbackPorts.free();
    Process first = startChild(port);
    Await.until(
        () -> TestDatabase.count(db, "SELECT count(*) FROM outlet_state WHERE primed") == 1,
        20_000,
        "first poll stored");
    List<SseClient> sse = new ArrayList<>();
    for (int i = 0; i < 3; i++)
      sse.add(Await.result(SseClient.connect(vertx, port, "/api/stream", null)));
    WsClient ws = subscribe(vertx, port, null);

    // 50 headlines a second, the whole time: before, during and after the kill
    AtomicInteger published = new AtomicInteger();
    long timer =
        vertx.setPeriodic(
            20,
            t -> {
              int n = published.incrementAndGet();
              if (n <= HEADLINES) outlet.publish("/fr", FeedEntry.of("fr-" + n, "Dépêche " + n));
            });
    try {
      // kill the moment a push arrives: that poll's writes are most likely still queued
      int pushedBefore = HEADLINES / 3;
      sse.get(0).awaitHeadlines(pushedBefore, 60_000);
      int count = sse.get(0).headlines().size();
      while (sse.get(0).headlines().size() == count) TimeUnit.MILLISECONDS.sleep(1);
      first.destroyForcibly(); // kill -9
      assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();

      Map<String, Long> atKill = storedIds();
      Set<String> pushedNotStored = new HashSet<>();
      for (Seen s : seen(sse.get(0)))
        if (!atKill.containsValue(Long.parseLong(s.id()))) pushedNotStored.add(s.title());

      Process second = startChild(port);
      List<SseClient> resumed = new ArrayList<>();
      for (SseClient c : sse)
        resumed.add(Await.result(SseClient.connect(vertx, port, "/api/stream", c.lastId())));
      List<Seen> wsBefore = seen(ws);
      WsClient wsResumed = subscribe(vertx, port, wsBefore.get(wsBefore.size() - 1).id());

      Await.until(
          () -> TestDatabase.count(db, "SELECT count(*) FROM items") == HEADLINES + 1,
          60_000,
          "every headline stored");
      List<List<Seen>> clients = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int k = i;
        Await.until(
            () -> sse.get(k).headlines().size() + resumed.get(k).headlines().size() >= HEADLINES,
            30_000,
            "SSE client " + k + " has every headline");
        List<Seen> all = new ArrayList<>(seen(sse.get(k)));
        all.addAll(seen(resumed.get(k)));
        clients.add(all);
      }
      Await.until(
          () -> wsBefore.size() + seen(wsResumed).size() >= HEADLINES,
          30_000,
          "WebSocket client has every headline");
      List<Seen> wsAll = new ArrayList<>(wsBefore);
      wsAll.addAll(seen(wsResumed));
      clients.add(wsAll);
      Thread.sleep(1_000); // a few more polls of the unchanged feed: nothing more may arrive

      Map<String, Long> stored = storedIds();
      assertThat(stored).hasSize(HEADLINES + 1);
      Map<String, String> idOfTitle = new HashMap<>();
      Map<String, String> keyOfTitle = new HashMap<>();
      for (List<Seen> client : clients) {
        assertThat(client).extracting(Seen::title).doesNotHaveDuplicates().hasSize(HEADLINES);
        for (Seen s : client) {
          // the same id on every client, and the one PostgreSQL has
          assertThat(idOfTitle.computeIfAbsent(s.title(), t -> s.id())).isEqualTo(s.id());
          assertThat(keyOfTitle.computeIfAbsent(s.title(), t -> s.key())).isEqualTo(s.key());
          String guid = "g:fr-" + s.title().substring("Dépêche ".length());
          assertThat(stored.get(guid)).as(s.title()).isEqualTo(Long.parseLong(s.id()));
          assertThat(s.key()).startsWith("alpha-fr:");
        }
      }
      assertThat(new HashSet<>(keyOfTitle.values())).hasSize(HEADLINES);
      System.out.println(
          "FIGURE hard kill during ingest: "
              + pushedNotStored.size()
              + " headlines pushed and not yet stored at the kill, each announced once after it");
      second.destroy();
      assertThat(second.waitFor(40, TimeUnit.SECONDS)).isTrue();
    } finally {
      vertx.cancelTimer(timer);
    }
  }
}
