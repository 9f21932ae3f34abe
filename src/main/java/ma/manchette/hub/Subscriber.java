package ma.manchette.hub;

import io.vertx.core.Context;

/** A live connection as the hub sees it; {@link #deliver} is always called on {@link #context()}. */
public interface Subscriber {
  Context context();

  Filter filter();

  String transport();

  void deliver(EncodedEvent event);

  /** Live events at or below this cursor were published before the subscription: only a replay may send them. */
  default void liveAfter(long cursor) {}

  /** The server is stopping: ask the client to reconnect (to this node later, or another). */
  void goAway();
}
