package ma.manchette.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import ma.manchette.model.EventType;
import ma.manchette.model.Filter;
import ma.manchette.model.IdGenerator;
import ma.manchette.model.Item;
import ma.manchette.support.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hub in cluster mode: items from two nodes leave in id order; a late one still reaches
 * clients, once.
 */
class ReorderWindowTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() throws Exception {
    Await.result(vertx.close());
  }

  /** An SSE-like connection that records the frames it writes. */
  static final class Recorder extends StreamSubscriber {
    final List<String> frames = new CopyOnWriteArrayList<>();

    Recorder(Context context) {
      this(context, Filter.ALL);
    }

    Recorder(Context context, Filter filter) {
      super(context, filter, 0, s -> {});
    }

    @Override
    protected Future<Void> writeAll(EventBatch batch) {
      frames.add(batch.sse().toString()); // one write, as SSE does
      return Future.succeededFuture();
    }

    @Override
    public String transport() {
      return "sse";
    }

    @Override
    protected io.vertx.core.Future<Void> write(EncodedEvent event) {
      frames.add(event.sse.toString());
      return io.vertx.core.Future.succeededFuture();
    }

    @Override
    protected boolean writeQueueFull() {
      return false;
    }

    @Override
    protected void onDrain(Runnable drained) {}

    @Override
    protected void writeReset() {}

    @Override
    protected void closeSlow(String reason) {}

    @Override
    protected void closeForRestart() {}
  }

  private HeadlineHub hub(Duration hold) {
    HistorySource none =
        new HistorySource() {
          @Override
          public Future<List<Item>> after(long cursor, Filter filter, int limit) {
            return Future.succeededFuture(List.of());
          }

          @Override
          public Future<List<Item>> before(long below, Filter filter, int limit) {
            return Future.succeededFuture(List.of());
          }
        };
    HeadlineHub hub = new HeadlineHub(1_000, none, 10, Duration.ofDays(90));
    hub.holdFor(vertx, hold);
    return hub;
  }

  private Recorder subscribe(HeadlineHub hub) throws Exception {
    return subscribe(vertx, hub, Filter.ALL);
  }

  /** A recorder registered on a fresh context of {@code vertx}, live after an empty replay. */
  static Recorder subscribe(Vertx vertx, HeadlineHub hub, Filter filter) throws Exception {
    Context ctx = vertx.getOrCreateContext();
    Recorder r = new Recorder(ctx, filter);
    Await.result(
        Future.<Void>future(
            p ->
                ctx.runOnContext(
                    v -> {
                      hub.tryRegister(r);
                      r.finishReplay(new Replay(List.of(), Replay.Source.NONE));
                      p.complete();
                    })));
    return r;
  }

  private static Item item(long id, String title) {
    return item(id, "fr", title);
  }

  static Item item(long id, String lang, String title) {
    return new Item(
        id,
        "o",
        "O",
        "g:" + id,
        title,
        "https://example.ma/" + id,
        null,
        null,
        null,
        null,
        lang,
        null,
        List.of(),
        null,
        Instant.now(),
        null);
  }

  @Test
  void anOlderItemFromAnotherNodeArrivingSecondIsStillSentFirst() throws Exception {
    HeadlineHub hub = hub(Duration.ofMillis(500));
    Recorder r = subscribe(hub);
    long now = System.currentTimeMillis();
    long older = new IdGenerator(2, () -> now).next();
    long newer = new IdGenerator(1, () -> now + 3).next(); // 3 ms later, on this node
    hub.publish(EncodedEvent.headline(item(newer, "local, newer"))); // detected here
    hub.fromOtherNode(item(older, "remote, older"), true); // arrives later through NOTIFY
    Await.until(() -> r.frames.size() == 2, 10_000, "both released");
    assertThat(r.frames.get(0)).startsWith("id: " + older + "\n");
    assertThat(r.frames.get(1)).startsWith("id: " + newer + "\n");
    assertThat(hub.ring().after(0, Filter.ALL))
        .extracting(e -> e.cursor)
        .containsExactly(older, newer);
    assertThat(hub.late.sum()).isZero();
  }

  @Test
  void anItemArrivingAfterTheWindowIsSentOnceWithoutMovingTheClientsCursor() throws Exception {
    HeadlineHub hub = hub(Duration.ofMillis(100));
    Recorder r = subscribe(hub);
    long now = System.currentTimeMillis();
    long older = new IdGenerator(2, () -> now).next();
    long newer = new IdGenerator(1, () -> now + 3).next();
    hub.publish(EncodedEvent.headline(item(newer, "local, newer")));
    Await.until(() -> r.frames.size() == 1, 10_000, "local released");
    hub.fromOtherNode(item(older, "remote, late"), true);
    Await.until(() -> r.frames.size() == 2, 10_000, "late one sent");
    assertThat(r.frames.get(1))
        .startsWith("event: headline\n")
        .doesNotContain("id: ")
        .contains("remote, late");
    assertThat(r.lastSent()).isEqualTo(newer);
    assertThat(hub.late.sum()).isEqualTo(1);
    // the ring keeps id order, so resuming from before both replays both, oldest first
    assertThat(hub.ring().after(0, Filter.ALL))
        .extracting(e -> e.cursor)
        .containsExactly(older, newer);
    assertThat(hub.ring().after(older, Filter.ALL))
        .extracting(e -> e.cursor)
        .containsExactly(newer);
    Thread.sleep(300);
    assertThat(r.frames).hasSize(2);
  }

  @Test
  void aRetractRelayedFromAnotherNodeKeepsItsCursorIsSlottedInOrderAndIsNotRelayedAgain()
      throws Exception {
    HeadlineHub hub = hub(Duration.ofMillis(500));
    List<EncodedEvent> toRelay = new CopyOnWriteArrayList<>();
    hub.onOriginated(toRelay::add);
    Recorder r = subscribe(hub);
    java.util.concurrent.atomic.AtomicLong clock =
        new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis());
    IdGenerator here = new IdGenerator(1, clock::get);
    IdGenerator there = new IdGenerator(2, clock::get);
    Item headline = item(here.next(), "bientôt retiré");
    hub.publish(EncodedEvent.headline(headline));
    clock.addAndGet(3);
    long retractCursor = there.next(); // node 2 hid it
    clock.addAndGet(3);
    long newer = here.next();
    hub.publish(EncodedEvent.headline(item(newer, "plus récent")));
    hub.relayed(
        EncodedEvent.of(EventType.RETRACT, headline, retractCursor)); // arrives after our newer one
    Await.until(() -> r.frames.size() == 3, 10_000, "all released");
    assertThat(r.frames.get(1)).startsWith("id: " + retractCursor + "\nevent: retract\n");
    assertThat(r.frames.get(2)).startsWith("id: " + newer + "\n");
    assertThat(toRelay)
        .extracting(e -> e.type)
        .containsExactly(EventType.HEADLINE, EventType.HEADLINE);
    // backfill on this node no longer shows it
    assertThat(hub.ring().latestHeadlines(10, Filter.ALL))
        .extracting(e -> e.item.title())
        .containsExactly("plus récent");
    assertThat(hub.late.sum()).isZero();
  }

  /** A cursor as node {@code node} makes it at {@code ms} (sequence {@code seq}). */
  private static long cursor(long ms, int node, int seq) {
    return ((ms - IdGenerator.EPOCH_MS) << 22) | ((long) node << 12) | seq;
  }

  @Test
  void switchingTheHoldOnAndOffWhileEventsFlowLosesRepeatsAndReordersNothing() {
    java.util.concurrent.atomic.AtomicLong clock =
        new java.util.concurrent.atomic.AtomicLong(IdGenerator.EPOCH_MS + 1_000_000_000L);
    List<Long> released = new java.util.ArrayList<>();
    List<Long> late = new java.util.ArrayList<>();
    ReorderWindow w =
        new ReorderWindow(
            Duration.ofMillis(1_000),
            clock::get,
            e -> released.add(e.cursor),
            e -> late.add(e.cursor));
    java.util.Random random = new java.util.Random(42);
    java.util.Set<Long> offered = new java.util.HashSet<>();
    int[] seq = new int[3];
    long[] lastMs = new long[3];
    int switches = 0;
    for (int step = 0; step < 5_000; step++) {
      clock.addAndGet(random.nextInt(20));
      // node 1 is local (its ids now); node 2's items reach us up to 300 ms after detection, within
      // the hold
      int node = 1 + random.nextInt(2);
      long ms = node == 1 ? clock.get() : clock.get() - random.nextInt(300);
      ms = Math.max(ms, lastMs[node]); // each node's own ids only grow
      seq[node] = ms == lastMs[node] ? seq[node] + 1 : 0;
      lastMs[node] = ms;
      long c = cursor(ms, node, seq[node]);
      offered.add(c);
      w.offer(EncodedEvent.headline(item(c, "n" + node)));
      if (random.nextInt(10) == 0) w.tick();
      if (random.nextInt(200) == 0) {
        w.holding(!w.holding());
        switches++;
      }
    }
    w.holding(false); // drains what is left
    assertThat(switches).isGreaterThan(10);
    assertThat(w.size()).isZero();
    // in order, nothing twice, nothing missing: what left late (only possible while not holding) is
    // the rest
    for (int i = 1; i < released.size(); i++)
      assertThat(released.get(i)).isGreaterThan(released.get(i - 1));
    java.util.Set<Long> all = new java.util.HashSet<>(released);
    all.addAll(late);
    assertThat(released.size() + late.size()).isEqualTo(offered.size());
    assertThat(all).isEqualTo(offered);
    System.out.println(
        "FIGURE hold switches "
            + switches
            + ", released in order "
            + released.size()
            + ", late "
            + late.size());
  }

  @Test
  void
      whileHoldingACrossNodeDelayUnderTheWindowIsNeverLateAndSwitchingOffDrainsInOrderBeforeTheNextEvent() {
    java.util.concurrent.atomic.AtomicLong clock =
        new java.util.concurrent.atomic.AtomicLong(IdGenerator.EPOCH_MS + 2_000_000_000L);
    List<Long> released = new java.util.ArrayList<>();
    List<Long> late = new java.util.ArrayList<>();
    ReorderWindow w =
        new ReorderWindow(
            Duration.ofMillis(500),
            clock::get,
            e -> released.add(e.cursor),
            e -> late.add(e.cursor));
    long t0 = clock.get();
    long local = cursor(t0, 1, 0);
    w.offer(EncodedEvent.headline(item(local, "local")));
    clock.addAndGet(100);
    long remoteOlder = cursor(t0 - 50, 2, 0); // detected elsewhere before ours, arriving after it
    w.offer(EncodedEvent.headline(item(remoteOlder, "remote")));
    w.tick();
    assertThat(released).isEmpty(); // both still held: neither is 500 ms old
    clock.addAndGet(370); // t0 + 470: the remote one (t0 - 50) is due, ours (t0) is not yet
    w.tick();
    assertThat(released).containsExactly(remoteOlder);
    long next = cursor(clock.get(), 1, 0);
    w.holding(false); // alone again: what is held leaves first...
    w.offer(
        EncodedEvent.headline(
            item(next, "after the switch"))); // ...then events leave at once, no tick needed
    assertThat(released).containsExactly(remoteOlder, local, next);
    w.holding(true);
    long held = cursor(clock.get() + 1, 1, 0);
    w.offer(EncodedEvent.headline(item(held, "held again")));
    assertThat(released).hasSize(3);
    clock.addAndGet(501);
    w.tick();
    assertThat(released).containsExactly(remoteOlder, local, next, held);
    assertThat(late).isEmpty();
  }

  @Test
  void aHubAloneOnItsDatabaseDeliversAtOnceAndBatchesAPoll() throws Exception {
    HeadlineHub hub =
        hub(Duration.ofSeconds(10)); // a window long enough that any hold would time the test out
    hub.holdWhile(false);
    assertThat(hub.holding()).isFalse();
    Recorder r = subscribe(hub);
    IdGenerator here = new IdGenerator(1);
    hub.publishAll(
        List.of(
            EncodedEvent.headline(item(here.next(), "un")),
            EncodedEvent.headline(item(here.next(), "deux"))));
    Await.until(() -> r.frames.size() == 1, 2_000, "one batch written at once");
    assertThat(r.frames.get(0)).contains("un").contains("deux");
    hub.holdWhile(true);
    assertThat(hub.holding()).isTrue();
    hub.publish(EncodedEvent.headline(item(here.next(), "trois")));
    Thread.sleep(300);
    assertThat(r.frames).hasSize(1); // held now
  }
}
