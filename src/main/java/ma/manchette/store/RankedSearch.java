package ma.manchette.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import ma.manchette.model.Filter;
import ma.manchette.model.InvalidParameter;
import ma.manchette.model.Item;

/**
 * {@code q} searched by relevance (GET /api/items?q=...&sort=relevance): ts_rank of the folded
 * query against the title (weight A), summary (B) and body (C), best first, ties newest first.
 * Pages go on with a keyset cursor "rank:id" (the last row's), so a page never repeats or skips
 * rows while new items arrive.
 */
public final class RankedSearch {
  public record Page(List<Item> items, String next) {}

  private final Pool pool;
  private final Function<String, String> outletName;

  public RankedSearch(Pool pool, Function<String, String> outletName) {
    this.pool = pool;
    this.outletName = outletName;
  }

  public Future<Page> search(Filter filter, String after, int limit) {
    if (filter.q() == null)
      return Future.failedFuture(
          new InvalidParameter("sort", "sort=relevance needs a q to rank by"));
    FilterSql sql = new FilterSql(filter, List.of());
    sql.params.add(filter.q());
    int q = sql.params.size();
    StringBuilder text =
        new StringBuilder(
            "SELECT * FROM (SELECT "
                + ItemRows.COLUMNS
                + ", ts_rank(search, "
                + "plainto_tsquery('simple', manchette_fold($"
                + q
                + "))) AS rank FROM items"
                + sql.where
                + ") r");
    if (after != null) {
      float[] rank = new float[1];
      long id = parseCursor(after, rank);
      sql.params.add(rank[0]);
      sql.params.add(id);
      text.append(" WHERE rank < $")
          .append(sql.params.size() - 1)
          .append(" OR (rank = $")
          .append(sql.params.size() - 1)
          .append(" AND id < $")
          .append(sql.params.size())
          .append(")");
    }
    sql.params.add(limit);
    text.append(" ORDER BY rank DESC, id DESC LIMIT $").append(sql.params.size());
    return pool.preparedQuery(text.toString())
        .execute(Tuple.wrap(sql.params))
        .map(
            rows -> {
              List<Item> out = new ArrayList<>(rows.size());
              String next = null;
              for (Row r : rows) {
                out.add(ItemRows.fromRow(r, outletName));
                next = r.getFloat("rank") + ":" + r.getLong("id");
              }
              return new Page(out, out.size() == limit ? next : null);
            });
  }

  private static long parseCursor(String after, float[] rank) {
    int colon = after.indexOf(':');
    try {
      rank[0] = Float.parseFloat(after.substring(0, colon));
      return Long.parseLong(after.substring(colon + 1));
    } catch (RuntimeException e) {
      throw new InvalidParameter("after", "after must be the 'next' value of the previous page");
    }
  }
}
