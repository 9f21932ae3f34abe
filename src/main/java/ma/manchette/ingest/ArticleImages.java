package ma.manchette.ingest;

import com.google.common.net.InternetDomainName;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import ma.manchette.fetch.FeedFetcher;
import ma.manchette.model.Item;
import ma.manchette.parse.ArticleImage;
import ma.manchette.text.SafeUrl;

/**
 * Finds a picture for new headlines whose feed gave none: the article page's og:image, fetched
 * after the push (an {@code update} event carries it later), a few pages at a time, each page once
 * (cached, and one fetch shared by items linking the same page). Confined to the ingest context;
 * Jsoup runs on a worker.
 */
public final class ArticleImages {
  private static final long PAGE_CAP =
      1024 * 1024; // the head is what matters; no article page needs more
  private static final String NONE = "";

  private final Vertx vertx;
  private final FeedFetcher fetcher;
  private final Ingestor ingestor;
  private final Function<String, ArticleSources> sourcesOf;
  private final int maxInFlight;
  private final int maxQueued;
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private final Map<String, List<Item>> inFlight = new HashMap<>();
  private final LinkedHashMap<String, String> cache;
  private Context context;
  public final LongAdder pagesFetched = new LongAdder();
  public final LongAdder imagesFound = new LongAdder();
  public final LongAdder dropped = new LongAdder();

  /**
   * @param sourcesOf an outlet's feed or page URLs (only article pages on the same site are
   *     fetched) and its guard
   */
  public ArticleImages(
      Vertx vertx,
      FeedFetcher fetcher,
      Ingestor ingestor,
      Function<String, ArticleSources> sourcesOf,
      int maxInFlight,
      int maxQueued,
      int cacheSize) {
    this.vertx = vertx;
    this.sourcesOf = sourcesOf;
    this.fetcher = fetcher;
    this.ingestor = ingestor;
    this.maxInFlight = maxInFlight;
    this.maxQueued = maxQueued;
    this.cache =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > cacheSize;
          }
        };
  }

  /** Called on the ingest context for each new live item, after it was pushed. Never waits. */
  public void offer(Item item) {
    if (item.image() != null
        || !item.linksToArticle()
        || !sameSite(item.url(), sourcesOf.apply(item.outlet()).feeds())) return;
    if (context == null) context = vertx.getOrCreateContext();
    if (answerFromCache(item)) return;
    if (queue.size() >= maxQueued) {
      dropped
          .increment(); // a burst beyond what is worth fetching: the headline simply has no picture
      return;
    }
    queue.add(item);
    pump();
  }

  /**
   * Only the outlet's own site is asked for article pages (its feed's host or a sibling under the
   * same domain, e.g. fr.le360.com for le360.com): no requests to wherever a feed's links point.
   */
  static boolean sameSite(String article, List<String> sources) {
    String host = host(article);
    if (host == null) return false;
    for (String src : sources) {
      String h = host(src);
      if (h == null) continue;
      if (h.equals(host)) return true;
      String site = site(h);
      if (site != null && (host.equals(site) || host.endsWith("." + site))) return true;
    }
    return false;
  }

  private static String host(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? null : h.toLowerCase(Locale.ROOT);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The registrable domain by the Public Suffix List ("fr.hespress.com" → "hespress.com",
   * "albayane.press.ma" → "albayane.press.ma", since press.ma is a public suffix); none for IP
   * addresses or a public suffix itself.
   */
  private static String site(String host) {
    if (host.matches("[0-9.]+") || host.contains(":") || !InternetDomainName.isValid(host))
      return null;
    InternetDomainName name = InternetDomainName.from(host);
    return name.isUnderPublicSuffix() ? name.topPrivateDomain().toString() : null;
  }

  private boolean answerFromCache(Item item) {
    String cached = cache.get(item.url());
    if (cached != null) {
      if (!cached.isEmpty()) ingestor.amend(item.withImage(cached));
      return true;
    }
    List<Item> waiting = inFlight.get(item.url());
    if (waiting != null) {
      waiting.add(item);
      return true;
    }
    return false;
  }

  private void pump() {
    while (inFlight.size() < maxInFlight && !queue.isEmpty()) {
      Item item = queue.poll();
      if (answerFromCache(item)) continue;
      String page = item.url();
      inFlight.put(page, new ArrayList<>(List.of(item)));
      fetcher
          .fetchPage(page, PAGE_CAP, sourcesOf.apply(item.outlet()).guarded())
          .compose(
              res ->
                  res.ok()
                      ? vertx.executeBlocking(
                          () ->
                              SafeUrl.resolve(
                                  res.finalUrl(),
                                  ArticleImage.find(res.body(), res.contentType(), res.finalUrl())),
                          false)
                      : Future.<String>succeededFuture(null))
          .otherwiseEmpty()
          .onComplete(ar -> context.runOnContext(v -> done(page, ar.result())));
    }
  }

  private void done(String page, String image) {
    pagesFetched.increment();
    cache.put(page, image == null ? NONE : image);
    List<Item> items = inFlight.remove(page);
    if (image != null && items != null) {
      for (Item i : items) ingestor.amend(i.withImage(image));
      imagesFound.add(items.size());
    }
    pump();
  }
}
