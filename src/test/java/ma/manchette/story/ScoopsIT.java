package ma.manchette.story;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alpha breaks the quake and Beta follows; Beta breaks the budget and Alpha follows: the scoops
 * table gives each one scoop, one follow and, as its median lag, the lag the story itself shows.
 */
class ScoopsIT {
  private Vertx vertx;
  private FakeOutlet outlet;
  private TestServer server;
  private TwoOutlets two;
  private SseClient sse;

  @BeforeEach
  void setUp() throws Exception {
    two = TwoOutlets.start();
    vertx = two.vertx;
    outlet = two.outlet;
    server = two.server;
    sse = Await.result(SseClient.connect(vertx, server.port(), "/api/stream", null));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (sse != null) Await.result(sse.close());
    if (two != null) two.close();
  }

  @Test
  void eachOutletCountsTheStoriesItBrokeAndItsLagWhenItFollowed() throws Exception {
    publishThenWait("/a", "a-1", "Séisme de magnitude 5,2 ressenti à Agadir et Taroudant", 1);
    publishThenWait(
        "/b", "b-1", "Agadir : un séisme de magnitude 5,2 secoue la région, pas de victimes", 2);
    publishThenWait(
        "/b", "b-2", "Le projet de loi de finances 2027 adopté en Conseil de gouvernement", 3);
    publishThenWait(
        "/a",
        "a-2",
        "PLF 2027 : le Conseil de gouvernement adopte le projet de loi de finances",
        4);
    publishThenWait("/a", "a-3", "Le Raja change d'entraîneur", 5); // a story of nobody

    Await.until(() -> twoOutletStories().size() == 2, 20_000, "two stories stored");
    // the lag each outlet shows in its story's timeline, as a reader of the story view sees it
    Map<String, Long> lagWhenFollowing = new HashMap<>();
    Map<String, String> brokeBy = new HashMap<>();
    for (JsonObject s : twoOutletStories()) {
      JsonObject detail =
          Http.get(vertx, server.port(), "/api/stories/" + s.getString("id")).json();
      brokeBy.put(detail.getString("title"), detail.getString("firstOutlet"));
      for (Object o : detail.getJsonArray("outlets")) {
        JsonObject lag = (JsonObject) o;
        if (!lag.getString("outlet").equals(detail.getString("firstOutlet")))
          lagWhenFollowing.put(lag.getString("outlet"), lag.getLong("lagMs"));
      }
    }
    assertThat(brokeBy)
        .containsEntry("Séisme de magnitude 5,2 ressenti à Agadir et Taroudant", "alpha")
        .containsEntry(
            "Le projet de loi de finances 2027 adopté en Conseil de gouvernement", "beta");
    assertThat(lagWhenFollowing.values()).allMatch(l -> l > 0);

    for (String window : List.of("24h", "7d")) {
      Http.Response r = Http.get(vertx, server.port(), "/api/stories/scoops?window=" + window);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().getString("window")).isEqualTo(window);
      JsonArray outlets = r.json().getJsonArray("outlets");
      assertThat(outlets).hasSize(2);
      for (Object o : outlets) {
        JsonObject row = (JsonObject) o;
        String id = row.getString("outlet");
        assertThat(id).isIn("alpha", "beta");
        assertThat(row.getInteger("first")).as(id + " first").isEqualTo(1);
        assertThat(row.getInteger("followed")).as(id + " followed").isEqualTo(1);
        assertThat(row.getLong("medianLagMs"))
            .as(id + " median lag")
            .isEqualTo(lagWhenFollowing.get(id));
      }
    }
  }

  @Test
  void anUnknownWindowIsA400NamingTheParameter() throws Exception {
    for (String bad : List.of("30d", "24", "7D", "week")) {
      Http.Response r = Http.get(vertx, server.port(), "/api/stories/scoops?window=" + bad);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.json().getString("field")).isEqualTo("window");
      assertThat(r.json().getString("error")).contains("24h").contains("7d");
    }
    // no window is the last 24 hours; no story yet is an empty table, not an error
    Http.Response r = Http.get(vertx, server.port(), "/api/stories/scoops");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getString("window")).isEqualTo("24h");
    assertThat(r.json().getJsonArray("outlets")).isEmpty();
  }

  private void publishThenWait(String feed, String guid, String title, int headlines)
      throws InterruptedException {
    outlet.publish(feed, FeedEntry.of(guid, title));
    sse.awaitHeadlines(headlines, 15_000);
  }

  private List<JsonObject> twoOutletStories() {
    try {
      Http.Response r = Http.get(vertx, server.port(), "/api/stories");
      assertThat(r.status()).isEqualTo(200);
      return r.json().getJsonArray("stories").stream()
          .map(JsonObject.class::cast)
          .filter(
              s ->
                  s.getJsonArray("items").stream()
                          .map(i -> ((JsonObject) i).getString("outlet"))
                          .distinct()
                          .count()
                      == 2)
          .toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
