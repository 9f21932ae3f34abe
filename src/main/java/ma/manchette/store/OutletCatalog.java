package ma.manchette.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Outlets changed at run time through the admin API. The file only seeds the table: a row the admin
 * API touched is marked origin 'admin' and from then on wins over conf/outlets.yaml, deletions
 * included.
 */
public final class OutletCatalog {
  private final Pool pool;

  public OutletCatalog(Pool pool) {
    this.pool = pool;
  }

  public record Row0(
      String id, JsonObject config, boolean enabled, String origin, boolean deleted) {}

  public Future<List<Row0>> all() {
    return pool.query("SELECT id, config, enabled, origin, deleted FROM outlets ORDER BY id")
        .execute()
        .map(
            rows -> {
              List<Row0> out = new ArrayList<>();
              for (Row r : rows) {
                Object cfg = r.getValue("config");
                out.add(
                    new Row0(
                        r.getString("id"),
                        cfg instanceof JsonObject j ? j : new JsonObject(String.valueOf(cfg)),
                        r.getBoolean("enabled"),
                        r.getString("origin"),
                        r.getBoolean("deleted")));
              }
              return out;
            });
  }

  /** Adds or replaces an outlet; it is now owned by the admin API. */
  public Future<Void> save(String id, JsonObject config, boolean enabled) {
    return pool.preparedQuery(
            "INSERT INTO outlets (id, config, enabled, origin, deleted) VALUES ($1, $2, $3, 'admin', false) "
                + "ON CONFLICT (id) DO UPDATE SET config = $2, enabled = $3, origin = 'admin', deleted = false, updated_at = now()")
        .execute(Tuple.of(id, config, enabled))
        .mapEmpty();
  }

  /** Kept as a tombstone so the outlets file does not bring it back at the next start. */
  public Future<Void> delete(String id) {
    return pool.preparedQuery(
            "UPDATE outlets SET deleted = true, enabled = false, origin = 'admin', updated_at = now() WHERE id = $1")
        .execute(Tuple.of(id))
        .mapEmpty();
  }
}
