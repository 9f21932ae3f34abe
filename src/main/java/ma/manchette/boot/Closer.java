package ma.manchette.boot;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What a stop has to undo, pushed by each part as it starts and closed most recent first. A step
 * that fails does not stop the others, so a half-started server still closes what did start.
 */
public final class Closer {
  private static final Logger LOG = ServerLog.LOG;

  private record Step(String what, Supplier<? extends Future<?>> close, boolean reported) {}

  private final Deque<Step> steps = new ArrayDeque<>();

  /** A step whose failure is ignored (logged at debug). */
  public synchronized void push(String what, Supplier<? extends Future<?>> close) {
    steps.push(new Step(what, close, false));
  }

  /** A step whose failure is the stop's failure (the rest still run first). */
  public synchronized void pushReported(String what, Supplier<? extends Future<?>> close) {
    steps.push(new Step(what, close, true));
  }

  /** Runs every step pushed so far, the last pushed first, one after the other; each runs once. */
  public Future<Void> close() {
    Future<Void> f = Future.succeededFuture();
    Throwable[] failure = new Throwable[1];
    for (Step s : drained()) {
      f =
          f.compose(v -> run(s))
              .recover(
                  e -> {
                    if (s.reported() && failure[0] == null) failure[0] = e;
                    else
                      LOG.debug(
                          "stopping: could not close {}: {}",
                          s.what(),
                          e.getMessage()); // as quiet as before: a stop goes on
                    return Future.succeededFuture();
                  });
    }
    return f.compose(
        v ->
            failure[0] == null
                ? Future.<Void>succeededFuture()
                : Future.<Void>failedFuture(failure[0]));
  }

  private synchronized Deque<Step> drained() {
    Deque<Step> now = new ArrayDeque<>(steps);
    steps.clear();
    return now;
  }

  private static Future<Void> run(Step s) {
    try {
      return s.close().get().mapEmpty();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
