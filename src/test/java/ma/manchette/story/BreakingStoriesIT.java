package ma.manchette.story;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import ma.manchette.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Four outlets report the same quake one after the other: the third one makes it a breaking story,
 * pushed once to a stories-only stream; the story's page says who had it first and how far behind
 * the others were.
 */
class BreakingStoriesIT {
  private static final List<String> OUTLETS = List.of("alpha", "beta", "gamma", "delta");

  private Vertx vertx;
  private FakeOutlet outlet;
  private TestServer server;
  private final List<AutoCloseable> closers = new ArrayList<>();
  // feeds date their items to the second; the quake was reported over five minutes
  private final Instant reported = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    List<String> yaml = new ArrayList<>();
    for (String id : OUTLETS) {
      outlet.set("/" + id, List.of(FeedEntry.of(id + "-0", "Le marché de gros fait peau neuve")));
      yaml.add(TestServer.outlet(id, id.toUpperCase(), "fr", outlet.url("/" + id), "300ms"));
    }
    server = TestServer.start(TestDatabase.freshDatabaseUrl(), yaml, Map.of());
    Await.until(
        () -> OUTLETS.stream().allMatch(id -> server.server.registry().get(id).health.polls() > 0),
        20_000,
        "first polls");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) closers.get(i).close();
    if (server != null) server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  @Test
  void theThirdOutletBreaksTheStoryOnceAndItsTimelineNamesWhoHadItFirst() throws Exception {
    SseClient all = Await.result(SseClient.connect(vertx, server.port(), "/api/stream", null));
    closers.add(() -> all.close());
    // stories and updates on one connection: an announcement is queued before the update of the
    // same join, so once delta's update is here a second announcement would be too
    SseClient stories =
        Await.result(
            SseClient.connect(vertx, server.port(), "/api/stream?events=story,update", null));
    closers.add(() -> stories.close());
    WsClient ws = Await.result(WsClient.connect(vertx, server.port()));
    closers.add(() -> ws.close());
    ws.send(
        new JsonObject()
            .put("type", "subscribe")
            .put("filter", new JsonObject().put("events", new JsonArray().add("story"))));
    ws.await(m -> !ws.ofType("subscribed").isEmpty(), 5_000);

    publish("alpha", "Séisme de magnitude 5,2 ressenti à Agadir et Taroudant", 0);
    all.awaitHeadlines(1, 15_000);
    publish("beta", "Agadir : un séisme de magnitude 5,2 secoue la région de Taroudant", 120);
    all.awaitHeadlines(2, 15_000);
    stories.awaitEvents(evs -> updates(evs, "beta") == 1, 15_000);
    assertThat(storyEvents(stories)).as("two outlets are not breaking news yet").isEmpty();

    publish("gamma", "Un séisme de magnitude 5,2 frappe Agadir et Taroudant", 240);
    stories.awaitEvents(evs -> evs.stream().anyMatch(e -> "story".equals(e.event())), 15_000);
    publish("delta", "Séisme de magnitude 5,2 à Agadir et Taroudant : pas de victimes", 300);
    stories.awaitEvents(evs -> updates(evs, "delta") == 1, 15_000);
    all.awaitEvents(evs -> updates(evs, "delta") == 1, 15_000);

    List<SseClient.Event> pushed = storyEvents(stories);
    assertThat(pushed).as("once per crossing, not again for the fourth outlet").hasSize(1);
    assertThat(pushed.get(0).id()).as("no id: a story never moves the cursor").isNull();
    JsonObject story = pushed.get(0).json();
    List<String> ids = all.headlines().stream().map(SseClient.Event::id).toList();
    assertThat(story.getString("id")).isEqualTo(ids.get(0)); // named after its first headline
    assertThat(story.getString("title"))
        .isEqualTo("Séisme de magnitude 5,2 ressenti à Agadir et Taroudant");
    assertThat(story.getJsonArray("outlets").getList()).containsExactly("alpha", "beta", "gamma");
    assertThat(story.getJsonArray("items").getList())
        .containsExactly(ids.get(0), ids.get(1), ids.get(2));
    assertThat(storyEvents(all)).as("a stream without events= carries stories too").hasSize(1);
    assertThat(stories.events)
        .as("a stories-only stream gets no headlines")
        .noneMatch(e -> "headline".equals(e.event()));
    ws.await(m -> !ws.ofType("story").isEmpty(), 5_000);
    assertThat(ws.ofType("story")).hasSize(1);
    assertThat(ws.ofType("story").get(0).getJsonObject("story")).isEqualTo(story);
    assertThat(ws.messages)
        .extracting(m -> m.getString("type"))
        .doesNotContain("headline", "update");

    // alpha broke it: one scoop, bounded to configured outlets (the others are at 0)
    String metrics = Http.get(vertx, server.port(), "/metrics").body();
    assertThat(metrics)
        .contains("manchette_story_scoops_total{outlet=\"alpha\"} 1.0")
        .contains("manchette_story_scoops_total{outlet=\"beta\"} 0.0")
        .contains("manchette_story_scoops_total{outlet=\"delta\"} 0.0");

    Await.until(() -> timeline(story.getString("id")).size() == 4, 15_000, "story stored");
    Http.Response r = Http.get(vertx, server.port(), "/api/stories/" + story.getString("id"));
    assertThat(r.status()).isEqualTo(200);
    JsonObject page = r.json();
    assertThat(page.getString("firstOutlet")).isEqualTo("alpha");
    JsonArray timeline = page.getJsonArray("timeline");
    List<JsonObject> rows = timeline.stream().map(JsonObject.class::cast).toList();
    assertThat(rows).extracting(o -> o.getString("outlet")).containsExactlyElementsOf(OUTLETS);
    assertThat(rows).extracting(o -> o.getString("lang")).containsOnly("fr");
    assertThat(rows.get(0).getLong("lagMs")).isZero();
    for (int i = 1; i < rows.size(); i++)
      assertThat(rows.get(i).getLong("lagMs")).isGreaterThan(rows.get(i - 1).getLong("lagMs"));
    assertThat(rows)
        .extracting(o -> o.getLong("publishedLagMs"))
        .containsExactly(0L, 120_000L, 240_000L, 300_000L);
    assertThat(rows.get(0).getString("publishedAt")).isEqualTo(reported.toString());
    assertThat(rows.get(0).getString("detectedAt")).isNotNull();
    // the list carries the same summary
    JsonObject listed =
        Http.get(vertx, server.port(), "/api/stories")
            .json()
            .getJsonArray("stories")
            .getJsonObject(0);
    assertThat(listed.getString("firstOutlet")).isEqualTo("alpha");
    assertThat(listed.getJsonArray("outlets").getJsonObject(3).getLong("lagMs"))
        .isEqualTo(rows.get(3).getLong("lagMs"));
  }

  @Test
  void anUnknownStoryIs404AndAMalformedIdIs400() throws Exception {
    Http.Response missing = Http.get(vertx, server.port(), "/api/stories/12345");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().getString("error")).isEqualTo("no such story");
    Http.Response bad = Http.get(vertx, server.port(), "/api/stories/seisme");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getString("field")).isEqualTo("id");
    Http.Response unknownEvent = Http.get(vertx, server.port(), "/api/stream?events=stories");
    assertThat(unknownEvent.status()).isEqualTo(400);
    assertThat(unknownEvent.json().getString("error")).contains("unknown event 'stories'");
  }

  private void publish(String id, String title, int secondsAfterFirst) {
    outlet.publish(
        "/" + id,
        new FeedEntry(
            id + "-1",
            title,
            "https://example.ma/articles/" + id + "-1",
            "Résumé de " + title,
            reported.plusSeconds(secondsAfterFirst)));
  }

  private static long updates(List<SseClient.Event> evs, String outletId) {
    return evs.stream()
        .filter(e -> "update".equals(e.event()))
        .filter(e -> outletId.equals(e.json().getString("outlet")))
        .count();
  }

  private static List<SseClient.Event> storyEvents(SseClient c) {
    return c.events.stream().filter(e -> "story".equals(e.event())).toList();
  }

  private JsonArray timeline(String id) {
    try {
      Http.Response r = Http.get(vertx, server.port(), "/api/stories/" + id);
      return r.status() == 200 ? r.json().getJsonArray("timeline") : new JsonArray();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
