package ma.manchette.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import ma.manchette.hub.HistorySource;
import ma.manchette.model.Filter;
import ma.manchette.model.Item;

/** Every read of the items table: history for the hub, the REST API, and the warm-up at start. */
public final class ItemStore implements HistorySource {
  private final Pool pool;
  private final Function<String, String> outletName;

  public ItemStore(Pool pool, Function<String, String> outletName) {
    this.pool = pool;
    this.outletName = outletName;
  }

  @Override
  public Future<List<Item>> after(long cursor, Filter filter, int limit) {
    FilterSql sql = new FilterSql(filter, List.of()).and("id > ?", cursor).and("live = ?", true);
    return query(sql, " ORDER BY id ASC", limit);
  }

  @Override
  public Future<List<Item>> before(long below, Filter filter, int limit) {
    FilterSql sql = new FilterSql(filter, List.of()).and("id < ?", below);
    return query(sql, " ORDER BY id DESC", limit);
  }

  /** Newest first, keyset-paginated by id. */
  public Future<List<Item>> list(Filter filter, Long before, int limit) {
    FilterSql sql = new FilterSql(filter, List.of());
    if (before != null) sql.and("id < ?", before);
    return query(sql, " ORDER BY id DESC", limit);
  }

  /** One item, visible or not (the caller decides what a hidden item shows). */
  public Future<StoredItem> get(long id) {
    return pool.preparedQuery(
            "SELECT " + ItemRows.COLUMNS + ", hidden, body FROM items WHERE id = $1")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) return null;
              Row r = rows.iterator().next();
              return new StoredItem(
                  ItemRows.fromRow(r, outletName), r.getBoolean("hidden"), r.getString("body"));
            });
  }

  public record StoredItem(Item item, boolean hidden, String body) {}

  /**
   * The newest {@code n} visible items, oldest first, and the id of the newest one left out (0 if
   * none).
   */
  public Future<Latest> latest(int n) {
    return pool.preparedQuery(
            "SELECT "
                + ItemRows.COLUMNS
                + ", live FROM items WHERE NOT hidden ORDER BY id DESC LIMIT $1")
        .execute(Tuple.of(n + 1))
        .map(
            rows -> {
              List<Item> items = new ArrayList<>();
              List<Boolean> live = new ArrayList<>();
              for (Row r : rows) {
                items.add(ItemRows.fromRow(r, outletName));
                live.add(r.getBoolean("live"));
              }
              long floor = 0;
              if (items.size() > n) {
                floor = items.remove(n).id();
                live.remove(n);
              }
              java.util.Collections.reverse(items);
              java.util.Collections.reverse(live);
              return new Latest(items, live, floor);
            });
  }

  public record Latest(List<Item> oldestFirst, List<Boolean> live, long floor) {}

  public record SeenRow(String outlet, String key, long id, int contentHash) {}

  /** The keys of each outlet's latest items, so a restart does not announce them again. */
  public Future<List<SeenRow>> seenKeys(int perOutlet, String onlyOutlet) {
    String sql =
        "SELECT outlet_id, item_key, id, title, summary FROM (SELECT outlet_id, item_key, id, title, summary, "
            + "row_number() OVER (PARTITION BY outlet_id ORDER BY id DESC) AS rn FROM items"
            + (onlyOutlet == null ? "" : " WHERE outlet_id = $2")
            + ") t WHERE rn <= $1";
    Tuple args = onlyOutlet == null ? Tuple.of(perOutlet) : Tuple.of(perOutlet, onlyOutlet);
    return pool.preparedQuery(sql)
        .execute(args)
        .map(
            rows -> {
              List<SeenRow> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new SeenRow(
                        r.getString("outlet_id"),
                        r.getString("item_key"),
                        r.getLong("id"),
                        java.util.Objects.hash(r.getString("title"), r.getString("summary"))));
              }
              return out;
            });
  }

  public Future<Long> maxId() {
    return pool.query("SELECT coalesce(max(id), 0) AS m FROM items")
        .execute()
        .map(rows -> rows.iterator().next().getLong("m"));
  }

  public record OutletCounts(long last24h, java.time.Instant lastNewItemAt) {}

  public Future<Map<String, OutletCounts>> outletCounts() {
    return pool.query(
            "SELECT outlet_id, count(*) FILTER (WHERE detected_at > now() - interval '24 hours') AS n, "
                + "max(detected_at) AS last FROM items GROUP BY outlet_id")
        .execute()
        .map(
            rows -> {
              Map<String, OutletCounts> out = new HashMap<>();
              for (Row r : rows) {
                var last = r.getOffsetDateTime("last");
                out.put(
                    r.getString("outlet_id"),
                    new OutletCounts(r.getLong("n"), last == null ? null : last.toInstant()));
              }
              return out;
            });
  }

  private Future<List<Item>> query(FilterSql sql, String order, int limit) {
    sql.params.add(limit);
    String text =
        "SELECT "
            + ItemRows.COLUMNS
            + " FROM items"
            + sql.where
            + order
            + " LIMIT $"
            + sql.params.size();
    return pool.preparedQuery(text)
        .execute(Tuple.wrap(sql.params))
        .map(rows -> ItemRows.all(rows, outletName));
  }
}
