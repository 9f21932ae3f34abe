package ma.manchette.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import ma.manchette.fetch.FeedFetcher;
import ma.manchette.model.Item;
import ma.manchette.parse.ArticleText;
import ma.manchette.store.BodyStore;
import ma.manchette.text.SafeUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full text on first view: the article page is fetched (non-blocking, at most {@link #PER_HOST}
 * pages per host at once, one fetch shared by simultaneous viewers), its main text extracted on a
 * worker, sanitised to plain paragraphs and stored. A page that fails {@link #MAX_ATTEMPTS} times
 * is not asked for again. Confined to one context (the first caller's), like the other fetch
 * queues.
 */
public final class ArticleBodies {
  private static final Logger LOG = LoggerFactory.getLogger(ArticleBodies.class);
  static final int PER_HOST = 2;
  static final int MAX_ATTEMPTS = 3;
  private static final long PAGE_CAP = 2 * 1024 * 1024;

  public record Body(String text, String image) {}

  private final Vertx vertx;
  private final FeedFetcher fetcher;
  private final BodyStore store;
  private final Function<String, ArticleSources> sourcesOf;
  private final io.vertx.core.Context context;
  private final Map<Long, Future<Body>> inFlight = new HashMap<>();
  private final Map<String, Integer> active = new HashMap<>();
  private final Map<String, ArrayDeque<Runnable>> waiting = new HashMap<>();

  /**
   * @param sourcesOf an outlet's feed or page URLs (only article pages on the same site are
   *     fetched) and its guard
   */
  public ArticleBodies(
      Vertx vertx,
      FeedFetcher fetcher,
      BodyStore store,
      Function<String, ArticleSources> sourcesOf) {
    this.vertx = vertx;
    this.fetcher = fetcher;
    this.store = store;
    this.sourcesOf = sourcesOf;
    this.context = vertx.getOrCreateContext();
  }

  /**
   * The item's body, fetching it if needed; null when there is none to be had. Callable from any
   * thread.
   */
  public Future<Body> of(Item item) {
    if (!item.linksToArticle()
        || !ArticleImages.sameSite(item.url(), sourcesOf.apply(item.outlet()).feeds()))
      return Future.succeededFuture(null);
    Promise<Body> answer = Promise.promise();
    context.runOnContext(
        v -> {
          Future<Body> running = inFlight.get(item.id());
          if (running == null) {
            running =
                store
                    .attempts(item.id())
                    .compose(n -> n >= MAX_ATTEMPTS ? Future.succeededFuture(null) : queued(item));
            inFlight.put(item.id(), running);
            running.onComplete(ar -> inFlight.remove(item.id()));
          }
          running.onComplete(answer);
        });
    return answer.future();
  }

  private Future<Body> queued(Item item) {
    String host = host(item.url());
    Promise<Body> p = Promise.promise();
    Runnable start =
        () ->
            fetchAndStore(item)
                .onComplete(
                    ar -> {
                      p.handle(ar);
                      release(host);
                    });
    if (active.getOrDefault(host, 0) < PER_HOST) {
      active.merge(host, 1, Integer::sum);
      start.run();
    } else {
      waiting.computeIfAbsent(host, h -> new ArrayDeque<>()).add(start);
    }
    return p.future();
  }

  private void release(String host) {
    ArrayDeque<Runnable> q = waiting.get(host);
    Runnable next = q == null ? null : q.poll();
    if (q != null && q.isEmpty()) waiting.remove(host);
    if (next != null) next.run(); // the slot passes to the next page of that host
    else if (active.merge(host, -1, Integer::sum) <= 0) active.remove(host);
  }

  private Future<Body> fetchAndStore(Item item) {
    return fetcher
        .fetchPage(item.url(), PAGE_CAP, sourcesOf.apply(item.outlet()).guarded())
        .compose(
            res -> {
              if (!res.ok()) return Future.failedFuture("HTTP " + res.status());
              return vertx.executeBlocking(
                  () -> ArticleText.extract(res.body(), res.contentType(), res.finalUrl()), false);
            })
        .compose(
            x -> {
              String image = item.image() == null ? SafeUrl.resolve(item.url(), x.image()) : null;
              if (x.body() == null) return Future.failedFuture("no article text found");
              return store.save(item.id(), x.body(), image).map(v -> new Body(x.body(), image));
            })
        .recover(
            e -> {
              String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
              LOG.info(
                  "article text of item {} ({}) not extracted: {}", item.id(), item.url(), why);
              return store.failed(item.id(), why).otherwiseEmpty().map(v -> null);
            });
  }

  private static String host(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? "" : h;
    } catch (RuntimeException e) {
      return "";
    }
  }
}
