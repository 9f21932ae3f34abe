package ma.manchette.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** Extracted article text (items.body) and the failed attempts to get it (V6). */
public final class BodyStore {
  private final Pool pool;

  public BodyStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Integer> attempts(long id) {
    return pool.preparedQuery("SELECT body_attempts FROM items WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? 0 : (int) rows.iterator().next().getShort("body_attempts"));
  }

  /** The body, and the page's picture where the item has none. */
  public Future<Void> save(long id, String body, String image) {
    return pool.preparedQuery(
            "UPDATE items SET body = $2, image = coalesce(image, $3), body_error = NULL, "
                + "body_attempts = body_attempts + 1 WHERE id = $1")
        .execute(Tuple.of(id, body, image))
        .mapEmpty();
  }

  public Future<Void> failed(long id, String error) {
    return pool.preparedQuery(
            "UPDATE items SET body_error = $2, body_attempts = body_attempts + 1 WHERE id = $1")
        .execute(Tuple.of(id, error))
        .mapEmpty();
  }
}
