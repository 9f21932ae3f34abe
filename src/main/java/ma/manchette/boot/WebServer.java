package ma.manchette.boot;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import ma.manchette.config.AccessConfig;
import ma.manchette.config.AppConfig;
import ma.manchette.hub.HeadlineHub;
import ma.manchette.hub.StreamSubscriber;
import ma.manchette.metrics.Telemetry;
import ma.manchette.outlet.OutletRegistry;
import ma.manchette.store.ItemStore;
import ma.manchette.store.RankedSearch;
import ma.manchette.store.RelatedItemsStore;
import ma.manchette.store.StoryStore;
import ma.manchette.web.CloseDeadline;
import ma.manchette.web.FeedsApi;
import ma.manchette.web.HttpVerticle;
import ma.manchette.web.ItemsApi;
import ma.manchette.web.MetricsEndpoint;
import ma.manchette.web.OutletsApi;
import ma.manchette.web.OutletsReadiness;
import ma.manchette.web.SseEndpoint;
import ma.manchette.web.StatsApi;
import ma.manchette.web.StoriesApi;
import ma.manchette.web.WebSocketEndpoint;
import ma.manchette.web.WebSubCallback;

/** The HTTP side: streams, APIs, health checks, one verticle instance per core on one port. */
public final class WebServer {
  private final int port;

  private WebServer(int port) {
    this.port = port;
  }

  /**
   * Deployed and listening. {@code accessChain} (who is asking, limits and keys, reports, the admin
   * API) is mounted after WebSub and the stories, before the feeds and /metrics.
   */
  public static Future<WebServer> deploy(
      Vertx vertx,
      AppConfig config,
      AccessConfig access,
      Database db,
      OutletCatalogue outlets,
      Headlines headlines,
      Ingest ingest,
      EnrichmentRules rules,
      Telemetry telemetry,
      List<Consumer<Router>> accessChain,
      Closer closer) {
    HeadlineHub hub = headlines.hub();
    ItemStore items = headlines.items();
    OutletRegistry registry = outlets.registry();
    StreamSubscriber.SlowClientListener slow =
        s -> {
          hub.slowDisconnects.increment();
          hub.dropped.add(s.discarded());
          hub.unregister(s); // free the slot now; the socket may take a while to die
        };
    CloseDeadline closeDeadline = new CloseDeadline(vertx, config.closeGrace());
    WebSocketEndpoint ws = new WebSocketEndpoint(hub, config.heartbeat(), slow, closeDeadline);
    telemetry.streamCloses(ws.oversizeCloses, closeDeadline.resets);
    HealthChecks live =
        HealthChecks.create(vertx).register("process", p -> p.complete(Status.OK()));
    HealthChecks ready =
        HealthChecks.create(vertx)
            .register(
                "database",
                3_000,
                p ->
                    db.pool()
                        .query("SELECT 1")
                        .execute()
                        .onSuccess(r -> p.complete(Status.OK()))
                        .onFailure(
                            e ->
                                p.complete(
                                    Status.KO(new JsonObject().put("error", e.getMessage())))))
            .register(
                "migrations", p -> p.complete(Status.OK())) // a started Database has applied them
            .register(
                "pollers",
                p -> p.complete(ingest.scheduler().scheduled() ? Status.OK() : Status.KO()))
            .register("enrichment", p -> p.complete(Status.OK(rules.json())))
            .register(OutletsReadiness.CHECK, new OutletsReadiness(() -> registry)::check);
    List<Consumer<Router>> extra = new ArrayList<>();
    if (ingest.webSub() != null)
      extra.add(new WebSubCallback(ingest.webSub(), ingest.scheduler())::mount); // /websub/{outlet}
    extra.add(new StoriesApi(new StoryStore(db.pool(), registry::nameOf))::mount); // /api/stories
    extra.addAll(accessChain);
    extra.add(new FeedsApi(vertx, items, registry, config.publicUrl())::install);
    extra.add(new MetricsEndpoint(telemetry)::mount); // GET /metrics (Prometheus text)
    HttpVerticle.Routes routes =
        new HttpVerticle.Routes(
            config.httpHost(),
            config.httpPort(),
            config.socketSendBuffer(),
            access.proxies().proxyProtocol(),
            config.webroot().toString(),
            new SseEndpoint(hub, config.heartbeat(), slow, closeDeadline),
            ws,
            new ItemsApi(
                    items,
                    new RelatedItemsStore(db.pool(), registry::nameOf)
                        ::of, // "Lire aussi" by full-text search
                    new RankedSearch(db.pool(), registry::nameOf)) // q ranked with sort=relevance
                .withBodies(ingest.bodies()), // full text on first view
            new OutletsApi(registry),
            new StatsApi(hub, headlines.rate(), ingest.writer()),
            live,
            ready,
            new JsonObject().put("enrichment", rules.json()),
            extra);
    List<HttpVerticle> instances = new ArrayList<>();
    int n = Math.max(1, Runtime.getRuntime().availableProcessors());
    return vertx
        .deployVerticle(
            () -> {
              HttpVerticle v = new HttpVerticle(routes);
              synchronized (instances) {
                instances.add(v);
              }
              return v;
            },
            new DeploymentOptions().setInstances(n))
        .map(
            id -> {
              closer.push("HTTP server", () -> vertx.undeploy(id));
              return new WebServer(instances.get(0).actualPort());
            });
  }

  /** The port it listens on (the one chosen when configured as 0). */
  public int port() {
    return port;
  }
}
