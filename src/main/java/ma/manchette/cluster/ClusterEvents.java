package ma.manchette.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import ma.manchette.hub.EncodedEvent;
import ma.manchette.model.BreakingStory;
import ma.manchette.model.EventType;
import ma.manchette.model.Item;
import ma.manchette.model.ItemJson;
import ma.manchette.store.ItemStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several nodes: updates and retracts made on one node reach the other nodes' subscribers live.
 * Each is NOTIFYed as soon as it is published here, before the hold window, carrying the item (an
 * update is pushed before its row is written, so reading the row back could show the old one) and
 * this node's cursor, so every node slots it at the same place in one order and a resume on any
 * node agrees. Receivers publish it without relaying it again. Payloads: {@code
 * {"node":n,"type":"update"|"retract","cursor":"…","id":"…","item":{…}}} (item left out above
 * {@link #MAX_PAYLOAD} bytes: read back by id), {@code {"node":n,"type":"story","cursor":"…",
 * "story":{…}}} for a breaking story (announced only by the node whose grouper made it break, so
 * once in all), or {@code {"node":n,"type":"images"}} when the hidden images changed (committed)
 * and the others should reload theirs.
 */
public final class ClusterEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);
  public static final String CHANNEL = "manchette_events";

  /** NOTIFY payloads stop at 8000 bytes; an item above this stays behind and is read back by id. */
  static final int MAX_PAYLOAD = 7_500;

  /**
   * An update's row trails its push by one writer batch (50 ms + commit): a read-back waits a
   * little.
   */
  private static final long UPDATE_READ_BACK_DELAY_MS = 250;

  private static final String IMAGES = "images";

  private final Vertx vertx;
  private final Pool pool;
  private final ItemStore items;
  private final int self;
  private final Consumer<EncodedEvent> hub;
  private final Runnable imagesChanged;
  public final LongAdder sent = new LongAdder();
  public final LongAdder received = new LongAdder();
  public final LongAdder failed = new LongAdder();

  /**
   * @param hub where other nodes' events go (the hub's relayed entry, which never relays again)
   * @param imagesChanged reloads this node's hidden images after another node changed them
   */
  public ClusterEvents(
      Vertx vertx,
      Pool pool,
      ItemStore items,
      int selfNode,
      Consumer<EncodedEvent> hub,
      Runnable imagesChanged) {
    this.vertx = vertx;
    this.pool = pool;
    this.items = items;
    this.self = selfNode;
    this.hub = hub;
    this.imagesChanged = imagesChanged;
  }

  /**
   * Hub observer of events published on this node: updates and retracts leave for the others at
   * once.
   */
  public void originated(EncodedEvent e) {
    if (e.type == EventType.HEADLINE)
      return; // headlines cross through the writer's NOTIFY, once committed
    String payload = e.type == EventType.STORY ? storyPayload(self, e) : payload(self, e);
    send(payload).onSuccess(v -> sent.increment());
  }

  /**
   * This node's hidden images changed and the change is committed: the other nodes reload theirs.
   */
  public void imagesChanged() {
    send(new JsonObject().put("node", self).put("type", IMAGES).encode());
  }

  private Future<Void> send(String payload) {
    return pool.preparedQuery("SELECT pg_notify($1, $2)")
        .execute(Tuple.of(CHANNEL, payload))
        .<Void>mapEmpty()
        .onFailure(
            e -> {
              failed.increment();
              LOG.atWarn()
                  .addKeyValue("event", "cluster-relay-failed")
                  .log(
                      "cluster: could not tell the other nodes ({}); their clients see it through history only",
                      e.getMessage());
            });
  }

  /** A story announcement holds ids and a title: far below the NOTIFY cap. */
  static String storyPayload(int node, EncodedEvent e) {
    return new JsonObject()
        .put("node", node)
        .put("type", EventType.STORY.wire)
        .put("cursor", Long.toString(e.cursor))
        .put("story", e.story.toJson())
        .encode();
  }

  static String payload(int node, EncodedEvent e) {
    JsonObject note =
        new JsonObject()
            .put("node", node)
            .put("type", e.type.wire)
            .put("cursor", Long.toString(e.cursor))
            .put("id", Long.toString(e.item.id()));
    String full = note.copy().put("item", ItemJson.of(e.item)).put("key", e.item.key()).encode();
    return full.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD ? full : note.encode();
  }

  /** Handler of {@link #CHANNEL} on the node's LISTEN connection. */
  public void received(String payload) {
    try {
      JsonObject note = new JsonObject(payload);
      if (note.getInteger("node", -1) == self) return; // ours already went through our hub
      if (IMAGES.equals(note.getString("type"))) {
        imagesChanged.run();
        return;
      }
      long cursor = Long.parseLong(note.getString("cursor"));
      if (EventType.STORY.wire.equals(note.getString("type"))) {
        received.increment();
        hub.accept(EncodedEvent.story(BreakingStory.fromJson(note.getJsonObject("story")), cursor));
        return;
      }
      EventType type =
          "retract".equals(note.getString("type")) ? EventType.RETRACT : EventType.UPDATE;
      JsonObject item = note.getJsonObject("item");
      if (item != null) deliver(type, ItemJson.parse(item, note.getString("key")), cursor);
      else readBack(type, Long.parseLong(note.getString("id")), cursor);
    } catch (RuntimeException e) {
      LOG.warn("cluster: unreadable event notification ignored: {}", e.getMessage());
    }
  }

  private void readBack(EventType type, long id, long cursor) {
    long delay =
        type == EventType.UPDATE
            ? UPDATE_READ_BACK_DELAY_MS
            : 0; // a retract's hide is committed before it is published
    Future<Void> wait =
        delay == 0
            ? Future.succeededFuture()
            : Future.future(p -> vertx.setTimer(delay, t -> p.complete()));
    wait.compose(v -> items.get(id))
        .onSuccess(
            stored -> {
              if (stored == null || (type == EventType.UPDATE && stored.hidden()))
                return; // a retract follows, or it is gone
              deliver(type, stored.item(), cursor);
            })
        .onFailure(
            e ->
                LOG.atWarn()
                    .addKeyValue("event", "cluster-read-failed")
                    .log(
                        "cluster: could not read back item {} of a relayed {}: {}",
                        id,
                        type.wire,
                        e.getMessage()));
  }

  private void deliver(EventType type, Item item, long cursor) {
    received.increment();
    hub.accept(EncodedEvent.of(type, item, cursor));
  }
}
