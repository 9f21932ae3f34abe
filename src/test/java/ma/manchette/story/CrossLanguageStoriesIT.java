package ma.manchette.story;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A French and an Arabic outlet report the same flood in words they do not share: with
 * conf/story-lexicon.yaml beside the outlets file, the server gives both headlines one story.
 */
class CrossLanguageStoriesIT {
  private Vertx vertx;
  private FakeOutlet outlet;
  private TestServer server;
  private SseClient sse;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set(
        "/fr", List.of(FeedEntry.of("fr-0", "Le marché de gros de Casablanca fait peau neuve")));
    outlet.set("/ar", List.of(FeedEntry.of("ar-0", "افتتاح متحف جديد للفن المعاصر بالرباط")));
    Path conf = Files.createTempDirectory("conf");
    Files.copy(Path.of("conf/story-lexicon.yaml"), conf.resolve("story-lexicon.yaml"));
    Path outlets = conf.resolve("outlets.yaml");
    Files.writeString(
        outlets,
        "outlets:\n"
            + TestServer.outlet("alpha", "Alpha", "fr", outlet.url("/fr"), "300ms")
            + TestServer.outlet("beta", "Beta", "ar", outlet.url("/ar"), "300ms"));
    server = TestServer.start(TestDatabase.freshDatabaseUrl(), outlets, Map.of());
    Await.until(
        () ->
            server.server.registry().get("alpha").health.polls() > 0
                && server.server.registry().get("beta").health.polls() > 0,
        20_000,
        "first polls");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (sse != null) sse.close();
    if (server != null) server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  @Test
  void aFrenchAndAnArabicHeadlineAboutOneFloodShareAStory() throws Exception {
    sse = Await.result(SseClient.connect(vertx, server.port(), "/api/stream", null));
    outlet.publish(
        "/fr", FeedEntry.of("fr-1", "Kénitra : des inondations après des pluies diluviennes"));
    sse.awaitHeadlines(1, 15_000);
    outlet.publish("/ar", FeedEntry.of("ar-1", "فيضانات تغرق أحياء القنيطرة بعد أمطار غزيرة"));
    outlet.publish("/ar", FeedEntry.of("ar-2", "الرجاء يتعاقد مع مدرب جديد"));
    sse.awaitHeadlines(3, 15_000);
    sse.awaitEvents(
        evs -> evs.stream().filter(e -> "update".equals(e.event())).count() >= 2, 15_000);
    List<JsonObject> updates =
        sse.events.stream()
            .filter(e -> "update".equals(e.event()))
            .map(SseClient.Event::json)
            .toList();
    assertThat(updates)
        .extracting(u -> u.getString("story"))
        .containsOnly(sse.headlines().get(0).id());
    assertThat(updates)
        .extracting(u -> u.getString("outlet"))
        .containsExactlyInAnyOrder("alpha", "beta");
    assertThat(updates)
        .extracting(u -> u.getString("title"))
        .doesNotContain("الرجاء يتعاقد مع مدرب جديد");
  }
}
