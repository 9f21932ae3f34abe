package ma.manchette.ingest;

import static ma.manchette.support.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import ma.manchette.model.IdGenerator;
import ma.manchette.model.Item;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Which of a poll's items are new and which are corrections, by the keys each outlet has already
 * shown.
 */
class NewItemDetectorTest {
  private static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
  private final IdGenerator ids = new IdGenerator(1, () -> T0);

  private static Item draft(String key, String title) {
    return item(0, "hespress", key, title, null);
  }

  private static List<String> keys(List<Item> items) {
    return items.stream().map(Item::key).toList();
  }

  /** What the ingestor does with a detection: remembers each new item under the id it gave it. */
  private void rememberAll(NewItemDetector d, String outlet, List<Item> fresh) {
    for (Item i : fresh) d.remember(outlet, i.key(), ids.next(), i.contentHash());
  }

  @Test
  void theFirstPollOfAnOutletFindsEverythingNewInFeedOrderAndRemembersNothingByItself() {
    NewItemDetector d = new NewItemDetector(100);
    List<Item> poll = List.of(draft("c", "trois"), draft("a", "un"), draft("b", "deux"));
    NewItemDetector.Detection first = d.detect("hespress", poll);
    assertThat(keys(first.fresh())).containsExactly("c", "a", "b");
    assertThat(first.changed()).isEmpty();
    // the caller may defer the poll (write buffer full): until it remembers them, they stay new
    assertThat(keys(d.detect("hespress", poll).fresh())).containsExactly("c", "a", "b");

    rememberAll(d, "hespress", first.fresh());
    NewItemDetector.Detection again = d.detect("hespress", poll);
    assertThat(again.fresh()).isEmpty();
    assertThat(again.changed()).isEmpty();
  }

  @Test
  void onlyKeysNotSeenAreNewAndTheSameGuidTwiceInOneFeedCountsOnce() {
    NewItemDetector d = new NewItemDetector(100);
    rememberAll(d, "hespress", List.of(draft("a", "un"), draft("b", "deux")));
    NewItemDetector.Detection next =
        d.detect(
            "hespress",
            List.of(
                draft("d", "quatre"),
                draft("a", "un"),
                draft("c", "trois"),
                draft("d", "quatre bis"),
                draft("b", "deux")));
    assertThat(next.fresh())
        .extracting(Item::key, Item::title)
        .containsExactly(Tuple.tuple("d", "quatre"), Tuple.tuple("c", "trois"));
    assertThat(next.changed()).isEmpty();
  }

  @Test
  void aCorrectedTitleOrSummaryIsAChangeThatKeepsTheOriginalIdAndTime() {
    NewItemDetector d = new NewItemDetector(100);
    long id = ids.next();
    Item original = draft("a", "Le budget voté");
    d.remember("hespress", "a", id, original.contentHash());

    Item corrected = item(0, "hespress", "a", "Le budget adopté", null);
    NewItemDetector.Detection det =
        d.detect(
            "hespress", List.of(corrected, item(0, "hespress", "a", "Le budget voté", "résumé")));
    assertThat(det.fresh()).isEmpty();
    assertThat(det.changed()).hasSize(1); // the second "a" of the poll is ignored
    Item changed = det.changed().get(0).item();
    assertThat(changed.id()).isEqualTo(id);
    assertThat(changed.detectedAt()).isEqualTo(Instant.ofEpochMilli(T0));
    assertThat(changed.title()).isEqualTo("Le budget adopté");

    // the detector does not learn the new text until told: the same correction is seen again
    assertThat(d.detect("hespress", List.of(corrected)).changed()).hasSize(1);
    d.remember("hespress", "a", id, corrected.contentHash());
    assertThat(d.detect("hespress", List.of(corrected)).changed()).isEmpty();
  }

  @Test
  void outletsAreSeparateAndAForgottenOutletStartsAfresh() {
    NewItemDetector d = new NewItemDetector(100);
    d.remember("hespress", "a", ids.next(), draft("a", "un").contentHash());
    assertThat(d.lookup("hespress", "a")).isNotNull();
    assertThat(d.lookup("le360", "a")).isNull();
    assertThat(keys(d.detect("le360", List.of(item(0, "le360", "a", "un", null))).fresh()))
        .containsExactly("a");

    d.forget("hespress"); // its lease went to another node
    assertThat(d.lookup("hespress", "a")).isNull();
    assertThat(keys(d.detect("hespress", List.of(draft("a", "un"))).fresh())).containsExactly("a");
  }

  @Test
  void pastItsLimitAnOutletForgetsTheKeysItNoLongerListsFirst() {
    NewItemDetector d = new NewItemDetector(3);
    rememberAll(d, "hespress", List.of(draft("a", "un"), draft("b", "deux"), draft("c", "trois")));
    d.detect(
        "hespress",
        List.of(
            draft("a", "un"), draft("c", "trois"))); // still listed: a and c stay fresh in memory
    d.remember("hespress", "d", ids.next(), draft("d", "quatre").contentHash());
    assertThat(d.lookup("hespress", "b")).isNull(); // the least recently listed one went
    assertThat(d.lookup("hespress", "a")).isNotNull();
    assertThat(d.lookup("hespress", "c")).isNotNull();
    assertThat(d.lookup("hespress", "d")).isNotNull();
  }
}
