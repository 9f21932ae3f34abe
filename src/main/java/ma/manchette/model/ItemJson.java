package ma.manchette.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The contract's item JSON; ids travel as decimal strings because JavaScript numbers stop at 2^53.
 */
public final class ItemJson {
  private ItemJson() {}

  public static JsonObject of(Item i) {
    return new JsonObject()
        .put("id", Long.toString(i.id()))
        .put("key", i.key() == null ? null : ItemKey.of(i.outlet(), i.key()))
        .put("outlet", i.outlet())
        .put("outletName", i.outletName())
        .put("title", i.title())
        .put("url", i.url())
        .put("urlKind", i.urlKind() == null ? null : i.urlKind().json())
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

  /**
   * The item back from {@link #of} (another node's relayed event); the raw {@code key} is not in
   * the contract (clients see its hash), so it travels beside.
   */
  public static Item parse(JsonObject j, String key) {
    java.util.List<String> categories = new java.util.ArrayList<>();
    for (Object c : j.getJsonArray("categories", new JsonArray()))
      categories.add(String.valueOf(c));
    String published = j.getString("publishedAt");
    return new Item(
        Long.parseLong(j.getString("id")),
        j.getString("outlet"),
        j.getString("outletName"),
        key,
        j.getString("title"),
        j.getString("url"),
        j.getString("summary"),
        j.getString("image"),
        j.getString("author"),
        j.getString("section"),
        j.getString("lang"),
        j.getString("region"),
        categories,
        published == null ? null : java.time.Instant.parse(published),
        java.time.Instant.parse(j.getString("detectedAt")),
        j.getString("story"),
        ma.manchette.model.UrlKind.parse(j.getString("urlKind")));
  }
}
