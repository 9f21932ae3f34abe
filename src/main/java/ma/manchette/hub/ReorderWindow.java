package ma.manchette.hub;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import ma.manchette.model.IdGenerator;

/**
 * Several nodes: an item detected on node A (id 100) can reach node B after B's own item 101, yet
 * subscribers and the ring need events in id order. While {@link #holding} (more than one node
 * live), every event waits here until its id's timestamp is {@code hold} old, then leaves in id
 * order; an event from another node that arrives after later ids have already left is "late" and
 * handed to {@code late} (the trade-off: each event is delayed by {@code hold}, and ordering is
 * only guaranteed for cross-node delays shorter than it). While not holding (one node alone),
 * events leave at once. Every release happens under this object's lock, so switching either way
 * loses, repeats and reorders nothing: switching off drains what is held first.
 */
final class ReorderWindow {
  private final PriorityQueue<EncodedEvent> held =
      new PriorityQueue<>(Comparator.comparingLong(e -> e.cursor));
  private final long holdMs;
  private final LongSupplier clock;
  private final Consumer<EncodedEvent> release;
  private final Consumer<EncodedEvent> late;
  private Vertx vertx;
  private long timer = -1;
  private boolean holding = true; // guarded by this
  private long released; // cursor of the last event released, guarded by this

  ReorderWindow(
      Vertx vertx, Duration hold, Consumer<EncodedEvent> release, Consumer<EncodedEvent> late) {
    this(hold, System::currentTimeMillis, release, late);
    this.vertx = vertx;
    // one periodic task drains what is due; direct releases take the same lock, so releases never
    // interleave
    this.timer = vertx.setPeriodic(Math.max(5, Math.min(50, holdMs / 4)), t -> tick());
  }

  /** Tests: a given clock and no timer; {@link #tick()} is called by hand. */
  ReorderWindow(
      Duration hold,
      LongSupplier clock,
      Consumer<EncodedEvent> release,
      Consumer<EncodedEvent> late) {
    this.holdMs = hold.toMillis();
    this.clock = clock;
    this.release = release;
    this.late = late;
  }

  void offer(EncodedEvent e) {
    synchronized (this) {
      if (e.cursor > released) {
        if (holding) {
          held.add(e);
        } else {
          released = e.cursor;
          release.accept(e);
        }
        return;
      }
    }
    late.accept(e);
  }

  /**
   * Not holding and every event newer than the last released: the whole batch leaves at once
   * through {@code out} (one write per connection); otherwise false and the caller offers them one
   * by one.
   */
  boolean passBatch(List<EncodedEvent> events, Consumer<List<EncodedEvent>> out) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (EncodedEvent e : events) {
      min = Math.min(min, e.cursor);
      max = Math.max(max, e.cursor);
    }
    synchronized (this) {
      if (holding || min <= released) return false;
      released = max;
      out.accept(events);
      return true;
    }
  }

  /**
   * On with more than one live node, off with one: switching off releases everything held first, in
   * order.
   */
  void holding(boolean on) {
    synchronized (this) {
      if (holding == on) return;
      holding = on;
      if (!on) drain();
    }
  }

  synchronized boolean holding() {
    return holding;
  }

  synchronized int size() {
    return held.size();
  }

  void tick() {
    synchronized (this) {
      long due = clock.getAsLong() - holdMs;
      while (!held.isEmpty() && IdGenerator.timeOf(held.peek().cursor).toEpochMilli() <= due)
        releaseHead();
    }
  }

  /** Releases everything still held (graceful stop), in order. */
  void flush() {
    synchronized (this) {
      drain();
    }
  }

  private void drain() {
    while (!held.isEmpty()) releaseHead();
  }

  private void releaseHead() {
    EncodedEvent e = held.poll();
    released = Math.max(released, e.cursor);
    release.accept(e);
  }

  void close() {
    if (vertx != null && timer >= 0) vertx.cancelTimer(timer);
    holding(false); // what is held leaves now, and anything offered while stopping leaves at once
  }
}
