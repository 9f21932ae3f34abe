package ma.manchette.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;

/** Outlet rows (configuration as JSON) and per-outlet polling state that survives restarts. */
public final class OutletStateStore {
  private final Pool pool;

  public OutletStateStore(Pool pool) {
    this.pool = pool;
  }

  public record PollState(
      boolean primed, String etag, String lastModified, String bodyHash, String movedTo) {
    public static final PollState NEW = new PollState(false, null, null, null, null);
  }

  public Future<Map<String, PollState>> loadStates() {
    return pool.query(
            "SELECT outlet_id, primed, etag, last_modified, body_hash, moved_to FROM outlet_state")
        .execute()
        .map(
            rows -> {
              Map<String, PollState> out = new HashMap<>();
              for (Row r : rows) {
                out.put(
                    r.getString("outlet_id"),
                    new PollState(
                        r.getBoolean("primed"),
                        r.getString("etag"),
                        r.getString("last_modified"),
                        r.getString("body_hash"),
                        r.getString("moved_to")));
              }
              return out;
            });
  }

  /** Validators and redirects; "primed" is written by the ItemWriter, in order with the items. */
  public Future<Void> saveValidators(
      String outlet, String etag, String lastModified, String bodyHash, String movedTo) {
    return pool.preparedQuery(
            "INSERT INTO outlet_state (outlet_id, etag, last_modified, body_hash, moved_to) "
                + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (outlet_id) DO UPDATE SET etag = $2, last_modified = $3, "
                + "body_hash = $4, moved_to = coalesce($5, outlet_state.moved_to), updated_at = now()")
        .execute(Tuple.of(outlet, etag, lastModified, bodyHash, movedTo))
        .mapEmpty();
  }

  /**
   * Seeds or refreshes outlets from the file; outlets changed at run time through the admin API
   * win.
   */
  public Future<Void> upsertFromFile(String id, JsonObject config, boolean enabled) {
    return pool.preparedQuery(
            "INSERT INTO outlets (id, config, enabled, origin) VALUES ($1, $2, $3, 'file') "
                + "ON CONFLICT (id) DO UPDATE SET config = $2, enabled = $3, updated_at = now() WHERE outlets.origin = 'file'")
        .execute(Tuple.of(id, config, enabled))
        .mapEmpty();
  }
}
