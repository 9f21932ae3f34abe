package ma.manchette.hub;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import ma.manchette.model.Filter;

/**
 * Events released together (one poll's new headlines), in cursor order. A subscriber that takes
 * them all is sent one shared SSE buffer in one write, instead of one write and one flush per
 * event: under a burst this is what keeps fan-out ahead of the feed.
 */
public final class EventBatch {
  private final List<EncodedEvent> events;
  private final Buffer sse;

  public EventBatch(List<EncodedEvent> events) {
    this.events = List.copyOf(events);
    if (this.events.size() == 1) {
      this.sse = this.events.get(0).sse;
    } else {
      Buffer all = Buffer.buffer(this.events.stream().mapToInt(e -> e.sse.length()).sum());
      for (EncodedEvent e : this.events) all.appendBuffer(e.sse);
      this.sse = all;
    }
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
