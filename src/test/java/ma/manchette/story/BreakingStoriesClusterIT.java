package ma.manchette.story;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL: a story that breaks among one node's outlets is announced once on
 * each node, not once per node.
 */
class BreakingStoriesClusterIT {
  private static final int OUTLETS = 6;
  private final Vertx vertx = Vertx.vertx();
  private final List<AutoCloseable> closers = new ArrayList<>();
  private final TestServer[] nodes = new TestServer[2];
  private FakeOutlet outlet;

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) closers.get(i).close();
    if (outlet != null) Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  @Test
  void aBreakingStoryReachesTheClientsOfBothNodesOnce() throws Exception {
    outlet = Await.result(new FakeOutlet(vertx).start());
    List<String> yaml = new ArrayList<>();
    for (int i = 1; i <= OUTLETS; i++) {
      outlet.set(
          "/o" + i, List.of(FeedEntry.of("o" + i + "-0", "Le marché de gros fait peau neuve")));
      yaml.add(TestServer.outlet("o" + i, "Outlet " + i, "fr", outlet.url("/o" + i), "300ms"));
    }
    String db = TestDatabase.freshDatabaseUrl();
    for (int n = 0; n < 2; n++) {
      nodes[n] =
          TestServer.start(
              db,
              yaml,
              Map.of(
                  "MANCHETTE_CLUSTER", "1",
                  "MANCHETTE_NODE_ID", String.valueOf(n + 1),
                  "MANCHETTE_LEASE_SECONDS", "3"));
      closers.add(nodes[n]);
    }
    Await.until(
        () ->
            nodes[0].server.leases().held().size() == 3
                && nodes[1].server.leases().held().size() == 3,
        30_000,
        "three leased outlets per node");
    Await.until(
        () -> TestDatabase.count(db, "SELECT count(*) FROM outlet_state WHERE primed") == OUTLETS,
        20_000,
        "first polls stored");
    // a headline is grouped where it is detected: the story breaks among node 1's outlets
    List<String> mine = new ArrayList<>(Set.copyOf(nodes[0].server.leases().held()));
    SseClient[] subs = new SseClient[2];
    for (int n = 0; n < 2; n++) {
      SseClient c =
          Await.result(
              SseClient.connect(vertx, nodes[n].port(), "/api/stream?events=story,update", null));
      closers.add(() -> Await.result(c.close()));
      subs[n] = c;
    }

    List<String> titles =
        List.of(
            "Séisme de magnitude 5,2 ressenti à Agadir et Taroudant",
            "Agadir : un séisme de magnitude 5,2 secoue la région de Taroudant",
            "Un séisme de magnitude 5,2 frappe Agadir et Taroudant");
    for (int i = 0; i < 3; i++) {
      outlet.publish("/" + mine.get(i), FeedEntry.of(mine.get(i) + "-1", titles.get(i)));
      String id = mine.get(i);
      for (SseClient s : subs) // the third one in is the one that breaks it
      if (i > 0) s.awaitEvents(evs -> updates(evs, id) >= 1, 20_000);
    }
    for (SseClient s : subs)
      s.awaitEvents(evs -> evs.stream().anyMatch(e -> "story".equals(e.event())), 20_000);
    // a later follow-up of the same story: once its update is in, a second announcement would be
    String first = mine.get(0);
    outlet.publish(
        "/" + first,
        FeedEntry.of(first + "-2", "Séisme de magnitude 5,2 à Agadir et Taroudant : le bilan"));
    for (SseClient s : subs) s.awaitEvents(evs -> updates(evs, first) >= 2, 20_000);

    for (SseClient s : subs) {
      List<SseClient.Event> stories =
          s.events.stream().filter(e -> "story".equals(e.event())).toList();
      assertThat(stories).hasSize(1);
      assertThat(stories.get(0).json().getJsonArray("outlets").getList())
          .containsExactlyInAnyOrderElementsOf(mine.subList(0, 3));
    }
    assertThat(
            subs[1].events.stream().filter(e -> "story".equals(e.event())).findFirst().get().data())
        .isEqualTo(
            subs[0].events.stream()
                .filter(e -> "story".equals(e.event()))
                .findFirst()
                .get()
                .data());
  }

  private static long updates(List<SseClient.Event> evs, String outletId) {
    return evs.stream()
        .filter(e -> "update".equals(e.event()))
        .filter(e -> outletId.equals(e.json().getString("outlet")))
        .count();
  }
}
