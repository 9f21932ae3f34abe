package ma.manchette.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import ma.manchette.model.IdGenerator;
import ma.manchette.model.Item;

/**
 * Current stories: headlines of the last 48 h sharing a story id, biggest story first, then most
 * recent.
 */
public final class StoryStore {
  public record Story(String id, String title, List<Item> items) {}

  private static final String SQL =
      "WITH top AS (SELECT story, count(*) AS n, max(id) AS last FROM items "
          + "WHERE story IS NOT NULL AND NOT hidden AND detected_at > now() - interval '48 hours' "
          + "GROUP BY story HAVING count(*) >= 2 ORDER BY n DESC, last DESC LIMIT $1) "
          + "SELECT "
          + ItemRows.COLUMNS
          + " FROM items JOIN top USING (story) WHERE NOT hidden "
          + "ORDER BY top.n DESC, top.last DESC, id ASC";

  private static final String ONE =
      "SELECT "
          + ItemRows.COLUMNS
          + " FROM items WHERE story = $1 AND id >= $2 AND id < $3 AND NOT hidden ORDER BY id ASC";

  /**
   * A story is named after its first headline's id and gathers headlines of the 48 h after it; ids
   * grow with time, so that range bounds the scan by primary key (no index on story).
   */
  private static final Duration SPAN = Duration.ofHours(49);

  private final Pool pool;
  private final Function<String, String> outletName;

  public StoryStore(Pool pool, Function<String, String> outletName) {
    this.pool = pool;
    this.outletName = outletName;
  }

  /** The story's title is its first headline's; items oldest first. */
  public Future<List<Story>> current(int limit) {
    return pool.preparedQuery(SQL)
        .execute(Tuple.of(limit))
        .map(
            rows -> {
              Map<String, List<Item>> byStory = new LinkedHashMap<>();
              for (Row r : rows) {
                Item i = ItemRows.fromRow(r, outletName);
                byStory.computeIfAbsent(i.story(), k -> new ArrayList<>()).add(i);
              }
              List<Story> out = new ArrayList<>(byStory.size());
              byStory.forEach((id, items) -> out.add(new Story(id, items.get(0).title(), items)));
              return out;
            });
  }

  /** One story, whatever its age; null when no visible headline carries the id. */
  public Future<Story> get(long id) {
    return pool.preparedQuery(ONE)
        .execute(
            Tuple.of(Long.toString(id), id, IdGenerator.floorOf(IdGenerator.timeOf(id).plus(SPAN))))
        .map(
            rows -> {
              List<Item> items = new ArrayList<>();
              for (Row r : rows) items.add(ItemRows.fromRow(r, outletName));
              return items.isEmpty()
                  ? null
                  : new Story(Long.toString(id), items.get(0).title(), items);
            });
  }
}
