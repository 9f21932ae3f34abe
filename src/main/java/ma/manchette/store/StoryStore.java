package ma.manchette.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
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

  /**
   * One outlet's record over a window: stories it broke first, stories it followed and its median
   * lag behind the first outlet when it followed (null when it never followed).
   */
  public record Scoops(String outlet, int first, int followed, Long medianLagMs) {}

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
   * Each outlet's earliest headline per story (detection order, as the timeline ranks them), among
   * stories born in the window and carried by two outlets or more. A story id is its first
   * headline's id, so "born after $1" is a bound on the id (the CASE keeps a non-numeric id from
   * failing the cast).
   */
  private static final String SCOOPS =
      "WITH firsts AS (SELECT DISTINCT ON (story, outlet_id) story, outlet_id, detected_at, id "
          + "FROM items WHERE story IS NOT NULL AND NOT hidden AND id >= $1 "
          + "AND CASE WHEN story ~ '^[0-9]{1,18}$' THEN story::bigint END >= $1 "
          + "ORDER BY story, outlet_id, detected_at, id), "
          + "ranked AS (SELECT outlet_id, row_number() OVER w AS place, "
          + "detected_at - first_value(detected_at) OVER w AS lag, "
          + "count(*) OVER (PARTITION BY story) AS outlets "
          + "FROM firsts WINDOW w AS (PARTITION BY story ORDER BY detected_at, id)) "
          + "SELECT outlet_id, count(*) FILTER (WHERE place = 1) AS first, "
          + "count(*) FILTER (WHERE place > 1) AS followed, "
          + "percentile_cont(0.5) WITHIN GROUP (ORDER BY floor(extract(epoch FROM lag) * 1000)) "
          + "FILTER (WHERE place > 1) AS median_lag_ms "
          + "FROM ranked WHERE outlets >= 2 GROUP BY outlet_id ORDER BY first DESC, outlet_id";

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

  /** Per outlet, over stories born in the last {@code window}: most stories broken first first. */
  public Future<List<Scoops>> scoops(Duration window) {
    long since = IdGenerator.floorOf(Instant.now().minus(window));
    return pool.preparedQuery(SCOOPS)
        .execute(Tuple.of(since))
        .map(
            rows -> {
              List<Scoops> out = new ArrayList<>();
              for (Row r : rows) {
                Number median = (Number) r.getValue("median_lag_ms");
                out.add(
                    new Scoops(
                        r.getString("outlet_id"),
                        r.getLong("first").intValue(),
                        r.getLong("followed").intValue(),
                        median == null ? null : Math.round(median.doubleValue())));
              }
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
