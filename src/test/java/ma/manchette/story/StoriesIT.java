package ma.manchette.story;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
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
 * Two outlets report the same quake: both headlines get one story id, pushed as updates and listed
 * by /api/stories.
 */
class StoriesIT {
  private Vertx vertx;
  private FakeOutlet outlet;
  private TestServer server;
  private TwoOutlets two;
  private final List<AutoCloseable> closers = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    two = TwoOutlets.start();
    vertx = two.vertx;
    outlet = two.outlet;
    server = two.server;
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) closers.get(i).close();
    if (two != null) two.close();
  }

  @Test
  void headlinesAboutTheSameEventShareAStoryPushedAsUpdates() throws Exception {
    SseClient sse = Await.result(SseClient.connect(vertx, server.port(), "/api/stream", null));
    closers.add(() -> sse.close());
    outlet.publish(
        "/a", FeedEntry.of("a-1", "Séisme de magnitude 5,2 ressenti à Agadir et Taroudant"));
    sse.awaitHeadlines(1, 15_000);
    outlet.publish(
        "/b",
        FeedEntry.of("b-1", "Agadir : un séisme de magnitude 5,2 secoue la région de Taroudant"));
    outlet.publish("/b", FeedEntry.of("b-2", "Le Raja change d'entraîneur"));
    sse.awaitHeadlines(3, 15_000);
    sse.awaitEvents(
        evs -> evs.stream().filter(e -> "update".equals(e.event())).count() >= 2, 15_000);

    String first = sse.headlines().get(0).id();
    List<JsonObject> updates =
        sse.events.stream()
            .filter(e -> "update".equals(e.event()))
            .map(SseClient.Event::json)
            .toList();
    assertThat(updates)
        .extracting(u -> u.getString("story"))
        .containsOnly(first); // named after its first headline
    assertThat(updates)
        .extracting(u -> u.getString("outlet"))
        .containsExactlyInAnyOrder("alpha", "beta");
    assertThat(updates)
        .extracting(u -> u.getString("title"))
        .doesNotContain("Le Raja change d'entraîneur");

    Await.until(
        () -> stories().size() == 1 && stories().getJsonObject(0).getJsonArray("items").size() == 2,
        15_000,
        "story stored");
    JsonObject story = stories().getJsonObject(0);
    assertThat(story.getString("id")).isEqualTo(first);
    assertThat(story.getString("title"))
        .isEqualTo("Séisme de magnitude 5,2 ressenti à Agadir et Taroudant");
    assertThat(
            story.getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getString("outlet"))
                .toList())
        .containsExactly("alpha", "beta");
    // the story id is also on the items themselves
    Http.Response item = Http.get(vertx, server.port(), "/api/items/" + first);
    assertThat(item.json().getString("story")).isEqualTo(first);
  }

  private JsonArray stories() {
    try {
      Http.Response r = Http.get(vertx, server.port(), "/api/stories");
      assertThat(r.status()).isEqualTo(200);
      return r.json().getJsonArray("stories");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
