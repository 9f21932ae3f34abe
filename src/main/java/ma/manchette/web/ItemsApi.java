package ma.manchette.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import ma.manchette.model.Filter;
import ma.manchette.model.Item;
import ma.manchette.model.ItemJson;
import ma.manchette.store.ItemStore;

/** GET /api/items (filters, keyset pagination, newest first) and GET /api/items/{id}. */
public final class ItemsApi {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  private final ItemStore store;
  private final RelatedItems related;
  private final ma.manchette.store.RankedSearch ranked;
  private ma.manchette.ingest.ArticleBodies bodies; // full text fetched on first view
  private static final long BODY_WAIT_MS =
      10_000; // beyond it the reader gets the item now, the body next time

  /** Full text fetched on the first view of an item that has none. */
  public ItemsApi withBodies(ma.manchette.ingest.ArticleBodies b) {
    this.bodies = b;
    return this;
  }

  /** "Lire aussi": items related to one item; empty until an enrichment provides it. */
  public interface RelatedItems {
    io.vertx.core.Future<List<Item>> of(Item item, int limit);
  }

  public ItemsApi(ItemStore store, RelatedItems related) {
    this(store, related, null);
  }

  /**
   * @param ranked q by relevance (sort=relevance); null leaves only newest-first listing
   */
  public ItemsApi(ItemStore store, RelatedItems related, ma.manchette.store.RankedSearch ranked) {
    this.store = store;
    this.related = related;
    this.ranked = ranked;
  }

  public void list(RoutingContext rc) {
    var req = rc.request();
    Filter filter = Filter.fromQuery(req::getParam);
    Long before = QueryParams.id("before", req.getParam("before"));
    int limit = QueryParams.count("limit", req.getParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
    if (limit == 0) limit = DEFAULT_LIMIT;
    int pageSize = limit;
    if ("relevance".equals(req.getParam("sort"))
        && ranked != null) { // best match first, cursor in "next"
      ranked
          .search(filter, req.getParam("after"), pageSize)
          .onSuccess(
              page -> {
                JsonArray arr = new JsonArray();
                page.items().forEach(i -> arr.add(ItemJson.of(i)));
                Json.ok(rc, new JsonObject().put("items", arr).put("next", page.next()));
              })
          .onFailure(rc::fail);
      return;
    }
    store
        .list(filter, before, pageSize)
        .onSuccess(
            items -> {
              JsonArray arr = new JsonArray();
              items.forEach(i -> arr.add(ItemJson.of(i)));
              String next =
                  items.size() == pageSize ? Long.toString(items.get(items.size() - 1).id()) : null;
              Json.ok(rc, new JsonObject().put("items", arr).put("next", next));
            })
        .onFailure(rc::fail);
  }

  public void get(RoutingContext rc) {
    long id = QueryParams.requiredId("id", rc.pathParam("id"));
    store
        .get(id)
        .compose(
            stored -> {
              if (stored == null || stored.hidden()) {
                ApiError.send(rc, 404, "no such item (it may have been hidden)", null);
                return io.vertx.core.Future.succeededFuture();
              }
              JsonObject json = ItemJson.of(stored.item());
              if (stored.body() != null) json.put("body", stored.body());
              io.vertx.core.Future<Void> body =
                  stored.body() != null || bodies == null
                      ? io.vertx.core.Future.succeededFuture()
                      : firstView(stored.item(), json, rc.vertx());
              return body.compose(
                  v ->
                      related
                          .of(stored.item(), 5)
                          .recover(e -> io.vertx.core.Future.succeededFuture(List.of()))
                          .map(
                              rel -> {
                                JsonArray arr = new JsonArray();
                                rel.forEach(i -> arr.add(ItemJson.of(i)));
                                Json.ok(rc, json.put("related", arr));
                                return null;
                              }));
            })
        .onFailure(rc::fail);
  }

  /**
   * Waits a bounded time for the article text; a failure or a slow page leaves the item without
   * "body".
   */
  private io.vertx.core.Future<Void> firstView(
      Item item, JsonObject json, io.vertx.core.Vertx vertx) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    var claimed =
        new java.util.concurrent.atomic
            .AtomicBoolean(); // the timer or the body, whichever comes first
    long timer =
        vertx.setTimer(
            BODY_WAIT_MS,
            t -> {
              if (claimed.compareAndSet(false, true)) done.complete();
            });
    bodies
        .of(item)
        .onComplete(
            ar -> {
              if (!claimed.compareAndSet(false, true)) return;
              vertx.cancelTimer(timer);
              if (ar.succeeded() && ar.result() != null) {
                json.put("body", ar.result().text());
                if (json.getValue("image") == null && ar.result().image() != null)
                  json.put("image", ar.result().image());
              }
              done.complete();
            });
    return done.future();
  }
}
