package ma.manchette.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import ma.manchette.outlet.Outlet;
import ma.manchette.outlet.OutletRegistry;

/**
 * GET /api/outlets: every outlet with its health, for readers' filters and the newsroom dashboard.
 */
public final class OutletsApi {
  private final OutletRegistry registry;

  public OutletsApi(OutletRegistry registry) {
    this.registry = registry;
  }

  public void list(RoutingContext rc) {
    JsonArray arr = new JsonArray();
    for (Outlet o : registry.all()) arr.add(toJson(o));
    Json.ok(rc, new JsonObject().put("outlets", arr));
  }

  static JsonObject toJson(Outlet o) {
    var c = o.config();
    return new JsonObject()
        .put("id", c.id())
        .put("name", c.name())
        .put("homepage", c.homepage())
        .put("lang", c.lang())
        .put("section", c.section())
        .put("region", c.region())
        .put("enabled", c.enabled())
        .put("disabledReason", c.disabledReason())
        .put("interval", c.interval().toSeconds())
        .put("feeds", new JsonArray(c.sources()))
        .put("health", o.health.toJson());
  }
}
