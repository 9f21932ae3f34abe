package ma.manchette.hub;

import io.vertx.core.Future;
import java.util.List;
import ma.manchette.model.Filter;
import ma.manchette.model.Item;

/** Where the hub looks for what its ring has forgotten (the database). */
public interface HistorySource {
  /** Visible items with id above {@code cursor}, oldest first, at most {@code limit}. */
  Future<List<Item>> after(long cursor, Filter filter, int limit);

  /** Visible items with id below {@code below}, newest first, at most {@code limit}. */
  Future<List<Item>> before(long below, Filter filter, int limit);
}
