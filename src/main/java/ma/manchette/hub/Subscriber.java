package ma.manchette.hub;

import io.vertx.core.Context;
import java.util.List;
import ma.manchette.model.Filter;

/**
 * A live connection as the hub sees it; {@link #deliver} is always called on {@link #context()}.
 */
public interface Subscriber {
  Context context();

  Filter filter();

  String transport();

  /**
   * {@code matching}: the events of the batch this subscriber's filter takes, in order, never
   * empty.
   */
  void deliver(EventBatch batch, List<EncodedEvent> matching);

  /**
   * Live events at or below this cursor were published before the subscription: only a replay may
   * send them.
   */
  default void liveAfter(long cursor) {}

  /** The server is stopping: ask the client to reconnect (to this node later, or another). */
  void goAway();
}
