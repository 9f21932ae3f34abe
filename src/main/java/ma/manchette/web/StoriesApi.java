package ma.manchette.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import ma.manchette.model.ItemJson;
import ma.manchette.store.StoryStore;
import ma.manchette.story.StoryTimeline;

/**
 * GET /api/stories?limit=N: {"stories":[{"id","title","firstOutlet","outlets","items"}]}, biggest
 * first; GET /api/stories/{id}: one story with its timeline (who broke it, everyone's lag); GET
 * /api/stories/scoops: per outlet, the stories it broke first and its median lag otherwise.
 */
public final class StoriesApi {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  private final StoryStore store;

  public StoriesApi(StoryStore store) {
    this.store = store;
  }

  public void mount(Router router) {
    router.get("/api/stories").handler(this::list);
    router.get("/api/stories/scoops").handler(this::scoops); // before :id, which would take it
    router.get("/api/stories/:id").handler(this::get);
  }

  private void list(RoutingContext rc) {
    int limit =
        QueryParams.count("limit", rc.request().getParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
    if (limit == 0) limit = DEFAULT_LIMIT;
    store
        .current(limit)
        .onSuccess(
            stories -> {
              JsonArray arr = new JsonArray();
              for (StoryStore.Story s : stories) {
                JsonArray items = new JsonArray();
                s.items().forEach(i -> items.add(ItemJson.of(i)));
                arr.add(summary(s, StoryTimeline.of(s.items())).put("items", items));
              }
              Json.ok(rc, new JsonObject().put("stories", arr));
            })
        .onFailure(rc::fail);
  }

  /**
   * GET /api/stories/scoops?window=24h|7d: who broke stories first, and how late the others were.
   */
  private void scoops(RoutingContext rc) {
    ScoopWindow window = ScoopWindow.parse(rc.request().getParam("window"));
    store
        .scoops(window.span())
        .onSuccess(
            rows -> {
              JsonArray outlets = new JsonArray();
              for (StoryStore.Scoops s : rows)
                outlets.add(
                    new JsonObject()
                        .put("outlet", s.outlet())
                        .put("first", s.first())
                        .put("followed", s.followed())
                        .put("medianLagMs", s.medianLagMs()));
              Json.ok(rc, new JsonObject().put("window", window.label()).put("outlets", outlets));
            })
        .onFailure(rc::fail);
  }

  private void get(RoutingContext rc) {
    long id = QueryParams.requiredId("id", rc.pathParam("id"));
    store
        .get(id)
        .onSuccess(
            s -> {
              if (s == null) {
                ApiError.send(rc, 404, "no such story", null);
                return;
              }
              JsonArray items = new JsonArray();
              s.items().forEach(i -> items.add(ItemJson.of(i)));
              StoryTimeline t = StoryTimeline.of(s.items());
              JsonArray timeline = new JsonArray();
              for (StoryTimeline.Entry e : t.entries()) {
                timeline.add(
                    lags(
                        new JsonObject()
                            .put("id", Long.toString(e.item().id()))
                            .put("outlet", e.item().outlet())
                            .put("lang", e.item().lang())
                            .put("title", e.item().title())
                            .put("detectedAt", instant(e.item().detectedAt()))
                            .put("publishedAt", instant(e.item().publishedAt())),
                        e));
              }
              Json.ok(rc, summary(s, t).put("items", items).put("timeline", timeline));
            })
        .onFailure(rc::fail);
  }

  /** Id, title, first outlet and each outlet's lag at its earliest headline. */
  private static JsonObject summary(StoryStore.Story s, StoryTimeline t) {
    JsonArray outlets = new JsonArray();
    for (StoryTimeline.Entry e : t.outlets())
      outlets.add(lags(new JsonObject().put("outlet", e.item().outlet()), e));
    return new JsonObject()
        .put("id", s.id())
        .put("title", s.title())
        .put("firstOutlet", t.firstOutlet())
        .put("outlets", outlets);
  }

  private static JsonObject lags(JsonObject o, StoryTimeline.Entry e) {
    return o.put("lagMs", e.detectedLag().toMillis())
        .put("publishedLagMs", millis(e.publishedLag()));
  }

  private static Long millis(Duration d) {
    return d == null ? null : d.toMillis();
  }

  private static String instant(Instant t) {
    return t == null ? null : t.toString();
  }
}
