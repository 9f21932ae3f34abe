package ma.manchette.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A story that just reached the breaking threshold, as announced to stream clients.
 *
 * @param outlets in the order they joined the story
 * @param itemIds the story's headlines so far, oldest first
 */
public record BreakingStory(String id, String title, List<String> outlets, List<Long> itemIds) {
  public BreakingStory {
    outlets = List.copyOf(outlets);
    itemIds = List.copyOf(itemIds);
  }

  /** Ids as strings, like item ids everywhere on the wire (JavaScript numbers stop at 2^53). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("title", title)
        .put("outlets", new JsonArray(outlets))
        .put("items", new JsonArray(itemIds.stream().map(Object::toString).toList()));
  }

  public static BreakingStory fromJson(JsonObject j) {
    return new BreakingStory(
        j.getString("id"),
        j.getString("title"),
        j.getJsonArray("outlets").stream().map(String.class::cast).toList(),
        j.getJsonArray("items").stream().map(o -> Long.parseLong((String) o)).toList());
  }
}
