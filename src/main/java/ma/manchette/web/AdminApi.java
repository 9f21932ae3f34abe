package ma.manchette.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import ma.manchette.config.OutletConfig;
import ma.manchette.config.OutletJson;
import ma.manchette.config.OutletsFile;
import ma.manchette.fetch.AddressGuard;
import ma.manchette.model.InvalidParameter;
import ma.manchette.moderation.Moderation;
import ma.manchette.outlet.Outlet;
import ma.manchette.outlet.OutletRegistry;
import ma.manchette.outlet.OutletScheduler;
import ma.manchette.store.OutletCatalog;
import ma.manchette.store.ReportStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The editors' API (behind the bearer token checked by {@link AdminHandler}): outlets added,
 * changed, paused, resumed and deleted at run time and persisted; items hidden and unhidden;
 * reports listed; OPML imported. Outlet URLs given here go through the SSRF guard, now and at every
 * fetch.
 */
public final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final OutletRegistry registry;
  private final OutletCatalog catalog;
  private final Supplier<OutletScheduler> scheduler;
  private final AddressGuard guard;
  private final Moderation moderation;
  private final ReportStore reports;

  /**
   * Sources of each outlet as conf/outlets.yaml gives them: trusted, unlike URLs given at run time.
   */
  private final Map<String, List<String>> fileSources;

  private final AdminHandler admin;

  public AdminApi(
      OutletRegistry registry,
      OutletCatalog catalog,
      Supplier<OutletScheduler> scheduler,
      AddressGuard guard,
      Moderation moderation,
      ReportStore reports,
      Map<String, List<String>> fileSources,
      AdminHandler admin) {
    this.admin = admin;
    this.registry = registry;
    this.catalog = catalog;
    this.scheduler = scheduler;
    this.guard = guard;
    this.moderation = moderation;
    this.reports = reports;
    this.fileSources = Map.copyOf(fileSources);
  }

  /**
   * Every route here is an admin route: each is declared through the admin gate, none can skip it.
   */
  public void install(Router r) {
    admin.route(r, HttpMethod.POST, "/api/outlets").handler(this::add);
    admin.route(r, HttpMethod.PUT, "/api/outlets/:id").handler(this::replace);
    admin.route(r, HttpMethod.DELETE, "/api/outlets/:id").handler(this::delete);
    admin.route(r, HttpMethod.POST, "/api/outlets/:id/pause").handler(rc -> setEnabled(rc, false));
    admin.route(r, HttpMethod.POST, "/api/outlets/:id/resume").handler(rc -> setEnabled(rc, true));
    admin.route(r, HttpMethod.POST, "/api/outlets/:id/poll").handler(this::pollNow);
    admin.route(r, HttpMethod.POST, "/api/outlets.opml").handler(this::importOpml);
    admin.route(r, HttpMethod.POST, "/api/items/:id/hide").handler(this::hide);
    admin.route(r, HttpMethod.POST, "/api/items/:id/unhide").handler(this::unhide);
    admin.route(r, HttpMethod.GET, "/api/reports").handler(this::reportList);
  }

  /**
   * Whether an outlet's URLs must go through the SSRF guard: anything not exactly as the file gives
   * it.
   */
  public boolean guarded(OutletConfig c) {
    return !c.sources().equals(fileSources.get(c.id()));
  }

  private void add(RoutingContext rc) {
    OutletConfig c = outletFromBody(rc, null);
    if (registry.get(c.id()) != null) {
      ApiError.send(
          rc,
          409,
          "outlet '" + c.id() + "' exists; PUT /api/outlets/" + c.id() + " changes it",
          "id");
      return;
    }
    store(c).onSuccess(o -> send(rc, 201, o)).onFailure(rc::fail);
  }

  private void replace(RoutingContext rc) {
    String id = rc.pathParam("id");
    if (registry.get(id) == null) {
      ApiError.send(rc, 404, "no such outlet '" + shorten(id) + "'", "id");
      return;
    }
    OutletConfig c = outletFromBody(rc, id);
    store(c).onSuccess(o -> send(rc, 200, o)).onFailure(rc::fail);
  }

  private void delete(RoutingContext rc) {
    String id = rc.pathParam("id");
    Outlet o = registry.get(id);
    if (o == null) {
      ApiError.send(rc, 404, "no such outlet '" + shorten(id) + "'", "id");
      return;
    }
    catalog
        .delete(id)
        .onSuccess(
            v -> {
              // disabled first, so a poll finishing now does not plan another one
              registry.put(withEnabled(o.config(), false, "deleted"));
              if (scheduler.get() != null) scheduler.get().cancel(o);
              registry.remove(id);
              LOG.info("outlet {} deleted through the admin API", id);
              RequestLoop.run(
                  rc,
                  () ->
                      rc.response()
                          .setStatusCode(204)
                          .putHeader("Cache-Control", "no-store")
                          .end());
            })
        .onFailure(rc::fail);
  }

  private void setEnabled(RoutingContext rc, boolean enabled) {
    String id = rc.pathParam("id");
    Outlet o = registry.get(id);
    if (o == null) {
      ApiError.send(rc, 404, "no such outlet '" + shorten(id) + "'", "id");
      return;
    }
    store(withEnabled(o.config(), enabled, enabled ? null : "paused by an editor"))
        .onSuccess(x -> send(rc, 200, x))
        .onFailure(rc::fail);
  }

  /**
   * "Refresh now" from the dashboard: polls the outlet at once and answers with its health after
   * that poll.
   */
  private void pollNow(RoutingContext rc) {
    String id = rc.pathParam("id");
    Outlet o = registry.get(id);
    OutletScheduler s = scheduler.get();
    if (o == null) {
      ApiError.send(rc, 404, "no such outlet '" + shorten(id) + "'", "id");
      return;
    }
    if (s == null) {
      ApiError.send(rc, 409, "polling has not started on this node", "id");
      return;
    }
    s.pollNow(id)
        .onSuccess(v -> send(rc, 200, o))
        .onFailure(
            e -> {
              if (e instanceof IllegalStateException) ApiError.send(rc, 409, e.getMessage(), "id");
              else rc.fail(e);
            });
  }

  /**
   * Persists first, then changes the running registry and the poller: a crash in between loses
   * nothing.
   */
  private Future<Outlet> store(OutletConfig c) {
    return catalog
        .save(c.id(), OutletJson.of(c), c.enabled())
        .map(
            v -> {
              Outlet o = registry.put(c);
              o.guarded(guarded(c));
              OutletScheduler s = scheduler.get();
              if (s != null) {
                if (c.enabled()) s.reschedule(c.id());
                else s.cancel(o);
              }
              LOG.info("outlet {} saved through the admin API (enabled: {})", c.id(), c.enabled());
              return o;
            });
  }

  private OutletConfig outletFromBody(RoutingContext rc, String pathId) {
    JsonObject body = JsonBody.object(rc);
    if (pathId != null) {
      Object bodyId = body.getValue("id");
      if (bodyId != null && !pathId.equals(bodyId))
        throw new InvalidParameter("id", "the id in the body differs from the URL's");
      body.put("id", pathId);
    }
    return validate(body.encode());
  }

  private OutletConfig validate(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (Exception e) {
      throw new InvalidParameter("body", "body is not valid JSON");
    }
    OutletConfig c;
    try {
      c = OutletsFile.fromJson(node);
    } catch (IllegalArgumentException e) {
      throw new InvalidParameter(fieldOf(e.getMessage()), e.getMessage());
    } catch (RuntimeException e) {
      throw new InvalidParameter("body", "not a valid outlet: " + e.getMessage());
    }
    if (guarded(c)) {
      for (String url : c.sources()) {
        try {
          guard.checkLiteral(url);
        } catch (IllegalArgumentException e) {
          throw new InvalidParameter(
              c.scrape() != null ? "scrape.url" : "feeds",
              "outlet '" + c.id() + "': " + e.getMessage());
        }
      }
    }
    return c;
  }

  private static String fieldOf(String message) {
    String m = message == null ? "" : message;
    if (m.contains("outlet id")) return "id";
    if (m.contains("scrape")) return "scrape";
    if (m.contains("duration")) return "interval";
    if (m.contains("URL") || m.contains("feeds")) return "feeds";
    return "body";
  }

  private void importOpml(RoutingContext rc) {
    String xml = rc.body() == null ? null : rc.body().asString();
    if (xml == null || xml.isBlank())
      throw new InvalidParameter("body", "an OPML document is required");
    Map<String, ObjectNode> candidates;
    try {
      candidates = Opml.read(xml);
    } catch (RuntimeException e) {
      throw new InvalidParameter("body", "not an OPML document: " + e.getMessage());
    }
    JsonArray skipped = new JsonArray();
    List<OutletConfig> accepted = new ArrayList<>();
    for (ObjectNode n : candidates.values()) {
      String id = n.get("id").asText();
      if (registry.get(id) != null) {
        skipped.add(new JsonObject().put("id", id).put("reason", "exists"));
        continue;
      }
      try {
        accepted.add(validate(n.toString()));
      } catch (InvalidParameter e) {
        skipped.add(new JsonObject().put("id", id).put("reason", e.getMessage()));
      }
    }
    Future<Void> chain = Future.succeededFuture();
    JsonArray added = new JsonArray();
    for (OutletConfig c : accepted)
      chain =
          chain.compose(
              v ->
                  store(c)
                      .map(
                          o -> {
                            added.add(c.id());
                            return null;
                          }));
    chain
        .onSuccess(v -> Json.ok(rc, new JsonObject().put("added", added).put("skipped", skipped)))
        .onFailure(rc::fail);
  }

  private void hide(RoutingContext rc) {
    long id = QueryParams.requiredId("id", rc.pathParam("id"));
    moderation
        .hide(id)
        .compose(
            changed ->
                moderation
                    .isKnown(id)
                    .map(
                        known -> {
                          if (!known) ApiError.send(rc, 404, "no such item", "id");
                          else
                            Json.ok(
                                rc,
                                new JsonObject()
                                    .put("id", Long.toString(id))
                                    .put("hidden", true)
                                    .put("changed", changed));
                          return null;
                        }))
        .onFailure(rc::fail);
  }

  private void unhide(RoutingContext rc) {
    long id = QueryParams.requiredId("id", rc.pathParam("id"));
    moderation
        .unhide(id)
        .onSuccess(
            found -> {
              if (!found) ApiError.send(rc, 404, "no such item", "id");
              else Json.ok(rc, new JsonObject().put("id", Long.toString(id)).put("hidden", false));
            })
        .onFailure(rc::fail);
  }

  private void reportList(RoutingContext rc) {
    int limit = QueryParams.count("limit", rc.request().getParam("limit"), 50, 200);
    reports
        .summary(limit == 0 ? 50 : limit)
        .onSuccess(
            arr ->
                Json.ok(
                    rc,
                    new JsonObject().put("reports", arr).put("threshold", moderation.threshold())))
        .onFailure(rc::fail);
  }

  private static void send(RoutingContext rc, int status, Outlet o) {
    String json = OutletsApi.toJson(o).encode();
    RequestLoop.run(
        rc,
        () ->
            rc.response()
                .setStatusCode(status)
                .putHeader("Cache-Control", "no-store")
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(json));
  }

  static OutletConfig withEnabled(OutletConfig c, boolean enabled, String reason) {
    return new OutletConfig(
        c.id(),
        c.name(),
        c.homepage(),
        c.lang(),
        c.section(),
        c.region(),
        c.interval(),
        c.minInterval(),
        c.maxInterval(),
        c.feeds(),
        c.scrape(),
        enabled,
        reason);
  }

  private static String shorten(String v) {
    return v == null ? "" : v.length() > 40 ? v.substring(0, 40) + "…" : v;
  }
}
