package ma.manchette.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Blocking helpers for test threads only (never on an event loop). */
public final class Await {
  private Await() {}

  public static <T> T result(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /**
   * Starts an HTTP exchange on a Vert.x context and waits for it. Begun from the test thread,
   * Vert.x 5.0.7 can hand the response over after its end was already dispatched, so body() never
   * completes (the stalls in docs/stall-investigation.md).
   */
  public static <T> T onContext(Vertx vertx, Supplier<Future<T>> exchange) throws Exception {
    return result(start(vertx, exchange));
  }

  /** The same without waiting: the exchange's future, begun on a Vert.x context. */
  public static <T> Future<T> start(Vertx vertx, Supplier<Future<T>> exchange) {
    Promise<T> done = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(
            v -> {
              try {
                exchange.get().onComplete(done);
              } catch (RuntimeException e) {
                done.tryFail(e);
              }
            });
    return done.future();
  }

  public static void until(BooleanSupplier condition, long timeoutMs, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline)
        throw new AssertionError("timed out waiting for " + what);
      TimeUnit.MILLISECONDS.sleep(25);
    }
  }
}
