package ma.manchette.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import ma.manchette.model.ItemJson;
import ma.manchette.store.StoryStore;

/** GET /api/stories?limit=N: {"stories":[{"id","title","items":[...]}]}, biggest first. */
public final class StoriesApi {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  private final StoryStore store;

  public StoriesApi(StoryStore store) {
    this.store = store;
  }

  public void mount(Router router) {
    router
        .get("/api/stories")
        .handler(
            rc -> {
              int limit =
                  QueryParams.count(
                      "limit", rc.request().getParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
              if (limit == 0) limit = DEFAULT_LIMIT;
              store
                  .current(limit)
                  .onSuccess(
                      stories -> {
                        JsonArray arr = new JsonArray();
                        for (StoryStore.Story s : stories) {
                          JsonArray items = new JsonArray();
                          s.items().forEach(i -> items.add(ItemJson.of(i)));
                          arr.add(
                              new JsonObject()
                                  .put("id", s.id())
                                  .put("title", s.title())
                                  .put("items", items));
                        }
                        Json.ok(rc, new JsonObject().put("stories", arr));
                      })
                  .onFailure(rc::fail);
            });
  }
}
