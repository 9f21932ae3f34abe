package ma.manchette.outlet;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import ma.manchette.config.OutletConfig;
import ma.manchette.fetch.FeedFetcher;
import ma.manchette.fetch.FetchException;
import ma.manchette.fetch.FetchResult;
import ma.manchette.ingest.Enricher;
import ma.manchette.ingest.Ingestor;
import ma.manchette.ingest.ItemNormalizer;
import ma.manchette.ingest.PublishedDate;
import ma.manchette.model.Item;
import ma.manchette.parse.FeedParseException;
import ma.manchette.parse.FeedParser;
import ma.manchette.parse.PageScraper;
import ma.manchette.parse.ParsedEntry;
import ma.manchette.parse.ParsedFeed;
import ma.manchette.store.OutletStateStore;
import ma.manchette.store.OutletStateStore.PollState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One timer per outlet on the ingest context: fetch (non-blocking), parse and normalise (worker
 * thread), then detect and push (back on this context), then plan the next poll. An outlet's
 * failure only ever delays that outlet.
 */
public final class OutletScheduler extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OutletScheduler.class);

  private final OutletRegistry registry;
  private final FeedFetcher fetcher;
  private final OutletStateStore states;
  private final java.util.function.Function<io.vertx.core.Context, Ingestor> ingestorFactory;
  private Ingestor ingestor;
  // parsing is pure CPU: more threads than cores only starve PostgreSQL's writer and the event
  // loops
  private io.vertx.core.WorkerExecutor parsers;
  private final List<Enricher> enrichers;
  private final boolean polling;
  private volatile boolean scheduled;
  private boolean stopping;
  // WebSub: told of hubs that feeds advertise; asked whether pushes already keep an outlet current
  private volatile HubListener hubListener;
  private volatile java.util.function.Predicate<String> pushed = id -> false;

  /**
   * Hears of a WebSub hub a feed advertises, with its topic (the feed's self URL, else the URL
   * polled).
   */
  @FunctionalInterface
  public interface HubListener {
    void discovered(String outletId, String hub, String topic);
  }

  /**
   * Told of every finished poll (metrics); {@code errorKind} is set when the outcome is {@link
   * PollOutcome#FAILED}.
   */
  @FunctionalInterface
  public interface PollObserver {
    void polled(String outletId, PollOutcome outcome, String errorKind, long nanos);
  }

  private volatile PollObserver pollObserver = (id, outcome, errorKind, nanos) -> {};

  public void onPoll(PollObserver observer) {
    this.pollObserver = observer;
  }

  // several nodes: only outlets whose lease this node holds are polled (OutletLeases); one node:
  // all
  private volatile java.util.function.Predicate<String> mayPoll = id -> true;

  // several nodes: an outlet added or resumed at run time that no node holds yet asks for a lease
  // round now
  private volatile Runnable unleased = () -> {};

  public void onUnleased(Runnable r) {
    this.unleased = r;
  }

  /** Several nodes: poll only outlets for which this answers true (set before deployment). */
  public void pollOnly(java.util.function.Predicate<String> leased) {
    this.mayPoll = leased;
  }

  /**
   * This node now holds an outlet another node polled: what that node saw (from PostgreSQL)
   * replaces whatever this node remembered, so nothing stored is announced again; then polling
   * starts.
   */
  public void takeOver(
      String outletId, List<ma.manchette.store.ItemStore.SeenRow> seen, PollState state) {
    takeOver(outletId, seen, state, false);
  }

  /**
   * As above; {@code atStart} (the node's first lease round) plans the first poll as an unleased
   * start would.
   */
  public void takeOver(
      String outletId,
      List<ma.manchette.store.ItemStore.SeenRow> seen,
      PollState state,
      boolean atStart) {
    context.runOnContext(
        v -> {
          Outlet o = registry.get(outletId);
          if (o == null) return;
          ingestor.detector().forget(outletId);
          for (var s : seen)
            ingestor.detector().remember(outletId, s.key(), s.id(), s.contentHash());
          if (state != null) o.state = state;
          if (!atStart) {
            reschedule(outletId);
          } else if (polling && mayPoll.test(outletId) && o.timerId < 0 && o.inFlight == null) {
            schedule(o, firstDelay(o));
          }
        });
  }

  /** This node no longer holds the outlet: no more polls of it from here. */
  public void giveUp(String outletId) {
    context.runOnContext(
        v -> {
          Outlet o = registry.get(outletId);
          if (o != null) cancel(o);
        });
  }

  public void onHub(HubListener listener, java.util.function.Predicate<String> pushedOutlets) {
    this.hubListener = listener;
    this.pushed = pushedOutlets;
  }

  /**
   * @param ingestorFactory builds the ingestor (and its writer) on this verticle's context, which
   *     then is the single sequencer of ids, pushes and writes
   */
  public OutletScheduler(
      OutletRegistry registry,
      FeedFetcher fetcher,
      OutletStateStore states,
      java.util.function.Function<io.vertx.core.Context, Ingestor> ingestorFactory,
      List<Enricher> enrichers,
      boolean polling) {
    this.registry = registry;
    this.fetcher = fetcher;
    this.states = states;
    this.ingestorFactory = ingestorFactory;
    this.enrichers = List.copyOf(enrichers);
    this.polling = polling;
  }

  @Override
  public Future<?> start() {
    ingestor = ingestorFactory.apply(context);
    parsers =
        vertx.createSharedWorkerExecutor(
            "manchette-parse", Runtime.getRuntime().availableProcessors());
    return states
        .loadStates()
        .map(
            loaded -> {
              for (Outlet o : registry.all()) {
                o.state = loaded.getOrDefault(o.id(), PollState.NEW);
                if (polling && mayPoll.test(o.id())) schedule(o, firstDelay(o));
              }
              scheduled = true;
              return null;
            });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    for (Outlet o : registry.all()) cancel(o);
    return parsers == null ? Future.succeededFuture() : parsers.close();
  }

  public Ingestor ingestor() {
    return ingestor;
  }

  public boolean scheduled() {
    return scheduled;
  }

  /** (Re)plans an outlet after it was added or changed at run time. Safe from any thread. */
  public void reschedule(String outletId) {
    context.runOnContext(
        v -> {
          Outlet o = registry.get(outletId);
          if (o == null || !polling) return;
          if (!mayPoll.test(outletId)) {
            unleased.run();
            return;
          }
          cancel(o);
          o.currentInterval = o.config().interval();
          schedule(o, Duration.ofMillis(ThreadLocalRandom.current().nextLong(500, 2_000)));
        });
  }

  /**
   * Polls an outlet now, whatever its timer says (admin "poll now"; WebSub pushes use {@link
   * #ingestPushed}); joins the poll already under way, if any. Fails when the outlet is unknown,
   * paused, or polled by another node.
   */
  public Future<Void> pollNow(String outletId) {
    return Future.<Void>future(
        p ->
            context.runOnContext(
                v -> {
                  Outlet o = registry.get(outletId);
                  if (o == null) p.fail(new IllegalStateException("unknown outlet " + outletId));
                  else if (!o.config().enabled())
                    p.fail(new IllegalStateException("outlet " + outletId + " is paused"));
                  else if (!mayPoll.test(outletId))
                    p.fail(
                        new IllegalStateException(
                            "outlet " + outletId + " is polled by another node"));
                  else if (!polling || stopping)
                    p.fail(new IllegalStateException("polling is off on this node"));
                  else {
                    if (o.inFlight == null) cancel(o);
                    poll(o).onComplete(ar -> p.complete());
                  }
                }));
  }

  public void cancel(Outlet o) {
    if (o.timerId >= 0) vertx.cancelTimer(o.timerId);
    o.timerId = -1;
    o.health.nextPollAt(null);
  }

  private Duration firstDelay(Outlet o) {
    // spread the first polls over a few seconds so a restart does not hit every outlet at once
    long spread = Math.min(o.config().interval().toMillis(), 5_000);
    return Duration.ofMillis(50 + ThreadLocalRandom.current().nextLong(spread));
  }

  private void schedule(Outlet o, Duration delay) {
    if (stopping || !o.config().enabled() || !mayPoll.test(o.id())) return;
    o.health.nextPollAt(Instant.now().plus(delay));
    o.timerId =
        vertx.setTimer(
            Math.max(1, delay.toMillis()),
            t -> {
              o.timerId = -1;
              if (mayPoll.test(o.id())) poll(o); // the lease may have gone since this was planned
              else o.health.nextPollAt(null);
            });
  }

  private Future<Void> poll(Outlet o) {
    if (o.inFlight != null) return o.inFlight;
    Future<Void> f = startPoll(o);
    if (!f.isComplete()) {
      o.inFlight = f;
      f.onComplete(ar -> o.inFlight = null);
    }
    return f;
  }

  private Future<Void> startPoll(Outlet o) {
    OutletConfig c = o.config();
    long started = System.nanoTime();
    List<Future<SourceResult>> all = new ArrayList<>();
    List<String> sources = c.sources();
    for (int i = 0; i < sources.size(); i++) all.add(pollSource(o, sources.get(i), i == 0));
    return Future.join(all)
        .transform(
            ar -> {
              int fresh = 0;
              int stored = 0;
              String status = null;
              String error = null;
              Duration retryAfter = null;
              boolean cheap = true;
              boolean deferred = false;
              for (Future<SourceResult> f : all) {
                if (f.succeeded()) {
                  SourceResult r = f.result();
                  deferred |= r.deferred;
                  fresh += r.fresh;
                  stored += r.stored;
                  cheap &= r.cheap;
                  if (status == null) status = r.status;
                } else {
                  cheap = false;
                  Throwable e = f.cause();
                  status =
                      e instanceof FetchException fe
                          ? fe.kind
                          : e instanceof FeedParseException ? "parse-error" : "error";
                  error = e.getMessage();
                  if (e instanceof RetryLater rl) retryAfter = rl.retryAfter;
                }
              }
              o.health.polled(status, error, cheap);
              o.health.newItems(stored);
              pollObserver.polled(
                  c.id(),
                  PollOutcome.of(error != null, fresh, status, cheap),
                  error != null ? status : null,
                  System.nanoTime() - started);
              Duration next;
              if (error != null) {
                LOG.atWarn()
                    .addKeyValue("outlet", c.id())
                    .addKeyValue("kind", status)
                    .addKeyValue("failures", o.health.consecutiveFailures())
                    .log(
                        "outlet {}: {} ({}), failure {} in a row",
                        c.id(),
                        error,
                        status,
                        o.health.consecutiveFailures());
                next = PollDelay.afterFailure(c, o.health.consecutiveFailures(), retryAfter);
              } else if (deferred) {
                next =
                    PollDelay.afterDeferral(
                        o.currentInterval); // its items are still to take: as soon as the buffer
                // drains
              } else {
                o.currentInterval = PollDelay.afterSuccess(c, o.currentInterval, fresh);
                // an outlet that pushes to us (WebSub) is only polled at its slowest pace, as a
                // fallback
                next = pushed.test(c.id()) ? c.maxInterval() : o.currentInterval;
              }
              // a reschedule during the poll (outlet changed) already planned the next one
              if (o.timerId < 0)
                schedule(o, retryAfter != null ? PollDelay.jitterUp(next) : PollDelay.jitter(next));
              return Future.succeededFuture();
            });
  }

  /** fresh: pushed live (drives the adaptive interval); stored: new rows, history included. */
  private record SourceResult(
      String status, int fresh, int stored, boolean cheap, boolean deferred) {
    SourceResult(String status, int fresh, int stored, boolean cheap) {
      this(status, fresh, stored, cheap, false);
    }
  }

  /** A 429 or 503 that named when to come back. */
  static final class RetryLater extends FetchException {
    final Duration retryAfter;

    RetryLater(int status, Duration retryAfter) {
      super(
          String.valueOf(status),
          "HTTP "
              + status
              + (retryAfter == null
                  ? ""
                  : ", asked to retry after " + retryAfter.toSeconds() + " s"));
      this.retryAfter = retryAfter;
    }
  }

  private Future<SourceResult> pollSource(Outlet o, String source, boolean primary) {
    PollState st = o.state;
    String url = primary && st.movedTo() != null ? st.movedTo() : source;
    FeedFetcher.Validators validators =
        primary
            ? new FeedFetcher.Validators(st.etag(), st.lastModified())
            : FeedFetcher.Validators.NONE;
    // a scraped listing is a web page: its site's robots.txt applies; feeds are exempt
    boolean page = o.config().scrape() != null && source.equals(o.config().scrape().url());
    Future<FetchResult> fetched =
        page
            ? fetcher.fetchPage(url, validators, o.guarded())
            : fetcher.fetch(url, validators, o.guarded());
    return fetched.compose(
        res -> {
          if (res.notModified()) return Future.succeededFuture(new SourceResult("304", 0, 0, true));
          if (res.status() == 429 || res.status() == 503)
            return Future.failedFuture(new RetryLater(res.status(), res.retryAfter()));
          if (!res.ok()) {
            String why =
                "cloudflare".equals(res.server())
                    ? "blocked by Cloudflare (HTTP " + res.status() + ")"
                    : "HTTP " + res.status();
            return Future.failedFuture(new FetchException(String.valueOf(res.status()), why));
          }
          OutletConfig c = o.config();
          String previousHash = primary ? st.bodyHash() : null;
          return parsers
              .executeBlocking(() -> parse(c, res, previousHash), false)
              .map(
                  parsed -> {
                    if (primary) {
                      o.state =
                          new PollState(
                              st.primed(),
                              res.etag(),
                              res.lastModified(),
                              parsed.hash,
                              res.permanentUrl() != null ? res.permanentUrl() : st.movedTo());
                    }
                    // validators go through the writer, after this body's items, so a crash never
                    // hides unstored items behind a 304
                    Runnable saveValidators =
                        () -> {
                          if (primary)
                            ingestor
                                .writerRef()
                                .validators(
                                    o.id(),
                                    res.etag(),
                                    res.lastModified(),
                                    parsed.hash,
                                    res.permanentUrl());
                        };
                    if (parsed.items != null) o.health.undated(parsed.undated);
                    if (parsed.items == null) {
                      saveValidators.run();
                      return new SourceResult(String.valueOf(res.status()), 0, 0, true);
                    }
                    HubListener hubs = hubListener;
                    if (primary && hubs != null && parsed.hub != null)
                      hubs.discovered(o.id(), parsed.hub, parsed.self != null ? parsed.self : url);
                    boolean live = o.state.primed();
                    Ingestor.Outcome out = ingestor.accept(c, parsed.items, live);
                    if (out.deferred()) {
                      LOG.warn(
                          "outlet {}: write buffer full, {} items left for the next poll, in {} s",
                          c.id(),
                          parsed.items.size(),
                          PollDelay.afterDeferral(o.currentInterval).toSeconds());
                      PollState now =
                          o.state; // forget the validators so the next poll parses this body again
                      o.state = new PollState(now.primed(), null, null, null, now.movedTo());
                    }
                    if (!out.deferred()) saveValidators.run();
                    if (!live && !out.deferred()) {
                      PollState now = o.state;
                      o.state =
                          new PollState(
                              true, now.etag(), now.lastModified(), now.bodyHash(), now.movedTo());
                    }
                    return new SourceResult(
                        String.valueOf(res.status()),
                        live ? out.fresh() : 0,
                        out.fresh(),
                        false,
                        out.deferred());
                  });
        });
  }

  private record Parsed(String hash, List<Item> items, String hub, String self, int undated) {}

  /** Worker thread: hash, and unless the body repeats the last one, parse, normalise and enrich. */
  private Parsed parse(OutletConfig c, FetchResult res, String previousHash)
      throws FeedParseException {
    String hash = sha256(res.body());
    if (hash.equals(previousHash)) return new Parsed(hash, null, null, null, 0);
    ParsedFeed feed =
        c.scrape() != null
            ? PageScraper.scrape(res.body(), res.contentType(), res.finalUrl(), c.scrape())
            : FeedParser.parse(res.body(), res.contentType());
    Instant now = Instant.now();
    List<Item> items = ItemNormalizer.normalize(c, res.finalUrl(), feed.entries(), now);
    int undated = 0;
    for (ParsedEntry e : feed.entries())
      if (e.publishedAt() == null && PublishedDate.parse(e.rawDate(), now) == null) undated++;
    if (!enrichers.isEmpty()) {
      List<Item> enriched = new ArrayList<>(items.size());
      for (Item i : items) {
        Item e = i;
        for (Enricher en : enrichers) e = en.enrich(e);
        enriched.add(e);
      }
      items = enriched;
    }
    return new Parsed(hash, items, feed.hub(), feed.self(), undated);
  }

  /**
   * Content a WebSub hub pushed for an outlet: parsed on a worker like a polled body, then detected
   * and pushed on this context. Completes with the number of new headlines.
   */
  public Future<Integer> ingestPushed(
      String outletId, byte[] body, String contentType, String topic) {
    return Future.<Integer>future(
        p ->
            context.runOnContext(
                v -> {
                  Outlet o = registry.get(outletId);
                  if (o == null || !o.config().enabled()) {
                    p.fail("unknown or disabled outlet " + outletId);
                    return;
                  }
                  OutletConfig c = o.config();
                  FetchResult pushedBody =
                      new FetchResult(200, body, contentType, null, null, topic, null, null, null);
                  parsers
                      .executeBlocking(() -> parse(c, pushedBody, null), false)
                      .onComplete(
                          ar -> {
                            if (ar.failed()) {
                              o.health.polled(
                                  "push-parse-error",
                                  "pushed content: " + ar.cause().getMessage(),
                                  false);
                              LOG.warn(
                                  "outlet {}: pushed content unreadable: {}",
                                  c.id(),
                                  ar.cause().getMessage());
                              p.fail(ar.cause());
                              return;
                            }
                            Ingestor.Outcome out =
                                ingestor.accept(c, ar.result().items, o.state.primed());
                            if (out.deferred()) { // nothing keeps a pushed body: poll the feed for
                              // those items once the buffer drains
                              cancel(o);
                              schedule(
                                  o, PollDelay.jitter(PollDelay.afterDeferral(o.currentInterval)));
                            }
                            o.health.polled("websub", null, false);
                            o.health.newItems(out.fresh());
                            p.complete(out.fresh());
                          });
                }));
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
