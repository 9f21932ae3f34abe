package ma.manchette.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import ma.manchette.model.Filter;
import ma.manchette.support.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Thousands of streams on one loop: other work runs between chunks, and order holds. */
class LoopFanOutTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() throws Exception {
    Await.result(vertx.close());
  }

  /** Records what it is delivered, and when, against the loop's other work. */
  static final class Counting implements Subscriber {
    final Context context;
    final List<Long> cursors = new ArrayList<>();
    final List<String> log;

    Counting(Context context, List<String> log) {
      this.context = context;
      this.log = log;
    }

    @Override
    public Context context() {
      return context;
    }

    @Override
    public Filter filter() {
      return Filter.ALL;
    }

    @Override
    public String transport() {
      return "test";
    }

    @Override
    public void deliver(EventBatch batch, List<EncodedEvent> matching) {
      for (EncodedEvent e : matching) cursors.add(e.cursor);
      log.add("deliver");
    }

    @Override
    public void goAway() {}
  }

  @Test
  void aTaskQueuedOnTheLoopRunsBeforeTheLastSubscriberAndEveryoneGetsBothBatchesInOrder()
      throws Exception {
    int n = 3 * LoopFanOut.CHUNK;
    HeadlineHub hub = new HeadlineHub(1_000, null, n, Duration.ofDays(90));
    Context loop = vertx.getOrCreateContext();
    List<String> log = new ArrayList<>(); // touched on the loop only
    List<Counting> subs = new ArrayList<>();
    CountDownLatch registered = new CountDownLatch(1);
    loop.runOnContext(
        v -> {
          for (int i = 0; i < n; i++) {
            // as the HTTP server does, each stream on a duplicate of the loop's context
            Counting s = new Counting(((ContextInternal) loop).duplicate(), log);
            subs.add(s);
            hub.tryRegister(s);
          }
          registered.countDown();
        });
    assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();

    CountDownLatch published = new CountDownLatch(1);
    loop.runOnContext(
        v -> {
          hub.publish(EncodedEvent.headline(ReorderWindowTest.item(21, "fr", "Un")));
          hub.publish(EncodedEvent.headline(ReorderWindowTest.item(22, "fr", "Deux")));
          // queued behind the fan-out's first task, as a poll's answer or an accept would be
          loop.runOnContext(w -> log.add("other work"));
          published.countDown();
        });
    assertThat(published.await(10, TimeUnit.SECONDS)).isTrue();
    Await.until(() -> hub.delivered.sum() == 2L * n, 10_000, "both batches delivered");

    int[] other = new int[1];
    List<List<Long>> got = new ArrayList<>();
    CountDownLatch read = new CountDownLatch(1);
    loop.runOnContext(
        v -> {
          other[0] = log.indexOf("other work");
          for (Counting s : subs) got.add(List.copyOf(s.cursors));
          read.countDown();
        });
    assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(other[0]).as("deliveries before the other work ran").isPositive().isLessThan(n);
    assertThat(got).hasSize(n).allSatisfy(c -> assertThat(c).containsExactly(21L, 22L));
  }
}
