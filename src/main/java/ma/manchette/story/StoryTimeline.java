package ma.manchette.story;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ma.manchette.model.Item;

/**
 * Who broke a story first: its headlines in detection order, each with its lag behind the first
 * one, by detection and (when both feeds give one) by publication time.
 *
 * @param firstOutlet the outlet whose headline was detected first
 * @param entries every headline, earliest detected first
 * @param outlets each outlet once, at its earliest headline, in the order they joined
 */
public record StoryTimeline(String firstOutlet, List<Entry> entries, List<Entry> outlets) {

  /**
   * @param detectedLag behind the story's first detection
   * @param publishedLag behind the story's earliest publication time; null when either is unknown
   */
  public record Entry(Item item, Duration detectedLag, Duration publishedLag) {}

  private static final Comparator<Item> DETECTION =
      Comparator.comparing(Item::detectedAt).thenComparingLong(Item::id);

  /** Null for no items. */
  public static StoryTimeline of(List<Item> items) {
    if (items.isEmpty()) return null;
    List<Item> sorted = new ArrayList<>(items);
    sorted.sort(DETECTION);
    Instant firstSeen = sorted.get(0).detectedAt();
    // the earliest publication time, whoever gave it: a feed that dates its item before the first
    // detection published first even if it was polled later
    Instant firstPublished =
        sorted.stream()
            .map(Item::publishedAt)
            .filter(p -> p != null)
            .min(Comparator.naturalOrder())
            .orElse(null);
    List<Entry> entries = new ArrayList<>(sorted.size());
    Map<String, Entry> byOutlet = new LinkedHashMap<>();
    for (Item i : sorted) {
      Duration published =
          i.publishedAt() == null ? null : Duration.between(firstPublished, i.publishedAt());
      Entry e = new Entry(i, Duration.between(firstSeen, i.detectedAt()), published);
      entries.add(e);
      byOutlet.putIfAbsent(i.outlet(), e);
    }
    return new StoryTimeline(
        sorted.get(0).outlet(), List.copyOf(entries), List.copyOf(byOutlet.values()));
  }
}
