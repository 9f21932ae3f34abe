package ma.manchette.hub;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import ma.manchette.ingest.Item;

/** The contract's item JSON; ids travel as decimal strings because JavaScript numbers stop at 2^53. */
public final class ItemJson {
  private ItemJson() {}

  public static JsonObject of(Item i) {
    return new JsonObject()
        .put("id", Long.toString(i.id()))
        .put("outlet", i.outlet())
        .put("outletName", i.outletName())
        .put("title", i.title())
        .put("url", i.url())
        .put("summary", i.summary())
        .put("image", i.image())
        .put("author", i.author())
        .put("section", i.section())
        .put("lang", i.lang())
        .put("region", i.region())
        .put("categories", new JsonArray(i.categories()))
        .put("publishedAt", i.publishedAt() == null ? null : i.publishedAt().toString())
        .put("detectedAt", i.detectedAt().toString())
        .put("story", i.story());
  }
}
