package ma.manchette.hub;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import ma.manchette.model.Filter;

/**
 * Events released together (one poll's new headlines), in cursor order. A subscriber that takes
 * them all is sent one shared buffer per wire format in one write and one flush, instead of one per
 * event: under a burst this is what keeps fan-out ahead of the feed.
 *
 * <p>The shared buffers are direct memory: the socket sends them as they are, where a heap buffer
 * is copied into direct memory once per connection. Plain {@link ByteBuffer}s, so the garbage
 * collector frees them once the last connection has sent them; nothing to release by hand.
 */
public final class EventBatch {
  private final List<EncodedEvent> events;
  private final Buffer sse;
  private final Buffer ws;

  public EventBatch(List<EncodedEvent> events) {
    this.events = List.copyOf(events);
    this.sse = direct(this.events, e -> e.sse);
    this.ws = direct(this.events, e -> e.ws);
  }

  private static Buffer direct(List<EncodedEvent> events, Function<EncodedEvent, Buffer> frame) {
    int size = 0;
    for (EncodedEvent e : events) size += frame.apply(e).length();
    ByteBuffer bytes = ByteBuffer.allocateDirect(size);
    for (EncodedEvent e : events) bytes.put(frame.apply(e).getBytes());
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes.flip()));
  }

  public static EventBatch of(EncodedEvent event) {
    return new EventBatch(List.of(event));
  }

  public List<EncodedEvent> events() {
    return events;
  }

  public int size() {
    return events.size();
  }

  /** Every SSE frame of the batch, concatenated once; never mutated. */
  public Buffer sse() {
    return sse;
  }

  /** Every WebSocket frame of the batch, concatenated once; never mutated. */
  public Buffer ws() {
    return ws;
  }

  /**
   * The events this filter takes: the batch's own list when it takes all (the common case, no
   * copy).
   */
  List<EncodedEvent> matching(Filter filter) {
    return keep(events, e -> e.matches(filter));
  }

  /**
   * The events {@code take} accepts, in order, asking it once per event: {@code events} itself when
   * it accepts all, so the common case allocates nothing.
   */
  static List<EncodedEvent> keep(
      List<EncodedEvent> events, java.util.function.Predicate<EncodedEvent> take) {
    List<EncodedEvent> some = null;
    for (int i = 0; i < events.size(); i++) {
      EncodedEvent e = events.get(i);
      boolean kept = take.test(e);
      if (kept && some != null) some.add(e);
      if (!kept && some == null) some = new ArrayList<>(events.subList(0, i));
    }
    return some == null ? events : some;
  }
}
