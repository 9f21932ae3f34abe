package ma.manchette.fetch;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * robots.txt for pages (scraped listings, article pages, full text); feeds are exempt, as is the
 * convention for feed readers. One copy per origin, kept a day (a failed fetch an hour), parsed by
 * crawler-commons, {@code Crawl-delay} honoured between page fetches to that origin. As RFC 9309
 * says, a missing robots.txt (4xx) allows everything, and one that cannot be read (5xx, timeout)
 * disallows everything until retried.
 */
final class RobotsTxt {
  static final String AGENT = "manchette";
  static final long KEEP_MS = 24 * 3600_000L;
  static final long RETRY_MS = 3600_000L;

  /**
   * A longer Crawl-delay would stall the page queue for that site; capped, and said in the docs.
   */
  static final long MAX_DELAY_MS = 30_000L;

  /**
   * The fetch of one robots.txt: the caller's own fetcher, so limits, redirects and the SSRF guard
   * apply.
   */
  interface Source {
    Future<FetchResult> get(String url, boolean guarded);
  }

  private record Rules(BaseRobotRules rules, long expiresAt) {}

  private final Vertx vertx;
  private final Source source;
  private final LongSupplier clock;
  private final SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
  private final Map<String, Future<Rules>> byOrigin = new ConcurrentHashMap<>();
  private final Map<String, Long> nextPageAt = new ConcurrentHashMap<>();

  RobotsTxt(Vertx vertx, Source source, LongSupplier clock) {
    this.vertx = vertx;
    this.source = source;
    this.clock = clock;
  }

  /**
   * Completes when {@code url} may be fetched (after the site's Crawl-delay); fails with kind
   * "robots" when disallowed.
   */
  Future<Void> admit(String url, boolean guarded) {
    String origin = origin(url);
    if (origin == null) return Future.succeededFuture();
    return rules(origin, guarded)
        .compose(
            r -> {
              if (!r.isAllowed(url)) {
                return Future.failedFuture(
                    new FetchException(
                        "robots", "disallowed by " + origin + "/robots.txt: " + url));
              }
              long delay =
                  Math.min(
                      MAX_DELAY_MS,
                      Math.max(
                          0,
                          r.getCrawlDelay() == BaseRobotRules.UNSET_CRAWL_DELAY
                              ? 0
                              : r.getCrawlDelay()));
              if (delay == 0) return Future.succeededFuture();
              long wait = reserve(origin, delay, clock.getAsLong());
              if (wait <= 0) return Future.succeededFuture();
              Promise<Void> p = Promise.promise();
              vertx.setTimer(wait, t -> p.complete());
              return p.future();
            });
  }

  /**
   * Books the next page slot of an origin: how long this fetch waits so pages are {@code delay}
   * apart.
   */
  long reserve(String origin, long delay, long now) {
    long slot =
        nextPageAt.merge(origin, now + delay, (prev, next) -> Math.max(prev, now) + delay) - delay;
    return slot - now;
  }

  private Future<BaseRobotRules> rules(String origin, boolean guarded) {
    long now = clock.getAsLong();
    Future<Rules> cached =
        byOrigin.compute(
            origin,
            (k, f) -> {
              if (f != null && (!f.isComplete() || (f.succeeded() && f.result().expiresAt() > now)))
                return f;
              return load(origin, guarded, now);
            });
    return cached.map(Rules::rules);
  }

  private Future<Rules> load(String origin, boolean guarded, long now) {
    String url = origin + "/robots.txt";
    return source
        .get(url, guarded)
        .map(
            res -> {
              if (res.ok()) {
                return new Rules(
                    parser.parseContent(
                        url,
                        res.body(),
                        res.contentType() == null ? "text/plain" : res.contentType(),
                        List.of(AGENT)),
                    now + KEEP_MS);
              }
              if (res.status() >= 400 && res.status() < 500)
                return new Rules(
                    new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL), now + KEEP_MS);
              return new Rules(
                  new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_NONE), now + RETRY_MS);
            })
        .recover(
            e ->
                Future.succeededFuture(
                    new Rules(
                        new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_NONE),
                        now + RETRY_MS)));
  }

  static String origin(String url) {
    try {
      URI u = URI.create(url);
      if (u.getScheme() == null || u.getRawAuthority() == null) return null;
      return u.getScheme().toLowerCase(java.util.Locale.ROOT)
          + "://"
          + u.getRawAuthority().toLowerCase(java.util.Locale.ROOT);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
