package ma.manchette.story;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import ma.manchette.ingest.Item;

/**
 * Live story grouping: each new live headline goes through the {@link StoryGrouper}; when it joins a story it
 * (and, the first time, the headline it joined) is amended with the story id, which pushes an {@code update}
 * event and stores the id. Runs on the ingest context, which owns the grouper.
 */
public final class StoryGrouping {
  /** Tuned on fixtures/stories/headlines.tsv (StoryGrouperTest prints the sweep). */
  public static final double THRESHOLD = 0.25;
  public static final Duration WINDOW = Duration.ofHours(48);
  private static final int MAX_REMEMBERED = 50_000;

  private final StoryGrouper grouper = new StoryGrouper(WINDOW, THRESHOLD);
  private final Consumer<Item> amend;
  /** Recent headlines by id, to amend a story's first headline when a second one joins it. */
  private final Map<Long, Item> recent = new LinkedHashMap<>();

  public StoryGrouping(Consumer<Item> amend) {
    this.amend = amend;
  }

  /** On the ingest context, inside Ingestor.accept: groups now, amends on the next turn (after the insert is queued). */
  public void accept(Item item, io.vertx.core.Context ingest) {
    ingest.runOnContext(v -> group(item));
  }

  void group(Item item) {
    StoryGrouper.Joined j = grouper.add(item.id(), item.outlet(), item.detectedAt(), item.title(), item.summary());
    remember(item);
    if (j == null) return;
    Item joined = item.withStory(j.story());
    recent.put(item.id(), joined);
    amend.accept(joined);
    if (j.founder() != 0) {
      Item founder = recent.get(j.founder());
      if (founder != null) {
        recent.put(founder.id(), founder.withStory(j.story()));
        amend.accept(founder.withStory(j.story()));
      }
    }
  }

  private void remember(Item item) {
    recent.put(item.id(), item);
    Iterator<Item> it = recent.values().iterator();
    while (it.hasNext()) {
      Item oldest = it.next();
      if (recent.size() <= MAX_REMEMBERED && !oldest.detectedAt().isBefore(item.detectedAt().minus(WINDOW))) break;
      it.remove();
    }
  }
}
