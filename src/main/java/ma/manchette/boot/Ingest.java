package ma.manchette.boot;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import ma.manchette.config.AccessConfig;
import ma.manchette.config.AppConfig;
import ma.manchette.config.BreakingSettings;
import ma.manchette.fetch.AddressGuard;
import ma.manchette.fetch.FeedFetcher;
import ma.manchette.fetch.FetchLimits;
import ma.manchette.fetch.WebSubSubscriptions;
import ma.manchette.hub.EncodedEvent;
import ma.manchette.hub.HeadlineHub;
import ma.manchette.ingest.ArticleBodies;
import ma.manchette.ingest.ArticleImages;
import ma.manchette.ingest.ArticleSources;
import ma.manchette.ingest.Enricher;
import ma.manchette.ingest.Ingestor;
import ma.manchette.ingest.NewItemDetector;
import ma.manchette.metrics.Telemetry;
import ma.manchette.model.IdGenerator;
import ma.manchette.moderation.Moderation;
import ma.manchette.outlet.Outlet;
import ma.manchette.outlet.OutletRegistry;
import ma.manchette.outlet.OutletScheduler;
import ma.manchette.store.BodyStore;
import ma.manchette.store.ItemWriter;
import ma.manchette.store.ReportStore;
import ma.manchette.store.WebSubStore;
import ma.manchette.story.BreakingStories;
import ma.manchette.story.StoryGrouping;
import org.slf4j.Logger;

/**
 * From feeds to the hub: moderation (reports, hidden images), the fetcher, the new-item detector,
 * the scheduler and its ingestor, and what runs after a detection: article images, stories, article
 * bodies, telemetry, WebSub.
 */
public final class Ingest {
  private static final Logger LOG = ServerLog.LOG;
  private static final int SEEN_PER_OUTLET = 2_000;

  private final OutletScheduler scheduler;
  private final Moderation moderation;
  private final ReportStore reports;
  private final AddressGuard addressGuard;
  private final ArticleBodies bodies;
  private final WebSubSubscriptions webSub; // null without a public URL

  private Ingest(
      OutletScheduler scheduler,
      Moderation moderation,
      ReportStore reports,
      AddressGuard addressGuard,
      ArticleBodies bodies,
      WebSubSubscriptions webSub) {
    this.scheduler = scheduler;
    this.moderation = moderation;
    this.reports = reports;
    this.addressGuard = addressGuard;
    this.bodies = bodies;
    this.webSub = webSub;
  }

  /** The pieces it reads from and publishes to. */
  public record Inputs(
      Pool pool,
      OutletCatalogue outlets,
      Headlines headlines,
      ClusterNode node,
      EnrichmentRules rules,
      Telemetry telemetry) {}

  /**
   * Deployed and polling. On stop, first (on {@code handOff}): polling off without undeploying,
   * since the writer lives on the scheduler's context and must still flush; clients told to
   * reconnect; the write queue flushed.
   */
  public static Future<Ingest> start(
      Vertx vertx,
      AppConfig config,
      AccessConfig access,
      Inputs in,
      Closer handOff,
      Closer closer) {
    Context[] ingestContext =
        new Context
            [1]; // corrections enter the hub on the ingest context, like headlines, so ids stay in
    // order
    OutletRegistry registry = in.outlets().registry();
    HeadlineHub hub = in.headlines().hub();
    IdGenerator ids = in.node().ids();
    // reports, hidden items and images: the SSRF guard, an image fetcher, the hidden pictures
    AddressGuard guard = new AddressGuard(access.fetchAllow());
    FeedFetcher imageFetcher =
        new FeedFetcher(
                vertx,
                new FetchLimits(4L * 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(10), 3))
            .guardedBy(guard);
    closer.push("image fetcher", imageFetcher::close);
    ReportStore reports = new ReportStore(in.pool());
    Moderation.Publisher publisher =
        (type, item) -> {
          Context ctx = ingestContext[0];
          if (ctx != null)
            ctx.runOnContext(v -> hub.publish(EncodedEvent.of(type, item, ids.next())));
          else hub.publish(EncodedEvent.of(type, item, ids.next()));
        };
    Moderation moderation =
        new Moderation(
            vertx,
            reports,
            in.headlines().items(),
            publisher,
            imageFetcher,
            access.reportThreshold());
    // only where an event started: with several nodes that node checks the picture and relays any
    // update
    hub.addListener(
        e -> {
          if (IdGenerator.nodeOf(e.cursor) == in.node().nodeId()) moderation.observe(e);
        });
    return moderation
        .load()
        .compose(
            v -> {
              FeedFetcher fetcher =
                  new FeedFetcher(
                          vertx, FetchLimits.of(config.fetchMaxBytes(), config.fetchDeadline()))
                      .guardedBy(guard);
              WebSubStore saved = new WebSubStore(in.pool());
              WebSubSubscriptions webSub =
                  config.publicUrl() == null
                      ? null
                      : new WebSubSubscriptions(vertx, config.publicUrl(), saved::save);
              if (webSub != null) closer.push("websub subscriptions", webSub::close);
              closer.push("feed fetcher", fetcher::close);
              closer.push(
                  "detection journal",
                  () ->
                      vertx.executeBlocking(
                          () -> {
                            in.headlines().journal().close();
                            return null;
                          }));
              NewItemDetector detector = new NewItemDetector(SEEN_PER_OUTLET);
              return in.headlines()
                  .items()
                  .seenKeys(SEEN_PER_OUTLET, null)
                  .compose(
                      seen -> {
                        seen.forEach(
                            s -> detector.remember(s.outlet(), s.key(), s.id(), s.contentHash()));
                        List<Enricher> steps =
                            new ArrayList<>(
                                in.rules().loaded().chain()); // section, language, region
                        steps.add(
                            moderation.enricher()); // images hidden by reports never leave again
                        OutletScheduler scheduler =
                            new OutletScheduler(
                                registry,
                                fetcher,
                                in.outlets().states(),
                                ctx -> {
                                  ingestContext[0] = ctx;
                                  return new Ingestor(
                                      ids,
                                      detector,
                                      hub,
                                      new ItemWriter(ctx, in.pool(), config.writeBufferMax()),
                                      in.headlines().journal(),
                                      ctx);
                                },
                                steps,
                                config.polling());
                        handOff.push(
                            "polling, clients and the write queue", () -> quiet(scheduler, hub));
                        // several nodes: poll only leased outlets
                        in.node()
                            .leaseOutlets(
                                registry,
                                in.headlines().items(),
                                in.outlets().states(),
                                scheduler,
                                () -> writerOf(scheduler),
                                hub,
                                in.telemetry());
                        return vertx
                            .deployVerticle(scheduler)
                            .map(
                                id -> {
                                  closer.push("scheduler", () -> vertx.undeploy(id));
                                  ArticleBodies bodies =
                                      afterDetection(
                                          vertx, config.breaking(), in, fetcher, scheduler);
                                  if (webSub != null) listenToHubs(saved, webSub, scheduler);
                                  return new Ingest(
                                      scheduler, moderation, reports, guard, bodies, webSub);
                                });
                      });
            });
  }

  /**
   * Polling off, clients told to come back, the write queue flushed (a failed flush is said, not
   * fatal).
   */
  private static Future<Void> quiet(OutletScheduler scheduler, HeadlineHub hub) {
    scheduler.pollOnly(id -> false);
    Future<Void> f = hub.closeAll();
    if (scheduler.ingestor() == null) return f;
    ItemWriter writer = writerOf(scheduler);
    return f.compose(
        v ->
            writer
                .drain(15_000)
                .onSuccess(
                    x ->
                        LOG.info(
                            "write queue flushed ({} items written this run)", writer.written()))
                .recover(
                    e -> {
                      LOG.error(
                          "could not flush {} queued writes before stopping: {}",
                          writer.backlog(),
                          e.getMessage());
                      return Future.succeededFuture();
                    }));
  }

  /**
   * Images, stories, full text and counters for each new headline; returns the article bodies, also
   * asked for on first view.
   */
  private static ArticleBodies afterDetection(
      Vertx vertx,
      BreakingSettings breaking,
      Inputs in,
      FeedFetcher fetcher,
      OutletScheduler scheduler) {
    Ingestor ingestor = scheduler.ingestor();
    OutletRegistry registry = in.outlets().registry();
    java.util.function.Function<String, ArticleSources> sources =
        id -> articleSources(registry, id);
    // og:image of the article page for new headlines whose feed has none, pushed later as an update
    ArticleImages images = new ArticleImages(vertx, fetcher, ingestor, sources, 4, 500, 4_096);
    ingestor.onDetected(images::offer);
    // stories across outlets; the amend (update event + stored story id) runs once the insert is
    // queued
    // a story that breaks is announced by this node, the one whose grouper made the join: each
    // headline is grouped only where it was detected, so one node announces, and relays it
    HeadlineHub hub = in.headlines().hub();
    IdGenerator ids = in.node().ids();
    StoryGrouping stories =
        new StoryGrouping(
            vertx,
            ingestor::amend,
            in.rules().storyLexicon(),
            new BreakingStories(
                breaking.outlets(), breaking.window(), StoryGrouping.WINDOW, Clock.systemUTC()),
            story -> hub.announce(EncodedEvent.story(story, ids.next())),
            outlet -> {
              if (registry.get(outlet) != null) in.telemetry().scoop(outlet);
            });
    ingestor.onDetected(stories::accept);
    // full text of article pages, on first view, or right after detection for outlets in
    // conf/fulltext.yaml
    ArticleBodies bodies = new ArticleBodies(vertx, fetcher, new BodyStore(in.pool()), sources);
    ingestor.onDetected(
        item -> {
          if (in.rules().eagerBodies().contains(item.outlet()))
            vertx.setTimer(2_000, t -> bodies.of(item)); // once its row is written
        });
    // polls by outcome, fetch time, detections, write backlog, event-loop delay
    scheduler.onPoll(in.telemetry()::polled);
    ingestor.onDetected(in.telemetry()::detected);
    in.telemetry().writer(writerOf(scheduler));
    in.telemetry().probeEventLoop(vertx);
    return bodies;
  }

  /**
   * WebSub, when the server has a public URL: subscribe to hubs that feeds advertise, keep polling
   * slowly.
   */
  private static void listenToHubs(
      WebSubStore saved, WebSubSubscriptions subs, OutletScheduler scheduler) {
    // restore first, then listen to discoveries: a poll racing the restore would subscribe a second
    // time
    saved
        .load()
        .onSuccess(subs::restore)
        .onFailure(e -> LOG.warn("websub: saved subscriptions unreadable: {}", e.getMessage()))
        .onComplete(ar -> scheduler.onHub(subs::discovered, subs::active));
  }

  /**
   * Article pages are asked only of the outlet's own site, through the SSRF guard when its feeds
   * are.
   */
  private static ArticleSources articleSources(OutletRegistry registry, String outletId) {
    Outlet o = registry.get(outletId);
    return o == null ? ArticleSources.NONE : new ArticleSources(o.config().sources(), o.guarded());
  }

  private static ItemWriter writerOf(OutletScheduler scheduler) {
    return scheduler.ingestor().writerRef();
  }

  public OutletScheduler scheduler() {
    return scheduler;
  }

  public ItemWriter writer() {
    return writerOf(scheduler);
  }

  public Moderation moderation() {
    return moderation;
  }

  public ReportStore reports() {
    return reports;
  }

  public AddressGuard addressGuard() {
    return addressGuard;
  }

  public ArticleBodies bodies() {
    return bodies;
  }

  /** Null without a public URL. */
  public WebSubSubscriptions webSub() {
    return webSub;
  }
}
