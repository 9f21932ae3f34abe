package ma.manchette.boot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import ma.manchette.config.AppConfig;
import ma.manchette.hub.EncodedEvent;
import ma.manchette.hub.HeadlineHub;
import ma.manchette.hub.HeadlineRate;
import ma.manchette.metrics.Telemetry;
import ma.manchette.model.IdGenerator;
import ma.manchette.model.Item;
import ma.manchette.outlet.Outlet;
import ma.manchette.outlet.OutletRegistry;
import ma.manchette.store.DatabaseLocation;
import ma.manchette.store.DetectionJournal;
import ma.manchette.store.ItemStore;
import ma.manchette.store.ItemWriter;

/**
 * The stored headlines and the live hub, warmed from them: ids go on past the highest, the ring
 * holds the latest.
 */
public final class Headlines {
  private static final int RING_WARM = 2_000;

  private final ItemStore items;
  private final HeadlineHub hub;
  private final HeadlineRate rate;
  private final DetectionJournal journal;

  private Headlines(ItemStore items, HeadlineHub hub, HeadlineRate rate, DetectionJournal journal) {
    this.items = items;
    this.hub = hub;
    this.rate = rate;
    this.journal = journal;
  }

  /**
   * The detection journal's folder: one per database, so a data directory shared by tests never
   * replays one database's detections into another. Not per node id: with several nodes a restarted
   * node may get another id while its old one still looks live.
   */
  static Path journalDir(AppConfig config, DatabaseLocation db) {
    String database =
        config.databaseUrl() == null
            ? "embedded"
            : (db.options().getHost()
                    + "-"
                    + db.options().getPort()
                    + "-"
                    + db.options().getDatabase())
                .replaceAll("[^A-Za-z0-9._-]", "_");
    return config.dataDir().resolve("journal").resolve(database);
  }

  /** The folder, else (another process on this machine holds it) one of this node's own. */
  private static DetectionJournal claimJournal(Path dir, int nodeId) throws java.io.IOException {
    DetectionJournal j = DetectionJournal.claim(dir);
    if (j != null) return j;
    Path own = dir.resolveSibling(dir.getFileName() + "-node" + nodeId);
    j = DetectionJournal.claim(own);
    if (j == null)
      throw new IllegalStateException(
          "detection journal: " + dir + " and " + own + " are held by other running processes");
    return j;
  }

  /**
   * Detections a hard kill kept from PostgreSQL are written first, under their original ids, so
   * they are stored once, resumed from the ring, and never detected as new again.
   */
  private static Future<DetectionJournal> replayJournal(
      Vertx vertx, Pool pool, Path dir, int nodeId, int notifyAsNode) {
    return vertx
        .executeBlocking(() -> claimJournal(dir, nodeId))
        .compose(
            j ->
                vertx
                    .executeBlocking(j::recover)
                    .compose(
                        recovered -> {
                          if (recovered.isEmpty()) return Future.succeededFuture();
                          return ItemWriter.insertRecovered(pool, recovered, notifyAsNode)
                              .onSuccess(
                                  added ->
                                      ServerLog.LOG.info(
                                          "detection journal: {} entries from the last run, {} of"
                                              + " them missing from PostgreSQL and stored now under"
                                              + " their original ids",
                                          recovered.size(),
                                          added));
                        })
                    .compose(v -> vertx.executeBlocking(j::start)));
  }

  public static Future<Headlines> warmUp(
      Vertx vertx,
      AppConfig config,
      Pool pool,
      OutletRegistry registry,
      ClusterNode node,
      DatabaseLocation location,
      Telemetry telemetry) {
    IdGenerator ids = node.ids();
    ItemStore items = new ItemStore(pool, registry::nameOf);
    HeadlineHub hub =
        new HeadlineHub(
            config.ringSize(),
            items,
            config.maxSubscribers(),
            Duration.ofDays(config.retentionDays()));
    HeadlineRate rate = new HeadlineRate();
    hub.addListener(rate);
    telemetry.hub(hub); // subscribers, deliveries, drops, resumes, detected->socket lag
    if (config.cluster().enabled())
      hub.holdFor(vertx, config.cluster().hold()); // one id order on every node
    DetectionJournal[] journal = new DetectionJournal[1];
    return replayJournal(
            vertx,
            pool,
            journalDir(config, location),
            node.nodeId(),
            config.cluster().enabled() ? node.nodeId() : -1)
        .compose(
            j -> {
              journal[0] = j;
              return items.maxId();
            })
        .compose(
            max -> {
              ids.advancePast(max);
              return items.latest(Math.min(RING_WARM, config.ringSize()));
            })
        .compose(
            latest -> {
              List<EncodedEvent> events = new ArrayList<>();
              for (int i = 0; i < latest.oldestFirst().size(); i++) {
                Item item = latest.oldestFirst().get(i);
                events.add(
                    latest.live().get(i)
                        ? EncodedEvent.headline(item)
                        : EncodedEvent.history(item));
              }
              hub.ring().seed(events, latest.floor());
              return items.outletCounts();
            })
        .map(
            counts -> {
              counts.forEach(
                  (id, c) -> {
                    Outlet o = registry.get(id);
                    if (o != null) o.health.warm(c.last24h(), c.lastNewItemAt());
                  });
              return new Headlines(items, hub, rate, journal[0]);
            });
  }

  public ItemStore items() {
    return items;
  }

  public HeadlineHub hub() {
    return hub;
  }

  /** New live headlines go here before their push (closed by {@link Ingest}). */
  public DetectionJournal journal() {
    return journal;
  }

  public HeadlineRate rate() {
    return rate;
  }
}
