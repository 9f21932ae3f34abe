package ma.manchette.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * What the writer NOTIFYs inside an insert transaction so other nodes read the new rows back:
 * {@code {"node":n,"ids":[id, -id for history…]}}, a few hundred ids a note (NOTIFY caps at 8000
 * bytes).
 */
public final class NewItemNotes {
  public static final String CHANNEL = "manchette_items";
  private static final int IDS_PER_NOTE = 300;

  private NewItemNotes() {}

  /**
   * Notification payloads for the ids of one batch (negative: history, stored but not pushed live).
   */
  static List<Tuple> payloads(int node, List<Long> signedIds) {
    List<Tuple> out = new ArrayList<>();
    for (int i = 0; i < signedIds.size(); i += IDS_PER_NOTE) {
      JsonArray ids =
          new JsonArray(
              new ArrayList<>(signedIds.subList(i, Math.min(signedIds.size(), i + IDS_PER_NOTE))));
      out.add(Tuple.of(new JsonObject().put("node", node).put("ids", ids).encode()));
    }
    return out;
  }
}
