package ma.manchette.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import ma.manchette.model.Item;
import ma.manchette.store.ItemRows;
import ma.manchette.store.NewItemNotes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Items detected on other nodes: their writers NOTIFY the new ids inside the insert transaction (so
 * a notification means "committed"); this node LISTENs, reads the rows back and hands them over in
 * id order. Payload {@code {"node":n,"ids":[id, -id for history…]}}, a few hundred ids at most
 * (NOTIFY caps at 8000 bytes).
 */
public final class NewItemsListener {
  private static final Logger LOG = LoggerFactory.getLogger(NewItemsListener.class);
  public static final String CHANNEL = NewItemNotes.CHANNEL;

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final Pool pool;
  private final int self;
  private final Function<String, String> outletName;
  private PgSubscriber subscriber;
  private final java.util.Map<String, java.util.function.Consumer<String>> others =
      new java.util.LinkedHashMap<>();

  public NewItemsListener(
      Vertx vertx,
      PgConnectOptions options,
      Pool pool,
      int selfNode,
      Function<String, String> outletName) {
    this.vertx = vertx;
    this.options = options;
    this.pool = pool;
    this.self = selfNode;
    this.outletName = outletName;
  }

  /**
   * Another cluster channel on the same LISTEN connection (one connection per node); before {@link
   * #start}.
   */
  public NewItemsListener alsoListen(String channel, java.util.function.Consumer<String> handler) {
    others.put(channel, handler);
    return this;
  }

  /**
   * @param sink told of each other node's item, oldest first, with whether it is live news (else
   *     history)
   */
  public Future<Void> start(BiConsumer<Item, Boolean> sink) {
    subscriber =
        PgSubscriber.subscriber(vertx, options)
            .reconnectPolicy(retries -> 500L); // keep listening through database restarts
    subscriber.channel(CHANNEL).handler(payload -> received(payload, sink));
    others.forEach((channel, handler) -> subscriber.channel(channel).handler(handler::accept));
    return subscriber.connect();
  }

  private void received(String payload, BiConsumer<Item, Boolean> sink) {
    JsonObject note;
    try {
      note = new JsonObject(payload);
    } catch (RuntimeException e) {
      LOG.warn("cluster: unreadable notification ignored: {}", e.getMessage());
      return;
    }
    if (note.getInteger("node", -1) == self) return; // our own items are already in our hub
    Set<Long> history = new HashSet<>();
    List<Long> ids = new ArrayList<>();
    for (Object o : note.getJsonArray("ids", new JsonArray())) {
      long id = ((Number) o).longValue();
      if (id < 0) history.add(-id);
      ids.add(Math.abs(id));
    }
    if (ids.isEmpty()) return;
    pool.preparedQuery(
            "SELECT "
                + ItemRows.COLUMNS
                + " FROM items WHERE id = ANY($1) AND NOT hidden ORDER BY id")
        .execute(Tuple.tuple().addArrayOfLong(ids.toArray(new Long[0])))
        .onSuccess(
            rows -> {
              for (Row r : rows) {
                Item item = ItemRows.fromRow(r, outletName);
                sink.accept(item, !history.contains(item.id()));
              }
            })
        .onFailure(
            e ->
                LOG.atWarn()
                    .addKeyValue("event", "cluster-read-failed")
                    .addKeyValue("ids", ids.size())
                    .log(
                        "cluster: could not read {} items announced by node {}: {}",
                        ids.size(),
                        note.getInteger("node"),
                        e.getMessage()));
  }

  public Future<Void> close() {
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }
}
