package ma.manchette.boot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
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
import ma.manchette.store.ItemStore;

/**
 * The stored headlines and the live hub, warmed from them: ids go on past the highest, the ring
 * holds the latest.
 */
public final class Headlines {
  private static final int RING_WARM = 2_000;

  private final ItemStore items;
  private final HeadlineHub hub;
  private final HeadlineRate rate;

  private Headlines(ItemStore items, HeadlineHub hub, HeadlineRate rate) {
    this.items = items;
    this.hub = hub;
    this.rate = rate;
  }

  public static Future<Headlines> warmUp(
      Vertx vertx,
      AppConfig config,
      Pool pool,
      OutletRegistry registry,
      IdGenerator ids,
      Telemetry telemetry) {
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
    return items
        .maxId()
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
              return new Headlines(items, hub, rate);
            });
  }

  public ItemStore items() {
    return items;
  }

  public HeadlineHub hub() {
    return hub;
  }

  public HeadlineRate rate() {
    return rate;
  }
}
