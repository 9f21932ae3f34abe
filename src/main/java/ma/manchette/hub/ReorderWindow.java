package ma.manchette.hub;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import ma.manchette.ingest.IdGenerator;

/**
 * Several nodes: an item detected on node A (id 100) can reach node B after B's own item 101, yet
 * subscribers and the ring need events in id order. Every event waits here until its id's timestamp is
 * {@code hold} old, then leaves in id order; an event from another node that arrives after later ids have
 * already left is "late" and handed to {@code late} (the trade-off: each event is delayed by {@code hold},
 * and ordering is only guaranteed for cross-node delays shorter than it).
 */
final class ReorderWindow {
  private final PriorityQueue<EncodedEvent> held = new PriorityQueue<>(Comparator.comparingLong(e -> e.cursor));
  private final long holdMs;
  private final Consumer<EncodedEvent> release;
  private final Consumer<EncodedEvent> late;
  private final Vertx vertx;
  private final long timer;
  private long released; // cursor of the last event released

  ReorderWindow(Vertx vertx, Duration hold, Consumer<EncodedEvent> release, Consumer<EncodedEvent> late) {
    this.vertx = vertx;
    this.holdMs = hold.toMillis();
    this.release = release;
    this.late = late;
    // one periodic task on its own context releases everything, so releases are never concurrent
    this.timer = vertx.setPeriodic(Math.max(5, Math.min(50, holdMs / 4)), t -> tick());
  }

  void offer(EncodedEvent e) {
    boolean isLate;
    synchronized (this) {
      isLate = e.cursor <= released;
      if (!isLate) held.add(e);
    }
    if (isLate) late.accept(e);
  }

  private void tick() {
    long due = System.currentTimeMillis() - holdMs;
    List<EncodedEvent> out = new ArrayList<>();
    synchronized (this) {
      while (!held.isEmpty() && IdGenerator.timeOf(held.peek().cursor).toEpochMilli() <= due) {
        EncodedEvent e = held.poll();
        released = Math.max(released, e.cursor);
        out.add(e);
      }
    }
    for (EncodedEvent e : out) release.accept(e);
  }

  /** Releases everything still held (graceful stop), in order. */
  void flush() {
    List<EncodedEvent> out = new ArrayList<>();
    synchronized (this) {
      while (!held.isEmpty()) {
        EncodedEvent e = held.poll();
        released = Math.max(released, e.cursor);
        out.add(e);
      }
    }
    for (EncodedEvent e : out) release.accept(e);
  }

  void close() {
    vertx.cancelTimer(timer);
    flush();
  }
}
