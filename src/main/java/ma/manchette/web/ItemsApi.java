package ma.manchette.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import ma.manchette.hub.Filter;
import ma.manchette.hub.ItemJson;
import ma.manchette.ingest.Item;
import ma.manchette.store.ItemStore;

/** GET /api/items (filters, keyset pagination, newest first) and GET /api/items/{id}. */
public final class ItemsApi {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  private final ItemStore store;
  private final RelatedItems related;

  /** "Lire aussi": items related to one item; empty until an enrichment provides it. */
  public interface RelatedItems {
    io.vertx.core.Future<List<Item>> of(Item item, int limit);
  }

  public ItemsApi(ItemStore store, RelatedItems related) {
    this.store = store;
    this.related = related;
  }

  public void list(RoutingContext rc) {
    var req = rc.request();
    Filter filter = Filter.fromQuery(req::getParam);
    Long before = QueryParams.id("before", req.getParam("before"));
    int limit = QueryParams.count("limit", req.getParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
    if (limit == 0) limit = DEFAULT_LIMIT;
    int pageSize = limit;
    store.list(filter, before, pageSize).onSuccess(items -> {
      JsonArray arr = new JsonArray();
      items.forEach(i -> arr.add(ItemJson.of(i)));
      String next = items.size() == pageSize ? Long.toString(items.get(items.size() - 1).id()) : null;
      Json.ok(rc, new JsonObject().put("items", arr).put("next", next));
    }).onFailure(rc::fail);
  }

  public void get(RoutingContext rc) {
    long id = QueryParams.requiredId("id", rc.pathParam("id"));
    store.get(id).compose(stored -> {
      if (stored == null || stored.hidden()) {
        ApiError.send(rc, 404, "no such item (it may have been hidden)", null);
        return io.vertx.core.Future.succeededFuture();
      }
      JsonObject json = ItemJson.of(stored.item());
      if (stored.body() != null) json.put("body", stored.body());
      return related.of(stored.item(), 5).recover(e -> io.vertx.core.Future.succeededFuture(List.of())).map(rel -> {
        JsonArray arr = new JsonArray();
        rel.forEach(i -> arr.add(ItemJson.of(i)));
        Json.ok(rc, json.put("related", arr));
        return null;
      });
    }).onFailure(rc::fail);
  }
}
