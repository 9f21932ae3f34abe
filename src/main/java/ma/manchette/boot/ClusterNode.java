package ma.manchette.boot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import ma.manchette.cluster.ClusterEvents;
import ma.manchette.cluster.ClusterNodes;
import ma.manchette.cluster.NewItemsListener;
import ma.manchette.cluster.OutletLeases;
import ma.manchette.config.AppConfig;
import ma.manchette.hub.HeadlineHub;
import ma.manchette.metrics.Telemetry;
import ma.manchette.model.IdGenerator;
import ma.manchette.moderation.Moderation;
import ma.manchette.outlet.Outlet;
import ma.manchette.outlet.OutletRegistry;
import ma.manchette.outlet.OutletScheduler;
import ma.manchette.store.ItemStore;
import ma.manchette.store.ItemWriter;
import ma.manchette.store.OutletStateStore;
import org.slf4j.Logger;

/**
 * This process among the nodes on one database: its node id (MANCHETTE_NODE_ID, or in cluster mode
 * a free one claimed at start), and in cluster mode the outlet leases and the relays of other
 * nodes' items and events.
 */
public final class ClusterNode {
  private static final Logger LOG = ServerLog.LOG;
  private static final int SEEN_PER_OUTLET = 2_000;

  private final Vertx vertx;
  private final AppConfig config;
  private final Pool pool;
  private final int nodeId;
  private final IdGenerator ids;
  private final ClusterNodes
      nodes; // this process's row in cluster_nodes; null outside cluster mode
  // set once the ingest pipeline exists, in cluster mode only
  private volatile OutletLeases leases;
  private volatile NewItemsListener otherNodes;
  private final AtomicBoolean leasesStarted = new AtomicBoolean();

  private ClusterNode(Vertx vertx, AppConfig config, Pool pool, int nodeId, ClusterNodes nodes) {
    this.vertx = vertx;
    this.config = config;
    this.pool = pool;
    this.nodeId = nodeId;
    this.ids = new IdGenerator(nodeId);
    this.nodes = nodes;
  }

  /**
   * Cluster mode: register this process's node id before any id is handed out (refused if a live
   * twin renews it). MANCHETTE_CLUSTER=0 on a shared database: say loudly that other nodes will
   * poll everything again. On stop, after the writes are in: leases handed back, the node row
   * freed, the listener closed.
   */
  public static Future<ClusterNode> join(Vertx vertx, AppConfig config, Pool pool, Closer closer) {
    if (config.cluster().optedOut()) {
      LOG.warn(
          "MANCHETTE_CLUSTER=0 on a shared DATABASE_URL: this node polls every outlet itself; any other node on this "
              + "database polls them again and announces the same headlines under its own ids. Unset MANCHETTE_CLUSTER to share the work.");
      long watch = watchOtherNodes(vertx, config, pool);
      closer.push(
          "opt-out watch",
          () -> {
            vertx.cancelTimer(watch);
            return Future.succeededFuture();
          });
      return Future.succeededFuture(new ClusterNode(vertx, config, pool, config.nodeId(), null));
    }
    if (!config.cluster().enabled())
      return Future.succeededFuture(new ClusterNode(vertx, config, pool, config.nodeId(), null));
    ClusterNodes nodes = new ClusterNodes(vertx, pool, config.cluster().lease());
    return nodes
        .join(config.cluster().nodeIdGiven() ? config.nodeId() : null)
        .map(
            n -> {
              ClusterNode node = new ClusterNode(vertx, config, pool, n, nodes);
              closer.push(
                  "new-items listener",
                  () ->
                      node.otherNodes == null ? Future.succeededFuture() : node.otherNodes.close());
              closer.push("cluster node row", nodes::stop);
              closer.push(
                  "outlet leases",
                  () -> node.leases == null ? Future.succeededFuture() : node.leases.stop());
              return node;
            });
  }

  /**
   * Opted out of cluster mode: a WARN whenever the set of live nodes registered on this database
   * changes to a non-empty one.
   */
  private static long watchOtherNodes(Vertx vertx, AppConfig config, Pool pool) {
    AtomicReference<List<Integer>> seen = new AtomicReference<>(List.of());
    return vertx.setPeriodic(
        Math.max(1_000, config.cluster().lease().toMillis() / 3),
        t ->
            pool.query(
                    "SELECT node_id FROM cluster_nodes WHERE seen_until > now() ORDER BY node_id")
                .execute()
                .onSuccess(
                    rows -> {
                      List<Integer> live = new ArrayList<>();
                      for (Row r : rows) live.add(r.getInteger(0));
                      if (!live.isEmpty() && !live.equals(seen.get())) {
                        LOG.warn(
                            "MANCHETTE_CLUSTER=0, yet other nodes are live on this database (node ids {}): outlets are polled by them "
                                + "and by this node, and the same headlines are announced twice under different ids",
                            live);
                      }
                      seen.set(live);
                    }));
  }

  /**
   * Cluster mode, before the scheduler is deployed: outlets leased to one node at a time; on
   * gaining one, what PostgreSQL holds of it is remembered first.
   */
  public void leaseOutlets(
      OutletRegistry registry,
      ItemStore items,
      OutletStateStore states,
      OutletScheduler scheduler,
      Supplier<ItemWriter> writer,
      HeadlineHub hub,
      Telemetry telemetry) {
    if (!config.cluster().enabled()) return;
    // read every round: outlets the admin API adds or pauses change the shares
    Supplier<List<String>> enabled =
        () ->
            registry.all().stream()
                .filter(o -> o.config().enabled())
                .map(Outlet::id)
                .sorted()
                .toList();
    OutletLeases l =
        new OutletLeases(
            vertx,
            pool,
            nodeId,
            config.cluster().lease(),
            enabled,
            new OutletLeases.Holder() {
              @Override
              public void gained(String outletId) {
                boolean atStart =
                    !leasesStarted
                        .get(); // first polls spread as without leases, so a single node starts as
                // fast
                items
                    .seenKeys(SEEN_PER_OUTLET, outletId)
                    .compose(
                        seen ->
                            states
                                .loadStates()
                                .map(
                                    st -> {
                                      scheduler.takeOver(outletId, seen, st.get(outletId), atStart);
                                      return null;
                                    }))
                    .onFailure(
                        e ->
                            LOG.atWarn()
                                .addKeyValue("outlet", outletId)
                                .log(
                                    "leases: could not warm up {} from PostgreSQL: {}",
                                    outletId,
                                    e.getMessage()));
              }

              @Override
              public void lost(String outletId) {
                scheduler.giveUp(outletId);
              }

              @Override
              public Future<Void> handingBack(String outletId) {
                scheduler.giveUp(outletId);
                return writer.get().drain(10_000);
              }
            });
    scheduler.pollOnly(l::holds);
    scheduler.onUnleased(l::nudge);
    // the hold window only costs latency while there is another node to wait for
    AtomicInteger lastLive = new AtomicInteger();
    l.onLiveNodes(
        n -> {
          hub.holdWhile(n > 1);
          int before = lastLive.getAndSet(n);
          if (before != n && (before > 1) != (n > 1)) {
            if (n > 1)
              LOG.info(
                  "cluster: {} live nodes, events held {} ms so every node streams one id order",
                  n,
                  config.cluster().hold().toMillis());
            else LOG.info("cluster: node {} is the only live node, events leave at once", nodeId);
          }
        });
    telemetry.liveNodes(l::liveNodes);
    leases = l;
  }

  /**
   * Cluster mode, once the ingest pipeline runs: committed items announced to the others, theirs
   * read back into our hub; updates and retracts relayed both ways on the same LISTEN connection;
   * then the first leases.
   */
  public Future<Void> relay(
      Database db,
      OutletRegistry registry,
      Headlines headlines,
      Ingest ingest,
      Telemetry telemetry) {
    if (!config.cluster().enabled()) return Future.succeededFuture();
    ItemStore items = headlines.items();
    HeadlineHub hub = headlines.hub();
    Moderation moderation = ingest.moderation();
    ingest.writer().notifyAs(nodeId);
    ClusterEvents relay =
        new ClusterEvents(
            vertx,
            pool,
            items,
            nodeId,
            e -> {
              telemetry.arrivedFromOtherNode(e.cursor);
              hub.relayed(e);
            },
            moderation::reloadImages);
    hub.onOriginated(relay::originated);
    moderation.onImagesChanged(relay::imagesChanged);
    telemetry.clusterEvents(relay);
    otherNodes =
        new NewItemsListener(
                vertx,
                new PgConnectOptions(db.location().options()),
                pool,
                nodeId,
                registry::nameOf)
            .alsoListen(ClusterEvents.CHANNEL, relay::received);
    return otherNodes
        .start(
            (item, live) -> {
              telemetry.arrivedFromOtherNode(item.id());
              hub.fromOtherNode(item, live);
            })
        .compose(v -> leases.start())
        .onSuccess(v -> leasesStarted.set(true))
        .onSuccess(
            v ->
                LOG.info(
                    "cluster: node {} holds {} outlets, lease {} s, hold window {} ms",
                    nodeId,
                    leases.held().size(),
                    config.cluster().lease().toSeconds(),
                    config.cluster().hold().toMillis()));
  }

  /** Tests: this node dies without a word (no lease handed back), as under kill -9. */
  public void abandon() {
    if (leases != null) leases.abandon();
    if (nodes != null) nodes.abandon();
  }

  /** The node number in this node's ids and leases. */
  public int nodeId() {
    return nodeId;
  }

  /** Ids for this node's events, numbered by its node id. */
  public IdGenerator ids() {
    return ids;
  }

  /** Which outlets this node polls; null outside cluster mode. */
  public OutletLeases leases() {
    return leases;
  }
}
