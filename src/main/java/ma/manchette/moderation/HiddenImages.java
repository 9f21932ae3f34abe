package ma.manchette.moderation;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import ma.manchette.fetch.FeedFetcher;
import ma.manchette.model.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images hidden by reports, known by URL and by perceptual hash. A known URL is stripped before the
 * item is pushed; an unknown image of a new item is fetched (through the SSRF guard, size- and
 * time-capped), hashed on a worker thread and compared, and a match hides it after the fact. Work
 * is bounded: a few fetches at a time, a short queue (overflow is skipped, logged), and a cache of
 * URLs already judged.
 */
final class HiddenImages {
  private static final Logger LOG = LoggerFactory.getLogger(HiddenImages.class);
  private static final int MAX_IN_FLIGHT = 2;
  private static final int MAX_QUEUED = 200;
  private static final int CACHE = 10_000;

  /** Told when a new item's image turns out to be a hidden picture. */
  interface MatchListener {
    void matched(Item item, String url, long hash);
  }

  private final Vertx vertx;
  private final FeedFetcher fetcher;
  private final Set<String> urls = ConcurrentHashMap.newKeySet();
  private final List<Long> hashes = new CopyOnWriteArrayList<>();
  private final Map<String, Boolean> judged =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
          return size() > CACHE;
        }
      };
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private int inFlight;
  private final java.util.concurrent.atomic.AtomicLong compared =
      new java.util.concurrent.atomic.AtomicLong();
  private MatchListener listener = (i, u, h) -> {};

  HiddenImages(Vertx vertx, FeedFetcher fetcher) {
    this.vertx = vertx;
    this.fetcher = fetcher;
  }

  void onMatch(MatchListener l) {
    this.listener = l;
  }

  void add(String url, Long hash) {
    urls.add(url);
    if (hash != null && !hashes.contains(hash)) hashes.add(hash);
    synchronized (judged) {
      judged.clear(); // earlier "not hidden" verdicts may be wrong now
    }
  }

  void remove(String url, Long hash) {
    urls.remove(url);
    if (hash != null) hashes.remove(hash);
  }

  /**
   * Replaces the known hashes and URLs with those hidden in the database; the new ones first, so
   * none slips through meanwhile.
   */
  void reset(List<ma.manchette.store.ReportStore.HiddenImage> still) {
    Set<String> keepUrls = new java.util.HashSet<>();
    Set<Long> keepHashes = new java.util.HashSet<>();
    for (var h : still) {
      add(h.url(), h.dhash());
      keepUrls.add(h.url());
      if (h.dhash() != null) keepHashes.add(h.dhash());
    }
    urls.retainAll(keepUrls);
    hashes.retainAll(keepHashes);
  }

  boolean isHiddenUrl(String url) {
    return url != null && urls.contains(url);
  }

  /** Images fetched and compared so far (successfully or not). */
  long compared() {
    return compared.get();
  }

  int hashCount() {
    return hashes.size();
  }

  /** Enricher step (worker thread): an image already known to be hidden never leaves. */
  Item strip(Item item) {
    return isHiddenUrl(item.image()) ? item.withImage(null) : item;
  }

  /** Fetches and hashes one image; fails when it is not a usable image. */
  Future<Long> hashOf(String url) {
    return fetcher
        .fetch(url, FeedFetcher.Validators.NONE, true)
        .compose(
            res -> {
              if (!res.ok() || res.body() == null)
                return Future.failedFuture("HTTP " + res.status());
              byte[] body = res.body();
              return vertx.executeBlocking(() -> ImageHash.dhash(body), false);
            });
  }

  /** Hub listener: a pushed item with an image not judged yet is queued for comparison. */
  void inspect(Item item) {
    String url = item.image();
    if (url == null || hashes.isEmpty()) return;
    synchronized (judged) {
      if (judged.containsKey(url)) return;
      judged.put(url, Boolean.FALSE);
    }
    synchronized (queue) {
      if (queue.size() >= MAX_QUEUED) {
        LOG.warn("image check queue full: {} not compared with hidden images", url);
        return;
      }
      queue.add(item);
    }
    pump();
  }

  private void pump() {
    Item next;
    synchronized (queue) {
      if (inFlight >= MAX_IN_FLIGHT || queue.isEmpty()) return;
      next = queue.poll();
      inFlight++;
    }
    String url = next.image();
    hashOf(url)
        .onComplete(
            ar -> {
              synchronized (queue) {
                inFlight--;
              }
              compared.incrementAndGet();
              if (ar.succeeded()) {
                long h = ar.result();
                for (long hidden : hashes) {
                  if (ImageHash.distance(h, hidden) <= ImageHash.MATCH_DISTANCE) {
                    LOG.info(
                        "image {} of item {} matches a hidden image (distance {}): hiding it",
                        url,
                        next.id(),
                        ImageHash.distance(h, hidden));
                    add(url, h);
                    listener.matched(next, url, h);
                    break;
                  }
                }
              } else {
                LOG.debug("could not hash image {}: {}", url, ar.cause().getMessage());
              }
              pump();
            });
  }
}
