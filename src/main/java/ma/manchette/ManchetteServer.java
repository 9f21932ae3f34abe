package ma.manchette;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.function.Consumer;
import ma.manchette.boot.Closer;
import ma.manchette.boot.ClusterNode;
import ma.manchette.boot.Database;
import ma.manchette.boot.EnrichmentRules;
import ma.manchette.boot.Headlines;
import ma.manchette.boot.Ingest;
import ma.manchette.boot.OutletCatalogue;
import ma.manchette.boot.WebServer;
import ma.manchette.cluster.OutletLeases;
import ma.manchette.config.AccessConfig;
import ma.manchette.config.AppConfig;
import ma.manchette.enrich.Enrichers;
import ma.manchette.hub.HeadlineHub;
import ma.manchette.metrics.Telemetry;
import ma.manchette.moderation.Moderation;
import ma.manchette.outlet.OutletRegistry;
import ma.manchette.outlet.OutletScheduler;
import ma.manchette.store.ItemWriter;
import ma.manchette.web.AccessGuard;
import ma.manchette.web.AdminApi;
import ma.manchette.web.ApiKeys;
import ma.manchette.web.ForwardedHeaders;
import ma.manchette.web.ReportsApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server assembled from a configuration, each part started on the ones before it: rules,
 * database, cluster node, outlets, headlines, ingest, relays, HTTP. Each part pushes what undoes
 * it. Used by Main and by tests.
 */
public final class ManchetteServer {
  private static final Logger LOG = LoggerFactory.getLogger(ManchetteServer.class);

  private final Vertx vertx;
  private final AppConfig config;
  private final AccessConfig access;
  private final Telemetry telemetry;
  // a stop first hands the work off (polling, clients, writes, leases), then closes what started,
  // last started first
  private final Closer handOff = new Closer();
  private final Closer stack = new Closer();
  private final Promise<Parts> started = Promise.promise();

  private record Parts(
      EnrichmentRules rules,
      ClusterNode node,
      OutletCatalogue outlets,
      Headlines headlines,
      Ingest ingest,
      Database db,
      WebServer web) {}

  public ManchetteServer(Vertx vertx, AppConfig config) {
    this(vertx, config, AccessConfig.defaults(), Telemetry.of(vertx));
  }

  private ManchetteServer(Vertx vertx, AppConfig config, AccessConfig access, Telemetry telemetry) {
    this.vertx = vertx;
    this.config = config;
    this.access = access;
    this.telemetry = telemetry;
  }

  /**
   * Limits, keys and the SSRF allow-list; defaults when not called. Returns the server to start.
   */
  public ManchetteServer withAccess(AccessConfig a) {
    return new ManchetteServer(vertx, config, a, telemetry);
  }

  public Future<ManchetteServer> start() {
    // rules first: a broken override file stops the start before the database is touched
    // nested so that each part sees the ones started before it
    Future<Parts> parts =
        EnrichmentRules.load(vertx, config)
            .compose(
                rules ->
                    Database.start(vertx, config, stack)
                        .compose(
                            db ->
                                ClusterNode.join(vertx, config, db.pool(), handOff)
                                    .compose(
                                        node ->
                                            OutletCatalogue.start(
                                                    vertx, config, db.pool(), telemetry, stack)
                                                .compose(
                                                    outlets ->
                                                        Headlines.warmUp(
                                                                vertx,
                                                                config,
                                                                db.pool(),
                                                                outlets.registry(),
                                                                node,
                                                                db.location(),
                                                                telemetry)
                                                            .compose(
                                                                headlines ->
                                                                    Ingest.start(
                                                                            vertx,
                                                                            config,
                                                                            access,
                                                                            new Ingest.Inputs(
                                                                                db.pool(), outlets,
                                                                                headlines, node,
                                                                                rules, telemetry),
                                                                            handOff,
                                                                            stack)
                                                                        .compose(
                                                                            ingest ->
                                                                                node.relay(
                                                                                        db,
                                                                                        outlets
                                                                                            .registry(),
                                                                                        headlines,
                                                                                        ingest,
                                                                                        telemetry)
                                                                                    .compose(
                                                                                        v ->
                                                                                            WebServer
                                                                                                .deploy(
                                                                                                    vertx,
                                                                                                    config,
                                                                                                    access,
                                                                                                    db,
                                                                                                    outlets,
                                                                                                    headlines,
                                                                                                    ingest,
                                                                                                    rules,
                                                                                                    telemetry,
                                                                                                    accessChain(
                                                                                                        outlets,
                                                                                                        headlines,
                                                                                                        ingest),
                                                                                                    stack))
                                                                                    .map(
                                                                                        web ->
                                                                                            new Parts(
                                                                                                rules,
                                                                                                node,
                                                                                                outlets,
                                                                                                headlines,
                                                                                                ingest,
                                                                                                db,
                                                                                                web))))))));
    return parts
        .onComplete(started)
        .map(
            p -> {
              LOG.info(
                  "Manchette listening on {}:{} with {} outlets ({} enabled), node {}",
                  config.httpHost(),
                  p.web().port(),
                  p.outlets().registry().all().size(),
                  p.outlets().registry().all().stream().filter(o -> o.config().enabled()).count(),
                  p.node().nodeId());
              return this;
            });
  }

  /**
   * Who is asking (behind a trusted proxy), limits, CORS, keys and the admin token; then reports
   * and the admin API.
   */
  private List<Consumer<Router>> accessChain(
      OutletCatalogue outlets, Headlines headlines, Ingest ingest) {
    ApiKeys apiKeys = new ApiKeys(access.apiKeys(), access.secret(), access.tokenTtl());
    AccessGuard guard = new AccessGuard(access, apiKeys, config.adminToken());
    return List.of(
        new ForwardedHeaders(access.proxies())::install,
        guard::install,
        new ReportsApi(ingest.moderation(), headlines.items(), apiKeys, access.reportsPerMinute())
            ::install,
        new AdminApi(
                outlets.registry(),
                outlets.catalog(),
                ingest::scheduler,
                ingest.addressGuard(),
                ingest.moderation(),
                ingest.reports(),
                outlets.fileSources(),
                guard.admin())
            ::install);
  }

  /**
   * Graceful stop: no more polls, clients told to come back, the write queue flushed, leases handed
   * back; the database last.
   */
  public Future<Void> stop() {
    LOG.info("stopping: polling off, clients asked to reconnect, flushing writes");
    telemetry.stop(vertx);
    return handOff.close().compose(v -> stack.close());
  }

  /**
   * Tests: this node dies without a word (no lease handed back, queued writes lost), as under kill
   * -9.
   */
  public Future<Void> crash() {
    if (parts() != null) parts().node().abandon();
    return vertx.close();
  }

  /** The started parts; null before start completes or when it failed. */
  private Parts parts() {
    return started.future().result();
  }

  /**
   * The node number in this node's ids and leases: MANCHETTE_NODE_ID, or the free one claimed at
   * start.
   */
  public int nodeId() {
    return parts() == null ? config.nodeId() : parts().node().nodeId();
  }

  // what Main and the tests look at, once start has succeeded
  public OutletLeases leases() {
    return parts().node().leases();
  }

  public HeadlineHub hub() {
    return parts().headlines().hub();
  }

  public ItemWriter writer() {
    return parts().ingest().writer();
  }

  public OutletRegistry registry() {
    return parts().outlets().registry();
  }

  public OutletScheduler scheduler() {
    return parts().ingest().scheduler();
  }

  public Moderation moderation() {
    return parts().ingest().moderation();
  }

  public Pool pool() {
    return parts().db().pool();
  }

  public AppConfig config() {
    return config;
  }

  public int port() {
    return parts() == null ? -1 : parts().web().port();
  }

  /** The region and section rules in force (source, counts); null before start. */
  public Enrichers.Loaded enrichment() {
    return parts() == null ? null : parts().rules().loaded();
  }
}
