package ma.manchette.moderation;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import ma.manchette.fetch.FeedFetcher;
import ma.manchette.hub.EncodedEvent;
import ma.manchette.ingest.Enricher;
import ma.manchette.model.EventType;
import ma.manchette.model.Item;
import ma.manchette.store.ItemStore;
import ma.manchette.store.ReportStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reader reports and editors' decisions: at the threshold of distinct reporters an item is hidden
 * (removed from history and feeds, retracted from every open stream) or only its image is (and that
 * picture stays hidden wherever it reappears).
 */
public final class Moderation {
  private static final Logger LOG = LoggerFactory.getLogger(Moderation.class);

  /**
   * Pushes corrections through the hub, on the ingest context so the event order stays the id
   * order.
   */
  public interface Publisher {
    void publish(EventType type, Item item);
  }

  public record Outcome(boolean counted, boolean hiddenNow) {}

  private final Vertx vertx;
  private final ReportStore store;
  private final ItemStore items;
  private final Publisher publisher;
  private final int threshold;
  private final HiddenImages images;
  private volatile Runnable imagesChanged = () -> {};

  public Moderation(
      Vertx vertx,
      ReportStore store,
      ItemStore items,
      Publisher publisher,
      FeedFetcher imageFetcher,
      int threshold) {
    this.vertx = vertx;
    this.store = store;
    this.items = items;
    this.publisher = publisher;
    this.threshold = threshold;
    this.images = new HiddenImages(vertx, imageFetcher);
    images.onMatch(this::imageReappeared);
  }

  /** Loads the hidden images at start. */
  public Future<Void> load() {
    return replaceImages();
  }

  /**
   * Several nodes: another node hid or brought back pictures; what PostgreSQL now holds replaces
   * ours.
   */
  public Future<Void> reloadImages() {
    return replaceImages()
        .onFailure(e -> LOG.warn("could not reload the hidden images: {}", e.getMessage()));
  }

  /** The hidden images PostgreSQL holds replace the ones known here. */
  private Future<Void> replaceImages() {
    return store
        .hiddenImages()
        .map(
            list -> {
              images.reset(list);
              return null;
            });
  }

  /**
   * Several nodes: told once a change to the hidden images is committed, so the other nodes reload
   * theirs.
   */
  public void onImagesChanged(Runnable r) {
    this.imagesChanged = r;
  }

  public int threshold() {
    return threshold;
  }

  /** The enrichment step that strips images already known to be hidden (runs before the push). */
  public Enricher enricher() {
    return images::strip;
  }

  /** Hub listener: compares the images of pushed headlines and corrections with the hidden ones. */
  public void observe(EncodedEvent e) {
    if (e.type == EventType.HEADLINE || e.type == EventType.UPDATE) images.inspect(e.item);
  }

  public Future<Outcome> report(
      long itemId, String target, String reason, String clientHash, String addressHash) {
    return store
        .add(itemId, target, reason, clientHash, addressHash)
        .compose(
            t -> {
              if (!t.counted() || t.reporters() < threshold)
                return Future.succeededFuture(new Outcome(t.counted(), false));
              LOG.info(
                  "item {}: {} distinct reporters of its {}: hiding it",
                  itemId,
                  t.reporters(),
                  target);
              Future<Boolean> hidden = "image".equals(target) ? hideImage(itemId) : hide(itemId);
              return hidden.map(changed -> new Outcome(true, changed));
            });
  }

  /**
   * Hides an item; true if it was visible. Retract goes to every open stream whose filter it
   * matches.
   */
  public Future<Boolean> hide(long itemId) {
    return items
        .get(itemId)
        .compose(
            stored -> {
              if (stored == null) return Future.succeededFuture(false);
              return store
                  .setHidden(itemId, true)
                  .map(
                      changed -> {
                        if (changed) publisher.publish(EventType.RETRACT, stored.item());
                        return changed;
                      });
            });
  }

  /** An editor brings an item (and its image) back; its reports are cleared. */
  public Future<Boolean> unhide(long itemId) {
    return items
        .get(itemId)
        .compose(
            stored -> {
              if (stored == null) return Future.succeededFuture(false);
              return store
                  .rawImage(itemId)
                  .compose(
                      raw ->
                          store
                              .unhide(itemId)
                              .map(
                                  urls -> {
                                    for (String u : urls) images.remove(u, null);
                                    if (raw != null) images.remove(raw, null);
                                    return true;
                                  }))
                  .compose(v -> replaceImages())
                  .map(
                      v -> { // the hashes rebuilt from what is still hidden
                        imagesChanged.run();
                        return true;
                      });
            });
  }

  /** Hides only the image of an item, remembering its URL and perceptual hash. */
  public Future<Boolean> hideImage(long itemId) {
    return store
        .rawImage(itemId)
        .compose(
            url -> {
              if (url == null) return Future.succeededFuture(false);
              return store
                  .setImageHidden(itemId, true)
                  .compose(
                      changed -> {
                        if (!changed) return Future.succeededFuture(false);
                        images.add(url, null);
                        // the picture's hash makes copies under other URLs recognisable; without it
                        // the URL still matches
                        Future<Long> hash =
                            images
                                .hashOf(url)
                                .recover(
                                    e -> {
                                      LOG.warn(
                                          "hidden image {} could not be hashed ({}): matched by URL only",
                                          url,
                                          e.getMessage());
                                      return Future.succeededFuture(null);
                                    });
                        return hash.compose(
                                h -> {
                                  images.add(url, h);
                                  return store.hideImage(url, h, itemId);
                                })
                            .onSuccess(v -> imagesChanged.run())
                            .compose(v -> items.get(itemId))
                            .map(
                                stored -> {
                                  if (stored != null && !stored.hidden())
                                    publisher.publish(EventType.UPDATE, stored.item());
                                  return true;
                                });
                      });
            });
  }

  private void imageReappeared(Item item, String url, long hash) {
    publisher.publish(EventType.UPDATE, item.withImage(null));
    store
        .hideImage(url, hash, item.id())
        .onSuccess(v -> imagesChanged.run())
        .compose(v -> markImageHidden(item.id(), 0))
        .onFailure(
            e ->
                LOG.warn(
                    "could not record hidden image {} of item {}: {}",
                    url,
                    item.id(),
                    e.getMessage()));
  }

  /** The item may not be written yet (push first, persist after): try a few times. */
  private Future<Void> markImageHidden(long itemId, int attempt) {
    return store
        .rawImage(itemId)
        .compose(
            raw -> {
              if (raw == null && attempt < 10) {
                return Future.<Void>future(
                    p ->
                        vertx.setTimer(
                            500, t -> markImageHidden(itemId, attempt + 1).onComplete(p)));
              }
              return store.setImageHidden(itemId, true).mapEmpty();
            });
  }

  /** Whether an item exists at all (hidden or not). */
  public Future<Boolean> isKnown(long itemId) {
    return items.get(itemId).map(s -> s != null);
  }

  /** Images of new items compared with the hidden ones so far (metrics, tests). */
  public long imagesCompared() {
    return images.compared();
  }

  /** For tests and metrics: how many hidden pictures are known by hash. */
  public int hiddenHashes() {
    return images.hashCount();
  }
}
