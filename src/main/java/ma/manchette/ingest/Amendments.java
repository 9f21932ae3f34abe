package ma.manchette.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import ma.manchette.model.Item;

/**
 * The late additions made to recent items (og:image found after the push, story joined), so that an
 * update for one never sends the item without the other. Bounded; used on the ingest context only.
 */
final class Amendments {
  private final LinkedHashMap<Long, Item> latest;

  Amendments(int capacity) {
    this.latest =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Item> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The item with what earlier amendments added and this one leaves empty. */
  Item merge(Item item) {
    Item before = latest.get(item.id());
    Item merged = item;
    if (before != null) {
      if (merged.image() == null && before.image() != null)
        merged = merged.withImage(before.image());
      if (merged.story() == null && before.story() != null)
        merged = merged.withStory(before.story());
    }
    latest.put(item.id(), merged);
    return merged;
  }
}
