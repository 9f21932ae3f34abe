package ma.manchette;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import ma.manchette.config.AccessConfig;
import ma.manchette.config.AppConfig;
import ma.manchette.config.OutletJson;
import ma.manchette.fetch.AddressGuard;
import ma.manchette.moderation.Moderation;
import ma.manchette.store.OutletCatalog;
import ma.manchette.store.ReportStore;
import ma.manchette.web.AccessGuard;
import ma.manchette.web.AdminApi;
import ma.manchette.web.ApiKeys;
import ma.manchette.web.FeedsApi;
import ma.manchette.web.ForwardedHeaders;
import ma.manchette.web.ReportsApi;
import ma.manchette.config.OutletConfig;
import ma.manchette.config.OutletsFile;
import ma.manchette.demo.DemoOutlets;
import ma.manchette.fetch.FeedFetcher;
import ma.manchette.fetch.FetchLimits;
import ma.manchette.fetch.WebSubSubscriptions;
import ma.manchette.hub.EncodedEvent;
import ma.manchette.hub.HeadlineHub;
import ma.manchette.hub.HeadlineRate;
import ma.manchette.hub.StreamSubscriber;
import ma.manchette.ingest.ArticleImages;
import ma.manchette.ingest.Enricher;
import ma.manchette.model.IdGenerator;
import ma.manchette.ingest.Ingestor;
import ma.manchette.model.Item;
import ma.manchette.ingest.NewItemDetector;
import ma.manchette.metrics.Telemetry;
import ma.manchette.outlet.Outlet;
import ma.manchette.outlet.OutletRegistry;
import ma.manchette.cluster.ClusterNodes;
import ma.manchette.cluster.OutletLeases;
import ma.manchette.outlet.OutletScheduler;
import ma.manchette.cluster.ClusterEvents;
import ma.manchette.cluster.NewItemsListener;
import ma.manchette.store.DatabaseLocation;
import ma.manchette.store.EmbeddedDatabase;
import ma.manchette.store.ItemStore;
import ma.manchette.store.ItemWriter;
import ma.manchette.store.Migrations;
import ma.manchette.store.OutletStateStore;
import ma.manchette.store.WebSubStore;
import ma.manchette.web.HttpVerticle;
import ma.manchette.web.ItemsApi;
import ma.manchette.web.MetricsEndpoint;
import ma.manchette.web.OutletsApi;
import ma.manchette.web.SseEndpoint;
import ma.manchette.web.StatsApi;
import ma.manchette.web.WebSocketEndpoint;
import ma.manchette.web.WebSubCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server assembled from a configuration, in one compose chain: database, migrations,
 * outlets, warm-up from history, the ingest verticle, the HTTP verticles. Used by Main and by tests.
 */
public final class ManchetteServer {
  private static final Logger LOG = LoggerFactory.getLogger(ManchetteServer.class);
  private static final int SEEN_PER_OUTLET = 2_000;
  private static final int RING_WARM = 2_000;

  private final Vertx vertx;
  private final AppConfig config;
  private EmbeddedDatabase embedded;
  private DatabaseLocation db;
  private Pool pool;
  private OutletRegistry registry;
  private ItemStore items;
  private OutletStateStore states;
  private HeadlineHub hub;
  private OutletScheduler scheduler;
  private FeedFetcher fetcher;
  private final HeadlineRate rate = new HeadlineRate();
  private IdGenerator ids; // replaced once, before first use, when a free node id is claimed
  private volatile int nodeId; // MANCHETTE_NODE_ID, or in cluster mode without it a free id claimed at start
  private volatile boolean migrated;
  private final AtomicInteger port = new AtomicInteger(-1);
  private final List<String> httpDeployments = new ArrayList<>();
  private String schedulerDeployment;
  private DemoOutlets demo; // --demo: simulated outlets on loopback
  private ArticleImages articleImages;
  private WebSubSubscriptions webSub;
  // issue 7: public interface (moderation, admin API, abuse limits, formats)
  private AccessConfig access = AccessConfig.defaults();
  private AddressGuard addressGuard;
  private FeedFetcher imageFetcher;
  private Moderation moderation;
  private ReportStore reportStore;
  private OutletCatalog catalog;
  private final java.util.Map<String, List<String>> fileSources = new java.util.HashMap<>();
  private volatile io.vertx.core.Context ingestContext;
  private final Telemetry telemetry; // issue 5: /metrics
  private OutletLeases leases; // several nodes (cluster mode, the default on a shared database): which outlets this node polls
  private volatile boolean leasesStarted;
  private ClusterNodes clusterNodes; // this process's row in cluster_nodes: its node id, unique among live nodes
  private long optOutWatch = -1;
  private NewItemsListener otherNodes; // issue 5, several nodes: items detected elsewhere

  public ManchetteServer(Vertx vertx, AppConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.nodeId = config.nodeId();
    this.ids = new IdGenerator(nodeId);
    this.telemetry = Telemetry.of(vertx);
  }

  /** Limits, keys and the SSRF allow-list (issue 7); defaults when not called. */
  public ManchetteServer withAccess(AccessConfig a) {
    this.access = a;
    return this;
  }

  public Future<ManchetteServer> start() {
    // rules first: a broken override file stops the start before the database is touched
    return loadEnrichers()
        .compose(v -> startDatabase())
        .compose(v -> vertx.executeBlocking(() -> Migrations.apply(db)))
        .compose(m -> {
          migrated = true;
          pool = PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(8).setName("manchette"))
              .connectingTo(db.options().setReconnectAttempts(0).setCachePreparedStatements(true))
              .using(vertx)
              .build();
          return joinCluster();
        })
        .compose(v -> outletList())
        .compose(this::registerOutlets)
        .compose(v -> warmUp())
        .compose(v -> startModeration())
        .compose(v -> deployScheduler())
        .compose(v -> deployHttp())
        .map(v -> {
          LOG.info("Manchette listening on {}:{} with {} outlets ({} enabled), node {}", config.httpHost(), port.get(),
              registry.all().size(), registry.all().stream().filter(o -> o.config().enabled()).count(), nodeId);
          return this;
        });
  }

  /**
   * Cluster mode: register this process's node id before any id is handed out (refused if a live twin renews
   * it). MANCHETTE_CLUSTER=0 on a shared database: say loudly that other nodes will poll everything again.
   */
  private Future<Void> joinCluster() {
    if (config.cluster().optedOut()) {
      LOG.warn("MANCHETTE_CLUSTER=0 on a shared DATABASE_URL: this node polls every outlet itself; any other node on this "
          + "database polls them again and announces the same headlines under its own ids. Unset MANCHETTE_CLUSTER to share the work.");
      watchOtherNodes(new java.util.concurrent.atomic.AtomicReference<>(List.of()));
      return Future.succeededFuture();
    }
    if (!config.cluster().enabled()) return Future.succeededFuture();
    clusterNodes = new ClusterNodes(vertx, pool, config.cluster().lease());
    return clusterNodes.join(config.cluster().nodeIdGiven() ? config.nodeId() : null).map(n -> {
      if (n != nodeId) {
        nodeId = n;
        ids = new IdGenerator(n);
      }
      return null;
    });
  }

  /** Opted out of cluster mode: a WARN whenever the set of live nodes registered on this database changes to a non-empty one. */
  private void watchOtherNodes(java.util.concurrent.atomic.AtomicReference<List<Integer>> seen) {
    optOutWatch = vertx.setPeriodic(Math.max(1_000, config.cluster().lease().toMillis() / 3), t ->
        pool.query("SELECT node_id FROM cluster_nodes WHERE seen_until > now() ORDER BY node_id").execute().onSuccess(rows -> {
          List<Integer> live = new ArrayList<>();
          for (io.vertx.sqlclient.Row r : rows) live.add(r.getInteger(0));
          if (!live.isEmpty() && !live.equals(seen.get())) {
            LOG.warn("MANCHETTE_CLUSTER=0, yet other nodes are live on this database (node ids {}): outlets are polled by them "
                + "and by this node, and the same headlines are announced twice under different ids", live);
          }
          seen.set(live);
        }));
  }

  private Future<Void> startDatabase() {
    if (config.databaseUrl() != null) {
      db = DatabaseLocation.fromUrl(config.databaseUrl());
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> EmbeddedDatabase.start(config.dataDir())).map(e -> {
      embedded = e;
      db = e.location();
      return null;
    });
  }

  private List<OutletConfig> loadOutlets() throws Exception {
    return OutletsFile.read(config.outletsFile());
  }

  /** The outlets file, or with --demo / MANCHETTE_DEMO=1 the built-in simulated outlets on loopback. */
  private Future<List<OutletConfig>> outletList() {
    if (!config.demo()) return vertx.executeBlocking(this::loadOutlets);
    demo = new DemoOutlets(vertx, Duration.ofSeconds(3));
    return demo.start().map(d -> {
      LOG.info("demo mode: {} simulated outlets on loopback instead of {}", d.outlets().size(), config.outletsFile());
      return d.outlets();
    });
  }

  private Future<Void> registerOutlets(List<OutletConfig> outlets) {
    items = new ItemStore(pool, id -> registry.nameOf(id));
    states = new OutletStateStore(pool);
    catalog = new OutletCatalog(pool);
    List<Future<Void>> saves = new ArrayList<>();
    for (OutletConfig c : outlets) {
      fileSources.put(c.id(), c.sources());
      saves.add(states.upsertFromFile(c.id(), OutletJson.of(c), c.enabled()));
    }
    // the file seeds the outlets table; outlets the admin API added, changed or deleted win over it
    return Future.all(saves).compose(v -> catalog.all()).map(rows -> {
      java.util.Map<String, OutletConfig> effective = new java.util.LinkedHashMap<>();
      for (OutletConfig c : outlets) effective.put(c.id(), c);
      java.util.Set<String> guarded = new java.util.HashSet<>();
      for (OutletCatalog.Row0 row : rows) {
        if (row.deleted()) {
          effective.remove(row.id());
        } else if ("admin".equals(row.origin())) {
          try {
            OutletConfig c = OutletsFile.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().readTree(row.config().encode()));
            effective.put(c.id(), c);
            if (!c.sources().equals(fileSources.get(c.id()))) guarded.add(c.id());
          } catch (Exception e) {
            LOG.error("outlet {} stored by the admin API is not valid any more, left out: {}", row.id(), e.getMessage());
          }
        }
      }
      registry = new OutletRegistry(effective.values());
      guarded.forEach(id -> registry.get(id).guarded(true));
      telemetry.outlets(new ArrayList<>(effective.keySet())); // issue 5: poll counters exist from the start
      return null;
    });
  }

  /** Reports, hidden items and images (issue 7): the SSRF guard, an image fetcher, the hidden pictures. */
  private Future<Void> startModeration() {
    addressGuard = new AddressGuard(access.fetchAllow());
    imageFetcher = new FeedFetcher(vertx, new FetchLimits(4L * 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(10), 3))
        .guardedBy(addressGuard);
    reportStore = new ReportStore(pool);
    Moderation.Publisher publisher = (type, item) -> {
      // corrections enter the hub on the ingest context, like headlines, so ids stay in order
      io.vertx.core.Context ctx = ingestContext;
      if (ctx != null) ctx.runOnContext(v -> hub.publish(EncodedEvent.of(type, item, ids.next())));
      else hub.publish(EncodedEvent.of(type, item, ids.next()));
    };
    moderation = new Moderation(vertx, reportStore, items, publisher, imageFetcher, access.reportThreshold());
    // only where an event started: with several nodes that node checks the picture and relays any update
    hub.addListener(e -> {
      if (IdGenerator.nodeOf(e.cursor) == nodeId) moderation.observe(e);
    });
    return moderation.load();
  }

  private Future<Void> warmUp() {
    hub = new HeadlineHub(config.ringSize(), items, config.maxSubscribers(), Duration.ofDays(config.retentionDays()));
    hub.addListener(rate);
    telemetry.hub(hub); // issue 5: subscribers, deliveries, drops, resumes, detected->socket lag
    if (config.cluster().enabled()) hub.holdFor(vertx, config.cluster().hold()); // issue 5: one id order on every node
    return items.maxId()
        .compose(max -> {
          ids.advancePast(max);
          return items.latest(Math.min(RING_WARM, config.ringSize()));
        })
        .compose(latest -> {
          List<EncodedEvent> events = new ArrayList<>();
          for (int i = 0; i < latest.oldestFirst().size(); i++) {
            Item item = latest.oldestFirst().get(i);
            events.add(latest.live().get(i) ? EncodedEvent.headline(item) : EncodedEvent.history(item));
          }
          hub.ring().seed(events, latest.floor());
          return items.outletCounts();
        })
        .map(counts -> {
          counts.forEach((id, c) -> {
            Outlet o = registry.get(id);
            if (o != null) o.health.warm(c.last24h(), c.lastNewItemAt());
          });
          return null;
        });
  }

  private Future<Void> deployScheduler() {
    fetcher = new FeedFetcher(vertx, FetchLimits.of(config.fetchMaxBytes(), config.fetchDeadline())).guardedBy(addressGuard);
    NewItemDetector detector = new NewItemDetector(SEEN_PER_OUTLET);
    return items.seenKeys(SEEN_PER_OUTLET, null).compose(seen -> {
      seen.forEach(s -> detector.remember(s.outlet(), s.key(), s.id(), s.contentHash()));
      scheduler = new OutletScheduler(registry, fetcher, states,
          ctx -> {
            ingestContext = ctx;
            return new Ingestor(ids, detector, hub, new ItemWriter(ctx, pool, config.writeBufferMax()));
          },
          enrichers(), config.polling());
      if (config.cluster().enabled()) clusterLeases(detector); // issue 5: poll only leased outlets
      return vertx.deployVerticle(scheduler);
    }).map(id -> {
      schedulerDeployment = id;
      // og:image of the article page for new headlines whose feed has none, pushed later as an update
      articleImages = new ArticleImages(vertx, fetcher, scheduler.ingestor(), this::articleSources, 4, 500, 4_096);
      scheduler.ingestor().onDetected(articleImages::offer);
      // issue 6: stories across outlets; the amend (update event + stored story id) runs once the insert is queued
      var stories = new ma.manchette.story.StoryGrouping(vertx, scheduler.ingestor()::amend);
      scheduler.ingestor().onDetected(stories::accept);
      // issue 6: full text of article pages, on first view, or right after detection for outlets in conf/fulltext.yaml
      articleBodies = new ma.manchette.ingest.ArticleBodies(vertx, fetcher, new ma.manchette.store.BodyStore(pool), this::articleSources);
      scheduler.ingestor().onDetected(item -> {
        if (eagerBodies.contains(item.outlet())) vertx.setTimer(2_000, t -> articleBodies.of(item)); // once its row is written
      });
      // issue 5: polls by outcome, fetch time, detections, write backlog, event-loop delay
      scheduler.onPoll(telemetry::polled);
      scheduler.ingestor().onDetected(telemetry::detected);
      telemetry.writer(writer());
      telemetry.probeEventLoop(vertx);
      // WebSub, when the server has a public URL: subscribe to hubs that feeds advertise, keep polling slowly
      if (config.publicUrl() != null) {
        WebSubStore saved = new WebSubStore(pool);
        webSub = new WebSubSubscriptions(vertx, config.publicUrl(), saved::save);
        // restore first, then listen to discoveries: a poll racing the restore would subscribe a second time
        WebSubSubscriptions subs = webSub;
        saved.load()
            .onSuccess(subs::restore)
            .onFailure(e -> LOG.warn("websub: saved subscriptions unreadable: {}", e.getMessage()))
            .onComplete(ar -> scheduler.onHub(subs::discovered, subs::active));
      }
      return null;
    }).compose(v -> config.cluster().enabled() ? startCluster() : Future.<Void>succeededFuture());
  }

  /** Several nodes: outlets leased to one node at a time; on gaining one, what PostgreSQL holds of it is remembered first. */
  private void clusterLeases(NewItemDetector detector) {
    // read every round: outlets the admin API adds or pauses change the shares
    java.util.function.Supplier<List<String>> enabled =
        () -> registry.all().stream().filter(o -> o.config().enabled()).map(Outlet::id).sorted().toList();
    leases = new OutletLeases(vertx, pool, nodeId, config.cluster().lease(), enabled, new OutletLeases.Holder() {
      @Override
      public void gained(String outletId) {
        boolean atStart = !leasesStarted; // first polls spread as without leases, so a single node starts as fast
        items.seenKeys(SEEN_PER_OUTLET, outletId)
            .compose(seen -> states.loadStates().map(st -> {
              scheduler.takeOver(outletId, seen, st.get(outletId), atStart);
              return null;
            }))
            .onFailure(e -> LOG.atWarn().addKeyValue("outlet", outletId)
                .log("leases: could not warm up {} from PostgreSQL: {}", outletId, e.getMessage()));
      }

      @Override
      public void lost(String outletId) {
        scheduler.giveUp(outletId);
      }

      @Override
      public Future<Void> handingBack(String outletId) {
        scheduler.giveUp(outletId);
        return writer().drain(10_000);
      }
    });
    scheduler.pollOnly(leases::holds);
    scheduler.onUnleased(leases::nudge);
    // the hold window only costs latency while there is another node to wait for
    java.util.concurrent.atomic.AtomicInteger lastLive = new java.util.concurrent.atomic.AtomicInteger();
    leases.onLiveNodes(n -> {
      hub.holdWhile(n > 1);
      int before = lastLive.getAndSet(n);
      if (before != n && (before > 1) != (n > 1)) {
        if (n > 1) LOG.info("cluster: {} live nodes, events held {} ms so every node streams one id order", n, config.cluster().hold().toMillis());
        else LOG.info("cluster: node {} is the only live node, events leave at once", nodeId);
      }
    });
    telemetry.liveNodes(leases::liveNodes);
  }

  /**
   * Several nodes: committed items announced to the others, theirs read back into our hub; updates and retracts
   * relayed both ways on the same LISTEN connection; then the first leases.
   */
  private Future<Void> startCluster() {
    writer().notifyAs(nodeId);
    ClusterEvents relay = new ClusterEvents(vertx, pool, items, nodeId, e -> {
      telemetry.arrivedFromOtherNode(e.cursor);
      hub.relayed(e);
    }, moderation::reloadImages);
    hub.onOriginated(relay::originated);
    moderation.onImagesChanged(relay::imagesChanged);
    telemetry.clusterEvents(relay);
    otherNodes = new NewItemsListener(vertx, new io.vertx.pgclient.PgConnectOptions(db.options()), pool, nodeId, registry::nameOf)
        .alsoListen(ClusterEvents.CHANNEL, relay::received);
    return otherNodes.start((item, live) -> {
      telemetry.arrivedFromOtherNode(item.id());
      hub.fromOtherNode(item, live);
    }).compose(v -> leases.start()).onSuccess(v -> leasesStarted = true)
        .onSuccess(v -> LOG.info("cluster: node {} holds {} outlets, lease {} s, hold window {} ms", nodeId,
            leases.held().size(), config.cluster().lease().toSeconds(), config.cluster().hold().toMillis()));
  }

  /** Tests: this node dies without a word (no lease handed back, queued writes lost), as under kill -9. */
  public Future<Void> crash() {
    if (leases != null) leases.abandon();
    if (clusterNodes != null) clusterNodes.abandon();
    return vertx.close();
  }

  /** The node number in this node's ids and leases: MANCHETTE_NODE_ID, or the free one claimed at start. */
  public int nodeId() {
    return nodeId;
  }

  public OutletLeases leases() {
    return leases;
  }

  /** Enrichment steps run on worker threads after normalising; more are added by later stages. */
  private List<Enricher> enrichers() {
    List<Enricher> steps = new ArrayList<>(enrichers); // issue 6: section, language, region
    steps.add(moderation.enricher()); // issue 7: images hidden by reports never leave again
    return steps;
  }

  // what each headline is about: rules built into the jar, or MANCHETTE_REGIONS/SECTIONS, or files beside the outlets file
  private List<Enricher> enrichers = List.of();
  private ma.manchette.enrich.Enrichers.Loaded enrichment;
  private java.util.Set<String> eagerBodies = java.util.Set.of();
  private ma.manchette.ingest.ArticleBodies articleBodies;

  /** The region and section rules in force (source, counts); null before start. */
  public ma.manchette.enrich.Enrichers.Loaded enrichment() {
    return enrichment;
  }

  private io.vertx.core.json.JsonObject enrichmentJson() {
    return enrichment == null ? new io.vertx.core.json.JsonObject() : new io.vertx.core.json.JsonObject(enrichment.toMap());
  }

  private Future<Void> loadEnrichers() {
    return vertx.executeBlocking(() -> ma.manchette.enrich.Enrichers.load(config.outletsFile().toAbsolutePath().getParent(),
            config.regionsFile(), config.sectionsFile()))
        .map(loaded -> {
          enrichers = loaded.chain();
          enrichment = loaded;
          return null;
        })
        .compose(v -> vertx.executeBlocking(() -> ma.manchette.enrich.Enrichers.eagerFullText(config.outletsFile().toAbsolutePath().getParent())))
        .map(eager -> {
          eagerBodies = eager;
          return null;
        });
  }

  private Future<Void> deployHttp() {
    StreamSubscriber.SlowClientListener slow = s -> {
      hub.slowDisconnects.increment();
      hub.dropped.add(s.discarded());
      hub.unregister(s); // free the slot now; the socket may take a while to die
    };
    HealthChecks live = HealthChecks.create(vertx).register("process", p -> p.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx)
        .register("database", 3_000, p -> pool.query("SELECT 1").execute()
            .onSuccess(r -> p.complete(Status.OK()))
            .onFailure(e -> p.complete(Status.KO(new io.vertx.core.json.JsonObject().put("error", e.getMessage())))))
        .register("migrations", p -> p.complete(migrated ? Status.OK() : Status.KO()))
        .register("pollers", p -> p.complete(scheduler != null && scheduler.scheduled() ? Status.OK() : Status.KO()))
        .register("enrichment", p -> p.complete(Status.OK(enrichmentJson())));
    List<Consumer<io.vertx.ext.web.Router>> extra = new ArrayList<>();
    if (webSub != null) extra.add(new WebSubCallback(webSub, scheduler)::mount); // /websub/{outlet}
    extra.add(new ma.manchette.web.StoriesApi(new ma.manchette.store.StoryStore(pool, registry::nameOf))::mount); // issue 6: /api/stories
    // issue 7: limits/CORS/keys/admin token first (order -1000), then reports, admin API, feeds, OPML, OpenAPI
    ApiKeys apiKeys = new ApiKeys(access.apiKeys(), access.secret(), access.tokenTtl());
    extra.add(new ForwardedHeaders(access.proxies())::install); // who is asking, behind a trusted proxy (order -1100)
    AccessGuard guard = new AccessGuard(access, apiKeys, config.adminToken());
    extra.add(guard::install);
    extra.add(new ReportsApi(moderation, items, apiKeys, access.reportsPerMinute())::install);
    extra.add(new AdminApi(registry, catalog, () -> scheduler, addressGuard, moderation, reportStore, fileSources, guard.admin())::install);
    extra.add(new FeedsApi(vertx, items, registry, config.publicUrl())::install);
    extra.add(new MetricsEndpoint(telemetry)::mount); // issue 5: GET /metrics (Prometheus text)
    HttpVerticle.Routes routes = new HttpVerticle.Routes(config.httpHost(), config.httpPort(), config.socketSendBuffer(),
        access.proxies().proxyProtocol(), webroot(),
        new SseEndpoint(hub, config.heartbeat(), slow), new WebSocketEndpoint(hub, config.heartbeat(), slow),
        new ItemsApi(items, new ma.manchette.store.RelatedItemsStore(pool, registry::nameOf)::of, // issue 6: "Lire aussi" by full-text search
            new ma.manchette.store.RankedSearch(pool, registry::nameOf)) // issue 6: q ranked with sort=relevance
            .withBodies(articleBodies), // issue 6: full text on first view
        new OutletsApi(registry),
        new StatsApi(hub, rate, writer()), live, ready, new io.vertx.core.json.JsonObject().put("enrichment", enrichmentJson()), extra);
    List<HttpVerticle> instances = new ArrayList<>();
    int n = Math.max(1, Runtime.getRuntime().availableProcessors());
    return vertx.deployVerticle(() -> {
      HttpVerticle v = new HttpVerticle(routes);
      synchronized (instances) {
        instances.add(v);
      }
      return v;
    }, new DeploymentOptions().setInstances(n)).map(id -> {
      httpDeployments.add(id);
      port.set(instances.get(0).actualPort());
      return null;
    });
  }

  /** Article pages are asked only of the outlet's own site, through the SSRF guard when its feeds are. */
  private ma.manchette.ingest.ArticleSources articleSources(String outletId) {
    ma.manchette.outlet.Outlet o = registry.get(outletId);
    return o == null ? ma.manchette.ingest.ArticleSources.NONE : new ma.manchette.ingest.ArticleSources(o.config().sources(), o.guarded());
  }

  private String webroot() {
    return System.getenv().getOrDefault("MANCHETTE_WEBROOT", "webroot");
  }

  /** Graceful stop: no more polls, clients told to come back, the write queue flushed, the database stopped. */
  public Future<Void> stop() {
    LOG.info("stopping: polling off, clients asked to reconnect, flushing writes");
    Future<Void> f = Future.succeededFuture();
    telemetry.stop(vertx);
    // polling off without undeploying: the writer lives on the scheduler's context and must still flush (issue 5)
    if (scheduler != null) scheduler.pollOnly(id -> false);
    if (hub != null) f = f.compose(v -> hub.closeAll());
    if (scheduler != null && scheduler.ingestor() != null) {
      f = f.compose(v -> writer().drain(15_000)
          .onSuccess(x -> LOG.info("write queue flushed ({} items written this run)", writer().written()))
          .recover(e -> {
            LOG.error("could not flush {} queued writes before stopping: {}", writer().backlog(), e.getMessage());
            return Future.succeededFuture();
          }));
    }
    // issue 5: leases handed back once our writes are in, so another node takes over without re-announcing
    if (leases != null) f = f.compose(v -> leases.stop()).recover(e -> Future.succeededFuture());
    if (clusterNodes != null) f = f.compose(v -> clusterNodes.stop()).recover(e -> Future.succeededFuture());
    if (optOutWatch >= 0) vertx.cancelTimer(optOutWatch);
    if (otherNodes != null) f = f.compose(v -> otherNodes.close()).recover(e -> Future.succeededFuture());
    if (schedulerDeployment != null) f = f.compose(v -> vertx.undeploy(schedulerDeployment)).recover(e -> Future.succeededFuture());
    for (String id : httpDeployments) f = f.compose(v -> vertx.undeploy(id)).recover(e -> Future.succeededFuture());
    if (fetcher != null) f = f.compose(v -> fetcher.close()).recover(e -> Future.succeededFuture());
    if (webSub != null) f = f.compose(v -> webSub.close()).recover(e -> Future.succeededFuture());
    if (demo != null) f = f.compose(v -> demo.stop()).recover(e -> Future.succeededFuture());
    if (imageFetcher != null) f = f.compose(v -> imageFetcher.close()).recover(e -> Future.succeededFuture());
    if (pool != null) f = f.compose(v -> pool.close()).recover(e -> Future.succeededFuture());
    if (embedded != null) {
      f = f.compose(v -> vertx.executeBlocking(() -> {
        embedded.close();
        return null;
      })).mapEmpty();
    }
    return f;
  }

  public int port() {
    return port.get();
  }

  public HeadlineHub hub() {
    return hub;
  }

  public ItemWriter writer() {
    return scheduler.ingestor().writerRef();
  }

  public OutletRegistry registry() {
    return registry;
  }

  public OutletScheduler scheduler() {
    return scheduler;
  }

  public Pool pool() {
    return pool;
  }

  public Moderation moderation() {
    return moderation;
  }

  public AppConfig config() {
    return config;
  }
}
