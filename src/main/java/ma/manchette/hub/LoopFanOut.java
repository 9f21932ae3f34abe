package ma.manchette.hub;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One event loop's share of the fan-out. Batches are delivered in the order they arrived, {@link
 * #CHUNK} subscribers per task: with thousands of streams on a loop, the accepts, reads and polls
 * queued on it run between chunks instead of waiting for the last subscriber. A batch reaches every
 * subscriber before the next one starts, so nobody sees two events out of order. Used on its loop
 * only.
 */
final class LoopFanOut {
  static final int CHUNK = 512;

  /** What one batch does to one subscriber; {@link #done} runs once all have had it. */
  interface Pass {
    void deliver(Subscriber s);

    void done();
  }

  private final Context context;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final ArrayDeque<Pass> waiting = new ArrayDeque<>();
  private Iterator<Subscriber> current;
  private boolean scheduled;

  LoopFanOut(Context context) {
    this.context = context;
  }

  /** The streams on this loop: added and removed from any thread, walked on the loop. */
  Set<Subscriber> subscribers() {
    return subscribers;
  }

  /** From any thread; a loop without subscribers has nothing to do. */
  void offer(Pass pass) {
    if (subscribers.isEmpty()) return;
    context.runOnContext(
        v -> {
          waiting.add(pass);
          if (!scheduled) run();
        });
  }

  private void run() {
    scheduled = false;
    int budget = CHUNK;
    while (!waiting.isEmpty()) {
      Pass pass = waiting.peek();
      if (current == null) current = subscribers.iterator();
      while (budget > 0 && current.hasNext()) {
        pass.deliver(current.next());
        budget--;
      }
      if (current.hasNext()) { // the rest after whatever else is queued on this loop
        scheduled = true;
        context.runOnContext(v -> run());
        return;
      }
      current = null;
      waiting.poll();
      pass.done();
    }
  }

  /** A pass that only delivers, with nothing to do at the end. */
  static Pass each(Consumer<Subscriber> deliver) {
    return new Pass() {
      @Override
      public void deliver(Subscriber s) {
        deliver.accept(s);
      }

      @Override
      public void done() {}
    };
  }
}
