package ma.manchette.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import ma.manchette.model.Filter;
import ma.manchette.support.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One poll's headlines leave as one batch: one write per connection that takes them all, filters
 * still apply.
 */
class EventBatchTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() throws Exception {
    Await.result(vertx.close());
  }

  @Test
  void aSubscriberTakingTheWholeBatchGetsOneWriteAndAFilteredOneOnlyItsEvents() throws Exception {
    HeadlineHub hub = new HeadlineHub(1_000, null, 10, Duration.ofDays(90));
    ReorderWindowTest.Recorder all = ReorderWindowTest.subscribe(vertx, hub, Filter.ALL);
    ReorderWindowTest.Recorder arabic =
        ReorderWindowTest.subscribe(
            vertx, hub, Filter.fromJson(new JsonObject().put("lang", "ar")));
    List<EncodedEvent> poll =
        List.of(
            EncodedEvent.headline(ReorderWindowTest.item(11, "fr", "Un")),
            EncodedEvent.headline(ReorderWindowTest.item(12, "ar", "اثنان")),
            EncodedEvent.headline(ReorderWindowTest.item(13, "fr", "Trois")));

    hub.publishAll(poll);

    Await.until(
        () -> all.frames.size() == 1 && arabic.frames.size() == 1, 10_000, "batch delivered");
    String written = all.frames.get(0);
    assertThat(written.indexOf("id: 11\n")).isLessThan(written.indexOf("id: 12\n"));
    assertThat(written.indexOf("id: 12\n")).isLessThan(written.indexOf("id: 13\n"));
    assertThat(arabic.frames.get(0)).startsWith("id: 12\n").doesNotContain("id: 11", "id: 13");
    assertThat(hub.delivered.sum()).isEqualTo(4);
    assertThat(hub.ring().after(0, Filter.ALL))
        .extracting(e -> e.cursor)
        .containsExactly(11L, 12L, 13L);

    hub.publishAll(
        List.of(
            poll.get(2),
            EncodedEvent.headline(
                ReorderWindowTest.item(14, "fr", "Quatre")))); // 13 again: never sent twice
    Await.until(() -> all.frames.size() == 2, 10_000, "second batch");
    assertThat(all.frames.get(1)).doesNotContain("id: 13\n").contains("id: 14\n");
    assertThat(all.lastSent()).isEqualTo(14);
  }
}
