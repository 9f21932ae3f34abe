package ma.manchette.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ma.manchette.model.IdGenerator;
import ma.manchette.model.Item;

/**
 * Remembers the keys each outlet has shown (warmed from Postgres at start) and sorts a poll's items
 * into new ones and corrected ones. Confined to the ingest context: no locks.
 */
public final class NewItemDetector {
  private final int perOutlet;
  private final Map<String, LinkedHashMap<String, Seen>> seen = new HashMap<>();

  public record Seen(long id, int contentHash) {}

  /** A corrected headline: same key, new title or summary; {@code item} carries the original id. */
  public record Changed(Item item) {}

  public record Detection(List<Item> fresh, List<Changed> changed) {}

  public NewItemDetector(int perOutlet) {
    this.perOutlet = perOutlet;
  }

  public void remember(String outlet, String key, long id, int contentHash) {
    map(outlet).put(key, new Seen(id, contentHash));
  }

  public void forget(String outlet) {
    seen.remove(outlet);
  }

  public Seen lookup(String outlet, String key) {
    LinkedHashMap<String, Seen> m = seen.get(outlet);
    return m == null ? null : m.get(key);
  }

  public Detection detect(String outlet, List<Item> drafts) {
    LinkedHashMap<String, Seen> known = map(outlet);
    List<Item> fresh = new ArrayList<>();
    List<Changed> changed = new ArrayList<>();
    Set<String> inThisPoll = new HashSet<>();
    for (Item d : drafts) {
      if (!inThisPoll.add(d.key())) continue; // the same guid twice in one feed
      Seen s = known.get(d.key()); // access order: keys still listed by the outlet stay remembered
      if (s == null) {
        fresh.add(d);
      } else {
        if (s.contentHash() != d.contentHash())
          changed.add(new Changed(d.withId(s.id(), IdGenerator.timeOf(s.id()))));
      }
    }
    return new Detection(fresh, changed);
  }

  private LinkedHashMap<String, Seen> map(String outlet) {
    return seen.computeIfAbsent(
        outlet,
        o ->
            new LinkedHashMap<>(256, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > perOutlet;
              }
            });
  }
}
