package ma.manchette.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import ma.manchette.hub.EncodedEvent;
import ma.manchette.model.BreakingStory;
import ma.manchette.model.EventType;
import ma.manchette.model.IdGenerator;
import ma.manchette.model.Item;
import org.junit.jupiter.api.Test;

/**
 * The relay's notifications: the item and cursor travel whole, a node ignores its own, oversized
 * items stay behind.
 */
class ClusterEventsTest {
  private final List<EncodedEvent> published = new ArrayList<>();
  private final AtomicInteger reloads = new AtomicInteger();
  private final ClusterEvents node2 =
      new ClusterEvents(null, null, null, 2, published::add, reloads::incrementAndGet);

  private static Item item(long id, String summary) {
    return new Item(
        id,
        "o",
        "Outlet",
        "g:" + id,
        "Titre « ouvert »",
        "https://example.ma/" + id,
        summary,
        "https://img.example.ma/1.jpg",
        "Auteur",
        "politique",
        "fr",
        "casablanca",
        List.of("a", "b"),
        Instant.parse("2025-01-02T03:04:05Z"),
        Instant.parse("2025-01-02T03:04:06Z"),
        "s-1");
  }

  @Test
  void anUpdateArrivesWithTheSameItemAndCursorAsOnTheNodeWhereItHappened() {
    IdGenerator ids = new IdGenerator(1);
    Item item = item(ids.next(), "Résumé");
    EncodedEvent sent = EncodedEvent.of(EventType.UPDATE, item, ids.next());
    node2.received(ClusterEvents.payload(1, sent));
    assertThat(published).hasSize(1);
    EncodedEvent got = published.get(0);
    assertThat(got.type).isEqualTo(EventType.UPDATE);
    assertThat(got.cursor).isEqualTo(sent.cursor);
    assertThat(got.item).isEqualTo(item);
    assertThat(got.sse.toString())
        .isEqualTo(sent.sse.toString()); // byte for byte the frame node 1 sent
    assertThat(got.ws).isEqualTo(sent.ws);
  }

  @Test
  void aNodeIgnoresItsOwnNotificationsAndReloadsImagesWhenTold() {
    IdGenerator ids = new IdGenerator(2);
    node2.received(
        ClusterEvents.payload(
            2, EncodedEvent.of(EventType.RETRACT, item(ids.next(), null), ids.next())));
    assertThat(published).isEmpty();
    node2.received(new JsonObject().put("node", 3).put("type", "images").encode());
    assertThat(reloads).hasValue(1);
    node2.received("not json");
    assertThat(published).isEmpty();
  }

  @Test
  void anItemTooLargeForNotifyLeavesOnlyItsIdAndCursor() {
    IdGenerator ids = new IdGenerator(1);
    Item item = item(ids.next(), "ع".repeat(4_000)); // 8,000 bytes in UTF-8
    String payload = ClusterEvents.payload(1, EncodedEvent.of(EventType.UPDATE, item, ids.next()));
    JsonObject note = new JsonObject(payload);
    assertThat(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThan(ClusterEvents.MAX_PAYLOAD);
    assertThat(note.containsKey("item")).isFalse();
    assertThat(note.getString("id")).isEqualTo(Long.toString(item.id()));
  }

  @Test
  void aBreakingStoryCrossesOnceWithItsCursorAndIsNotAnnouncedBackToItsNode() {
    IdGenerator ids = new IdGenerator(1);
    EncodedEvent sent =
        EncodedEvent.story(
            new BreakingStory(
                "41", "Séisme à Agadir", List.of("a", "b", "c"), List.of(41L, 42L, 43L)),
            ids.next());
    node2.received(ClusterEvents.storyPayload(1, sent));
    assertThat(published).hasSize(1);
    EncodedEvent got = published.get(0);
    assertThat(got.type).isEqualTo(EventType.STORY);
    assertThat(got.story).isEqualTo(sent.story);
    assertThat(got.sse.toString()).isEqualTo(sent.sse.toString());
    assertThat(got.ws).isEqualTo(sent.ws);
    node2.received(ClusterEvents.storyPayload(2, sent));
    assertThat(published).hasSize(1);
  }
}
