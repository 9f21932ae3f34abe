package ma.manchette.story;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ma.manchette.model.BreakingStory;
import ma.manchette.model.Item;

/**
 * Says when a story breaks: the first time {@code outlets} different outlets carry it within {@code
 * window} (each outlet counted at its first headline's detection). Once per story: a later outlet
 * joining a story already announced says nothing. Confined to the grouping thread.
 */
public final class BreakingStories {
  private static final int MAX_TRACKED = 20_000;

  private final int outlets;
  private final Duration window;
  private final Duration memory;
  private final Clock clock;
  private final Map<String, Tracked> stories = new LinkedHashMap<>(16, 0.75f, true);

  private static final class Tracked {
    final String title;
    final Map<String, Instant> firstByOutlet = new LinkedHashMap<>();
    final List<Long> items = new ArrayList<>();
    boolean announced;
    Instant touched;

    Tracked(String title) {
      this.title = title;
    }
  }

  /**
   * @param memory how long a quiet story is remembered (the grouper's window: later headlines start
   *     a new story anyway)
   * @param clock what "quiet" is measured against
   */
  public BreakingStories(int outlets, Duration window, Duration memory, Clock clock) {
    if (outlets < 2) throw new IllegalArgumentException("a story needs at least 2 outlets");
    this.outlets = outlets;
    this.window = window;
    this.memory = memory;
    this.clock = clock;
  }

  /**
   * A headline is in a story (a story's first headline comes first): the announcement when this one
   * makes it break, else null.
   */
  public BreakingStory joined(String story, Item item) {
    forgetQuiet();
    Tracked t = stories.computeIfAbsent(story, k -> new Tracked(item.title()));
    t.touched = clock.instant();
    if (t.items.contains(item.id())) return null;
    t.items.add(item.id());
    t.firstByOutlet.merge(
        item.outlet(), item.detectedAt(), (a, b) -> a.isBefore(b) ? a : b); // earliest counts
    if (t.announced) return null;
    Instant since = item.detectedAt().minus(window);
    long recent = t.firstByOutlet.values().stream().filter(at -> !at.isBefore(since)).count();
    if (recent < outlets) return null;
    t.announced = true;
    return new BreakingStory(story, t.title, List.copyOf(t.firstByOutlet.keySet()), t.items);
  }

  int tracked() {
    return stories.size();
  }

  private void forgetQuiet() {
    Instant horizon = clock.instant().minus(memory);
    Iterator<Tracked> it = stories.values().iterator(); // least recently touched first
    while (it.hasNext()) {
      Tracked oldest = it.next();
      if (stories.size() <= MAX_TRACKED && !oldest.touched.isBefore(horizon)) break;
      it.remove();
    }
  }
}
