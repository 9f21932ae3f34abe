package ma.manchette.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Reader reports, hidden items and hidden images: all moderation SQL in one place. */
public final class ReportStore {
  private final Pool pool;

  public ReportStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * What a report did: whether it counted (a new reporter) and how many distinct reporters there
   * are now.
   */
  public record Tally(boolean counted, long reporters) {}

  public Future<Tally> add(
      long itemId, String target, String reason, String clientHash, String addressHash) {
    // the CTE's insert is not visible to the count in the same statement: add it back
    return pool.preparedQuery(
            "WITH ins AS (INSERT INTO reports (item_id, target, reason, client_hash, address_hash) "
                + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1) "
                + "SELECT (SELECT count(*) FROM ins) AS added, "
                + "(SELECT count(*) FROM reports WHERE item_id = $1 AND target = $2) AS before")
        .execute(Tuple.of(itemId, target, reason, clientHash, addressHash))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              long added = r.getLong("added");
              return new Tally(added > 0, r.getLong("before") + added);
            });
  }

  /** Sets the hidden flag; true if it changed (so a retract is pushed once). */
  public Future<Boolean> setHidden(long itemId, boolean hidden) {
    return pool.preparedQuery(
            "UPDATE items SET hidden = $2, updated_at = now() WHERE id = $1 AND hidden <> $2 RETURNING id")
        .execute(Tuple.of(itemId, hidden))
        .map(rows -> rows.size() > 0);
  }

  /** Sets the image_hidden flag; true if it changed. */
  public Future<Boolean> setImageHidden(long itemId, boolean hidden) {
    return pool.preparedQuery(
            "UPDATE items SET image_hidden = $2, updated_at = now() WHERE id = $1 AND image_hidden <> $2 RETURNING id")
        .execute(Tuple.of(itemId, hidden))
        .map(rows -> rows.size() > 0);
  }

  /** The image URL as stored, even when hidden (the API shows null then). */
  public Future<String> rawImage(long itemId) {
    return pool.preparedQuery("SELECT image FROM items WHERE id = $1")
        .execute(Tuple.of(itemId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("image"));
  }

  public record HiddenImage(String url, Long dhash) {}

  public Future<Void> hideImage(String url, Long dhash, long itemId) {
    return pool.preparedQuery(
            "INSERT INTO hidden_images (url, dhash, item_id) VALUES ($1, $2, $3) "
                + "ON CONFLICT (url) DO UPDATE SET dhash = coalesce($2, hidden_images.dhash)")
        .execute(Tuple.of(url, dhash, itemId))
        .mapEmpty();
  }

  public Future<List<HiddenImage>> hiddenImages() {
    return pool.query("SELECT url, dhash FROM hidden_images")
        .execute()
        .map(
            rows -> {
              List<HiddenImage> out = new ArrayList<>();
              for (Row r : rows) out.add(new HiddenImage(r.getString("url"), r.getLong("dhash")));
              return out;
            });
  }

  /**
   * An editor's unhide: the item and its image come back, its reports are cleared so counting
   * starts over.
   */
  public Future<List<String>> unhide(long itemId) {
    return pool.withTransaction(
        c ->
            c.preparedQuery(
                    "UPDATE items SET hidden = false, image_hidden = false, updated_at = now() WHERE id = $1")
                .execute(Tuple.of(itemId))
                .compose(
                    v ->
                        c.preparedQuery("DELETE FROM reports WHERE item_id = $1")
                            .execute(Tuple.of(itemId)))
                .compose(
                    v ->
                        c.preparedQuery(
                                "DELETE FROM hidden_images WHERE item_id = $1 RETURNING url")
                            .execute(Tuple.of(itemId)))
                .map(
                    rows -> {
                      List<String> urls = new ArrayList<>();
                      for (Row r : rows) urls.add(r.getString("url"));
                      return urls;
                    }));
  }

  /**
   * Reported items, most recently reported first, with counts per target and the latest reasons.
   */
  public Future<JsonArray> summary(int limit) {
    return pool.preparedQuery(
            "SELECT r.item_id, r.target, count(*) AS n, max(r.created_at) AS last, "
                + "(array_agg(r.reason ORDER BY r.created_at DESC))[1:5] AS reasons, "
                + "i.title, i.outlet_id, coalesce(i.hidden, false) AS hidden, coalesce(i.image_hidden, false) AS image_hidden "
                + "FROM reports r LEFT JOIN items i ON i.id = r.item_id "
                + "GROUP BY r.item_id, r.target, i.title, i.outlet_id, i.hidden, i.image_hidden ORDER BY last DESC LIMIT $1")
        .execute(Tuple.of(limit))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              for (Row r : rows) {
                String[] reasons = r.getArrayOfStrings("reasons");
                out.add(
                    new JsonObject()
                        .put("item", Long.toString(r.getLong("item_id")))
                        .put("target", r.getString("target"))
                        .put("reporters", r.getLong("n"))
                        .put("lastReportAt", r.getOffsetDateTime("last").toInstant().toString())
                        .put(
                            "reasons",
                            new JsonArray(reasons == null ? List.of() : List.of(reasons)))
                        .put("title", r.getString("title"))
                        .put("outlet", r.getString("outlet_id"))
                        .put("hidden", r.getBoolean("hidden"))
                        .put("imageHidden", r.getBoolean("image_hidden")));
              }
              return out;
            });
  }
}
