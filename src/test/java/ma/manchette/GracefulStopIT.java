package ma.manchette;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import ma.manchette.support.Await;
import ma.manchette.support.ChildServer;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server as a real child process (java ma.manchette.Main): SIGTERM drains to PostgreSQL; kill
 * -9 loses nothing.
 */
class GracefulStopIT {
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
        "outlets:\n" + TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms"));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : children) p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private ChildServer startChild() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ChildServer child =
        ChildServer.start(
            vertx, port, db, dataDir, outlets, Map.of("MANCHETTE_LOG_FORMAT", "json"));
    children.add(child.process());
    return child;
  }

  private long stored(String key) {
    return TestDatabase.count(db, "SELECT count(*) FROM items WHERE item_key = 'g:" + key + "'");
  }

  @Test
  void sigtermEndsStreamsFlushesWritesAndLogsJson() throws Exception {
    ChildServer c = startChild();
    Await.until(
        () -> TestDatabase.count(db, "SELECT count(*) FROM outlet_state WHERE primed") == 1,
        20_000,
        "first poll stored");
    SseClient sse = Await.result(SseClient.connect(vertx, c.port(), "/api/stream", null));
    for (int i = 1; i <= 5; i++) outlet.publish("/fr", FeedEntry.of("fr-" + i, "Dépêche " + i));
    sse.awaitHeadlines(5, 20_000);

    c.process().destroy(); // SIGTERM
    assertThat(c.process().waitFor(40, TimeUnit.SECONDS)).as("stopped").isTrue();
    // a JVM ended by SIGTERM exits 128+15 even after a clean stop: deploy/manchette.service
    // declares it a success (SuccessExitStatus=143)
    assertThat(c.process().exitValue()).isEqualTo(143);
    for (int i = 1; i <= 5; i++)
      assertThat(stored("fr-" + i)).as("fr-" + i + " in PostgreSQL").isEqualTo(1);
    Await.until(() -> sse.ended, 10_000, "stream ended");
    assertThat(sse.comments).anyMatch(l -> l.contains("reconnect"));

    // JSON logs: one object per line, the stop and the flush among them
    List<JsonObject> lines = new ArrayList<>();
    for (String l : Files.readAllLines(c.log()))
      if (l.startsWith("{")) lines.add(new JsonObject(l));
    assertThat(lines).isNotEmpty();
    assertThat(lines).anyMatch(j -> j.getString("formattedMessage", "").startsWith("stopping:"));
    assertThat(lines)
        .anyMatch(j -> j.getString("formattedMessage", "").startsWith("write queue flushed"));
    assertThat(lines).allMatch(j -> j.containsKey("level") && j.containsKey("loggerName"));
  }

  @Test
  void hardKillLosesNothingAndAnnouncesNothingTwice() throws Exception {
    ChildServer first = startChild();
    Await.until(
        () -> TestDatabase.count(db, "SELECT count(*) FROM outlet_state WHERE primed") == 1,
        20_000,
        "first poll stored");
    SseClient sse = Await.result(SseClient.connect(vertx, first.port(), "/api/stream", null));
    // two headlines pushed and stored, then two more killed right after the push (their writes
    // likely still queued)
    for (int i = 1; i <= 2; i++) outlet.publish("/fr", FeedEntry.of("fr-" + i, "Dépêche " + i));
    sse.awaitHeadlines(2, 20_000);
    Await.until(() -> stored("fr-1") == 1 && stored("fr-2") == 1, 20_000, "first two stored");
    for (int i = 3; i <= 4; i++) outlet.publish("/fr", FeedEntry.of("fr-" + i, "Dépêche " + i));
    sse.awaitHeadlines(4, 20_000);
    first.process().destroyForcibly(); // kill -9: no hook, queued writes gone
    assertThat(first.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
    Set<String> storedBefore = new HashSet<>();
    for (int i = 1; i <= 4; i++) if (stored("fr-" + i) == 1) storedBefore.add("Dépêche " + i);

    ChildServer second = startChild();
    // the client reconnects as EventSource does, with the last id it saw: the new process may have
    // polled already
    SseClient after =
        Await.result(SseClient.connect(vertx, second.port(), "/api/stream", sse.lastId()));
    for (int i = 1; i <= 4; i++) {
      String key = "fr-" + i;
      Await.until(() -> stored(key) == 1, 20_000, key + " stored after the restart");
    }
    long polls = TestDatabase.count(db, "SELECT count(*) FROM items");
    Thread.sleep(2_000); // several more polls of the unchanged feed
    assertThat(TestDatabase.count(db, "SELECT count(*) FROM items")).isEqualTo(polls).isEqualTo(5);
    assertThat(TestDatabase.count(db, "SELECT count(DISTINCT item_key) FROM items")).isEqualTo(5);
    // the detection journal stored what the kill kept out of PostgreSQL: nothing announced again
    assertThat(storedBefore).contains("Dépêche 1", "Dépêche 2");
    assertThat(after.titles()).isEmpty();
    System.out.println(
        "FIGURE hard kill: "
            + storedBefore.size()
            + " of 4 stored before the kill, "
            + after.titles().size()
            + " announced again after");
    second.process().destroy();
    assertThat(second.process().waitFor(40, TimeUnit.SECONDS)).isTrue();
  }
}
