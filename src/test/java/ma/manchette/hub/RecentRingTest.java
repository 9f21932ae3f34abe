package ma.manchette.hub;

import static ma.manchette.support.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import ma.manchette.model.EventType;
import ma.manchette.model.Filter;
import ma.manchette.model.Item;
import org.junit.jupiter.api.Test;

/**
 * The ring a resuming client is served from: what it still holds, what it has forgotten, and in
 * what order.
 */
class RecentRingTest {
  private static EncodedEvent headline(long id) {
    return EncodedEvent.headline(item(id, "fr", "titre " + id));
  }

  private static List<Long> cursors(List<EncodedEvent> events) {
    return events.stream().map(e -> e.cursor).toList();
  }

  @Test
  void anEmptyRingIsAtItsFloor() {
    RecentRing ring = new RecentRing(4);
    ring.seed(List.of(), 42);
    assertThat(ring.size()).isZero();
    assertThat(ring.floor()).isEqualTo(42);
    assertThat(ring.oldest()).isEqualTo(42);
    assertThat(ring.newest()).isEqualTo(42);
    assertThat(ring.after(0, Filter.ALL)).isEmpty();
  }

  @Test
  void whenFullTheOldestGoesAndTheFloorRisesToIt() {
    RecentRing ring = new RecentRing(3);
    ring.seed(List.of(headline(10), headline(20)), 5);
    assertThat(ring.floor()).isEqualTo(5);
    ring.add(headline(30));
    assertThat(ring.floor()).isEqualTo(5);
    ring.add(headline(40));
    ring.add(headline(50));
    assertThat(ring.size()).isEqualTo(3);
    assertThat(ring.capacity()).isEqualTo(3);
    assertThat(ring.floor())
        .isEqualTo(20); // 10 and 20 are forgotten: a cursor at or below 20 needs the database
    assertThat(ring.oldest()).isEqualTo(30);
    assertThat(ring.newest()).isEqualTo(50);
    assertThat(cursors(ring.after(0, Filter.ALL))).containsExactly(30L, 40L, 50L);
    assertThat(cursors(ring.after(ring.floor(), Filter.ALL))).containsExactly(30L, 40L, 50L);
  }

  @Test
  void afterGivesWhatCameLaterOldestFirstFilteredAndWithoutHistory() {
    RecentRing ring = new RecentRing(10);
    ring.add(EncodedEvent.headline(item(1, "fr", "un")));
    ring.add(EncodedEvent.headline(item(2, "ar", "اثنان")));
    ring.add(
        EncodedEvent.history(
            item(3, "ar", "ثلاثة"))); // from a first poll: backfill only, never missed news
    ring.add(EncodedEvent.headline(item(4, "ar", "أربعة")));
    ring.add(EncodedEvent.headline(item(5, "fr", "cinq")));
    assertThat(cursors(ring.after(1, Filter.ALL))).containsExactly(2L, 4L, 5L);
    assertThat(cursors(ring.after(0, Filter.fromJson(new JsonObject().put("lang", "ar")))))
        .containsExactly(2L, 4L);
    assertThat(ring.after(5, Filter.ALL)).isEmpty();
  }

  @Test
  void aLateArrivalIsSlottedInByCursor() {
    RecentRing ring = new RecentRing(10);
    ring.add(headline(10));
    ring.add(headline(30));
    ring.insert(headline(20));
    ring.insert(headline(40)); // newest: simply appended
    assertThat(cursors(ring.after(0, Filter.ALL))).containsExactly(10L, 20L, 30L, 40L);
    assertThat(cursors(ring.after(15, Filter.ALL))).containsExactly(20L, 30L, 40L);
  }

  @Test
  void aLateArrivalIntoAFullRingPushesTheOldestOutAndOneBelowTheFloorIsLeftToTheDatabase() {
    RecentRing ring = new RecentRing(3);
    ring.seed(List.of(), 5);
    ring.add(headline(10));
    ring.add(headline(30));
    ring.add(headline(40));
    ring.insert(headline(20));
    assertThat(ring.floor()).isEqualTo(10);
    assertThat(cursors(ring.after(0, Filter.ALL))).containsExactly(20L, 30L, 40L);

    ring.insert(
        headline(15)); // room is made (20 goes, the floor rises to it), then 15 is below the floor
    assertThat(ring.floor()).isEqualTo(20);
    assertThat(cursors(ring.after(0, Filter.ALL))).containsExactly(30L, 40L);
    ring.insert(headline(8)); // not full now: nothing to make room for, and still below the floor
    assertThat(cursors(ring.after(0, Filter.ALL))).containsExactly(30L, 40L);
    assertThat(ring.floor()).isEqualTo(20);
  }

  @Test
  void latestHeadlinesShowTheirNewestContentDropRetractedOnesAndStopAtN() {
    RecentRing ring = new RecentRing(20);
    Item one = item(1, "fr", "un");
    Item two = item(2, "fr", "deux");
    Item three = item(3, "fr", "trois");
    Item four = item(4, "fr", "quatre");
    ring.add(EncodedEvent.headline(one));
    ring.add(EncodedEvent.headline(two));
    ring.add(EncodedEvent.headline(three));
    ring.add(EncodedEvent.of(EventType.UPDATE, item(1, "fr", "un, corrigé"), 100));
    ring.add(EncodedEvent.of(EventType.RETRACT, two, 101));
    ring.add(EncodedEvent.headline(four));

    List<EncodedEvent> latest = ring.latestHeadlines(10, Filter.ALL);
    assertThat(latest)
        .extracting(e -> e.item.title())
        .containsExactly("un, corrigé", "trois", "quatre");
    assertThat(latest).allMatch(e -> e.type == EventType.HEADLINE);
    assertThat(latest.get(0).cursor).isEqualTo(1); // still the headline's own id, not the update's
    assertThat(ring.latestHeadlines(2, Filter.ALL))
        .extracting(e -> e.item.title())
        .containsExactly("trois", "quatre");
  }

  @Test
  void latestHeadlinesFilterOnTheCorrectedContent() {
    RecentRing ring = new RecentRing(20);
    ring.add(EncodedEvent.headline(item(1, "fr", "sans rapport")));
    ring.add(EncodedEvent.headline(item(2, "fr", "le budget voté")));
    ring.add(EncodedEvent.of(EventType.UPDATE, item(1, "fr", "le budget adopté"), 100));
    ring.add(EncodedEvent.of(EventType.UPDATE, item(2, "fr", "loi adoptée"), 101));
    Filter budget = Filter.fromJson(new JsonObject().put("q", "budget"));
    assertThat(ring.latestHeadlines(10, budget)).extracting(e -> e.item.id()).containsExactly(1L);
  }
}
