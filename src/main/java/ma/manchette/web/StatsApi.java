package ma.manchette.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.lang.management.ManagementFactory;
import ma.manchette.hub.HeadlineHub;
import ma.manchette.hub.HeadlineRate;
import ma.manchette.store.ItemWriter;

/** GET /api/stats: the live figures of the newsroom dashboard. */
public final class StatsApi {
  private final HeadlineHub hub;
  private final HeadlineRate rate;
  private final ItemWriter writer;

  public StatsApi(HeadlineHub hub, HeadlineRate rate, ItemWriter writer) {
    this.hub = hub;
    this.rate = rate;
    this.writer = writer;
  }

  public void get(RoutingContext rc) {
    Json.ok(
        rc,
        new JsonObject()
            .put(
                "subscribers",
                new JsonObject()
                    .put("sse", hub.subscribers("sse"))
                    .put("ws", hub.subscribers("ws"))
                    .put("max", hub.maxSubscribers()))
            .put("headlinesPerMinute", rate.perMinute())
            .put("detectionLagMs", rate.lag())
            .put("writeBacklog", writer.backlog())
            .put("written", writer.written())
            .put("dbUp", writer.databaseUp())
            .put("delivered", hub.delivered.sum())
            .put("slowDisconnects", hub.slowDisconnects.sum())
            .put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000));
  }
}
