package ma.manchette.ingest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import ma.manchette.config.OutletConfig;
import ma.manchette.hub.EncodedEvent;
import ma.manchette.hub.HeadlineHub;
import ma.manchette.model.EventType;
import ma.manchette.model.IdGenerator;
import ma.manchette.model.Item;
import ma.manchette.store.DetectionJournal;
import ma.manchette.store.ItemWriter;

/**
 * The moment a headline becomes news: new keys get an id and are pushed to the hub first, then
 * queued for the database; corrected headlines are pushed as updates. New live headlines are pushed
 * only once the detection journal has them on disk, so a hard kill before their write cannot
 * announce them again under new ids. Runs on the single ingest context; every push waits behind the
 * one before it, so ids enter the hub in order.
 */
public final class Ingestor {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Ingestor.class);
  private final IdGenerator ids;
  private final NewItemDetector detector;
  private final HeadlineHub hub;
  private final ItemWriter writer;
  private final DetectionJournal journal;
  private final Context context;
  private Future<Void> lastPush = Future.succeededFuture();
  private final List<Consumer<Item>> afterDetection =
      new java.util.concurrent.CopyOnWriteArrayList<>(); // added from other threads

  public record Outcome(int fresh, int changed, boolean deferred) {}

  public Ingestor(
      IdGenerator ids,
      NewItemDetector detector,
      HeadlineHub hub,
      ItemWriter writer,
      DetectionJournal journal,
      Context context) {
    this.ids = ids;
    this.detector = detector;
    this.hub = hub;
    this.writer = writer;
    this.journal = journal;
    this.context = context;
    writer.onStored(journal::stored);
  }

  public ItemWriter writerRef() {
    return writer;
  }

  public NewItemDetector detector() {
    return detector;
  }

  /** Observers of each new live item (metrics: detection lag). */
  public void onDetected(Consumer<Item> observer) {
    afterDetection.add(observer);
  }

  /**
   * Late additions (picture, story) of recent items, so each update carries all of them. Ingest
   * context only.
   */
  private final Amendments amendments = new Amendments(10_000);

  /**
   * A late addition to an item already pushed (the article's og:image): an update event, then the
   * write.
   */
  public void amend(Item item) {
    item =
        amendments.merge(
            item); // a story update must not drop a picture found meanwhile, nor the reverse
    Item amended = item;
    afterDurable(
        Future.succeededFuture(),
        () -> {
          hub.publish(EncodedEvent.of(EventType.UPDATE, amended, ids.next()));
          writer.amend(amended);
        });
  }

  /**
   * @param live false for the first poll of an outlet never polled before: stored as history, not
   *     pushed
   */
  public Outcome accept(OutletConfig outlet, List<Item> drafts, boolean live) {
    NewItemDetector.Detection d = detector.detect(outlet.id(), drafts);
    if (!writer.hasRoom(d.fresh().size() + d.changed().size() + 1)) {
      // nothing is remembered, so the next poll offers these items again once the database catches
      // up
      return new Outcome(0, 0, true);
    }
    List<Item> fresh = new ArrayList<>(d.fresh());
    // feeds list newest first: oldest gets the smallest id, undated ones keep the feed's order
    java.util.Collections.reverse(fresh);
    fresh.sort(
        Comparator.comparing(Item::publishedAt, Comparator.nullsLast(Comparator.naturalOrder())));
    Instant now = Instant.now();
    List<Item> detected = new ArrayList<>(fresh.size());
    List<EncodedEvent> events = new ArrayList<>(fresh.size() + d.changed().size());
    for (Item draft : fresh) {
      Item item = draft.withId(ids.next(), now);
      detector.remember(outlet.id(), item.key(), item.id(), item.contentHash());
      detected.add(item);
      if (live) events.add(EncodedEvent.headline(item));
      else hub.remember(EncodedEvent.history(item));
    }
    for (NewItemDetector.Changed c : d.changed()) {
      Item item = c.item();
      detector.remember(outlet.id(), item.key(), item.id(), item.contentHash());
      if (live) events.add(EncodedEvent.of(EventType.UPDATE, item, ids.next()));
    }
    afterDurable(
        live ? journal.append(detected, context) : Future.succeededFuture(),
        () -> {
          // one poll's news leaves as one batch, before anything is queued for PostgreSQL
          hub.publishAll(events);
          for (Item item : detected) {
            if (live) for (Consumer<Item> o : afterDetection) o.accept(item);
            writer.insert(item, live);
          }
          for (NewItemDetector.Changed c : d.changed()) writer.update(c.item());
          if (!live) writer.primed(outlet.id());
        });
    return new Outcome(fresh.size(), d.changed().size(), false);
  }

  /**
   * Runs {@code push} once {@code durable} is done and every earlier push has run. A journal that
   * cannot write does not hold the news back: it is pushed anyway (the journal logged why).
   */
  private void afterDurable(Future<Void> durable, Runnable push) {
    Future<Void> before = lastPush;
    Promise<Void> done = Promise.promise();
    lastPush = done.future();
    before.onComplete(
        b ->
            durable.onComplete(
                ar -> {
                  if (ar.failed())
                    LOG.warn("pushing without the journal's guarantee: {}", ar.cause().toString());
                  try {
                    push.run();
                  } finally {
                    done.complete();
                  }
                }));
  }
}
