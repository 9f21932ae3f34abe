package ma.manchette.story;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import ma.manchette.model.BreakingStory;
import ma.manchette.model.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live story grouping: each new live headline goes through the {@link StoryGrouper}; when it joins
 * a story it (and, the first time, the headline it joined) is amended with the story id, which
 * pushes an {@code update} event and stores the id. The grouper runs on a thread of its own, fed in
 * batches from the ingest context: a burst of headlines is grouped while the ingest loop goes on
 * fetching, pushing and writing.
 */
public final class StoryGrouping {
  private static final Logger LOG = LoggerFactory.getLogger(StoryGrouping.class);

  /**
   * Tuned on fixtures/stories/headlines.tsv, headlines-2.tsv and headlines-3.tsv, with and without
   * the lexicon (StoryGrouperTest prints the sweeps); fixtures/stories/heldout*.tsv are scored,
   * never tuned on.
   */
  public static final double THRESHOLD = 0.26;

  public static final Duration WINDOW = Duration.ofHours(48);
  private static final int MAX_REMEMBERED = 50_000;

  // confined to the grouping thread
  private final StoryGrouper grouper;

  /** Recent headlines by id, to amend a story's first headline when a second one joins it. */
  private final Map<Long, Item> recent = new LinkedHashMap<>();

  /** Null when nobody listens for breaking stories. */
  private final BreakingStories breaking;

  // confined to the ingest context
  private final Consumer<Item> amend;
  private final Consumer<BreakingStory> announce;
  private final Consumer<String> scoop;
  private final WorkerExecutor thread;
  private List<Item> pending = new ArrayList<>();
  private boolean grouping;

  /**
   * @param amend called on the ingest context with each headline given a story
   */
  public StoryGrouping(Vertx vertx, Consumer<Item> amend) {
    this(vertx, amend, StoryLexicon.NONE);
  }

  /**
   * @param lexicon links headlines across languages (conf/story-lexicon.yaml)
   */
  public StoryGrouping(Vertx vertx, Consumer<Item> amend, StoryLexicon lexicon) {
    this(vertx, amend, lexicon, null, s -> {}, o -> {});
  }

  /**
   * @param breaking says when a story breaks; {@code announce} then gets it on the ingest context
   * @param scoop gets, on the ingest context, the outlet of a story's first headline as a second
   *     outlet joins it
   */
  public StoryGrouping(
      Vertx vertx,
      Consumer<Item> amend,
      StoryLexicon lexicon,
      BreakingStories breaking,
      Consumer<BreakingStory> announce,
      Consumer<String> scoop) {
    this.grouper = new StoryGrouper(WINDOW, THRESHOLD, lexicon);
    this.amend = amend;
    this.breaking = breaking;
    this.announce = announce;
    this.scoop = scoop;
    this.thread = vertx.createSharedWorkerExecutor("manchette-stories", 1);
  }

  /** What one batch gave: amended headlines, scoops (outlets), breaking stories. */
  record Grouped(List<Item> amended, List<String> scoops, List<BreakingStory> breaking) {}

  /**
   * On the ingest context, as a live headline is detected; its amendments come back to that context
   * on a later turn, once its insert is queued.
   */
  public void accept(Item item) {
    pending.add(item);
    if (!grouping) groupPending();
  }

  private void groupPending() {
    List<Item> batch = pending;
    pending = new ArrayList<>();
    grouping = true;
    thread
        .executeBlocking(() -> groupAll(batch), true)
        .onComplete(
            ar -> {
              grouping = false;
              if (ar.succeeded()) {
                ar.result().amended().forEach(amend);
                ar.result().scoops().forEach(scoop);
                ar.result().breaking().forEach(announce);
              } else
                LOG.warn(
                    "story grouping failed for {} headlines: {}",
                    batch.size(),
                    ar.cause().toString());
              if (!pending.isEmpty()) groupPending();
            });
  }

  private Grouped groupAll(List<Item> batch) {
    Grouped out = new Grouped(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (Item item : batch) group(item, out);
    return out;
  }

  void group(Item item, Grouped out) {
    List<Item> amended = out.amended();
    StoryGrouper.Joined j =
        grouper.add(item.id(), item.outlet(), item.detectedAt(), item.title(), item.summary());
    remember(item);
    if (j == null) return;
    Item joined = item.withStory(j.story());
    recent.put(item.id(), joined);
    amended.add(joined);
    if (j.founder() != 0) {
      Item founder = recent.get(j.founder());
      if (founder != null) {
        recent.put(founder.id(), founder.withStory(j.story()));
        amended.add(founder.withStory(j.story()));
        out.scoops().add(founder.outlet()); // a story starts as its second outlet joins
        track(j.story(), founder, out);
      }
    }
    track(j.story(), item, out);
  }

  private void track(String story, Item item, Grouped out) {
    if (breaking == null) return;
    BreakingStory b = breaking.joined(story, item);
    if (b != null) out.breaking().add(b);
  }

  private void remember(Item item) {
    recent.put(item.id(), item);
    Iterator<Item> it = recent.values().iterator();
    while (it.hasNext()) {
      Item oldest = it.next();
      if (recent.size() <= MAX_REMEMBERED
          && !oldest.detectedAt().isBefore(item.detectedAt().minus(WINDOW))) break;
      it.remove();
    }
  }
}
