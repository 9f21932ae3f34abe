package ma.manchette.hub;

import static ma.manchette.support.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import ma.manchette.model.Filter;
import ma.manchette.support.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery rules of a stream connection, against a fake connection whose socket the test fills
 * and drains: replay then live with no gap and no repeat, the write queue, and the cut of a client
 * that stops reading.
 */
class StreamSubscriberTest {
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();

  @AfterEach
  void tearDown() throws Exception {
    Await.result(vertx.close());
  }

  /**
   * A connection with an in-memory socket: writes complete when the test says the client read them.
   */
  static final class FakeConnection extends StreamSubscriber {
    final List<String> writes = new ArrayList<>();
    final List<Promise<Void>> unread = new ArrayList<>();

    /** Writes stay unread until {@link #clientReads()}; otherwise the socket takes them at once. */
    boolean holdWrites;

    /** What Vert.x's writeQueueFull() would say. */
    boolean queueFull;

    Runnable drainHandler;
    String closedSlow;
    int resets;
    int restarts;
    int slowReports;

    FakeConnection(Context context, long cursor) {
      super(context, Filter.ALL, cursor, s -> ((FakeConnection) s).slowReports++);
    }

    @Override
    public String transport() {
      return "fake";
    }

    @Override
    protected Future<Void> write(EncodedEvent event) {
      return written(event.sse.toString());
    }

    @Override
    protected Future<Void> writeAll(EventBatch batch) {
      return written(batch.sse().toString());
    }

    private Future<Void> written(String frames) {
      writes.add(frames);
      if (!holdWrites) return Future.succeededFuture();
      Promise<Void> p = Promise.promise();
      unread.add(p);
      return p.future();
    }

    /**
     * The client reads everything: pending writes complete, the queue empties, the drain handler
     * runs.
     */
    void clientReads() {
      holdWrites = false;
      queueFull = false;
      List<Promise<Void>> done = new ArrayList<>(unread);
      unread.clear();
      done.forEach(Promise::complete);
      Runnable d = drainHandler;
      drainHandler = null;
      if (d != null) d.run();
    }

    @Override
    protected boolean writeQueueFull() {
      return queueFull;
    }

    @Override
    protected void onDrain(Runnable drained) {
      drainHandler = drained;
    }

    @Override
    protected void writeReset() {
      resets++;
      writes.add("reset");
    }

    @Override
    protected void closeSlow(String reason) {
      closedSlow = reason;
    }

    @Override
    protected void closeForRestart() {
      restarts++;
    }

    /** Every SSE id sent, in the order written. */
    List<Long> sentIds() {
      List<Long> ids = new ArrayList<>();
      Matcher m = Pattern.compile("(?m)^id: (\\d+)$").matcher(String.join("\n", writes));
      while (m.find()) ids.add(Long.parseLong(m.group(1)));
      return ids;
    }
  }

  private static EncodedEvent headline(long id) {
    return EncodedEvent.headline(item(id, "fr", "titre " + id));
  }

  private static List<EncodedEvent> headlines(long... ids) {
    return LongStream.of(ids).mapToObj(StreamSubscriberTest::headline).toList();
  }

  private static void deliver(StreamSubscriber s, List<EncodedEvent> events) {
    s.deliver(new EventBatch(events), events);
  }

  private FakeConnection live(long cursor) {
    FakeConnection c = new FakeConnection(context, cursor);
    c.finishReplay(new Replay(List.of(), Replay.Source.NONE));
    return c;
  }

  @Test
  void liveEventsDuringTheReplayWaitAndFollowItWithoutGapOrRepeat() {
    FakeConnection c = new FakeConnection(context, 10);
    c.liveAfter(13); // registered when the hub was at 13: 11-13 can only come from the replay
    deliver(c, headlines(13)); // published before the subscription: dropped, the replay has it
    deliver(c, headlines(14, 15)); // live while the replay runs: held
    assertThat(c.writes).isEmpty();

    c.finishReplay(
        new Replay(headlines(11, 12, 13, 14), Replay.Source.MEMORY)); // the replay already saw 14
    assertThat(c.sentIds()).containsExactly(11L, 12L, 13L, 14L, 15L);
    assertThat(c.lastSent()).isEqualTo(15);

    deliver(c, headlines(15, 16)); // 15 again (a batch that overlaps) is not sent twice
    assertThat(c.sentIds()).containsExactly(11L, 12L, 13L, 14L, 15L, 16L);
    assertThat(c.resets).isZero();
  }

  @Test
  void aResetReplayTellsTheClientFirst() {
    FakeConnection c = new FakeConnection(context, 5);
    deliver(c, headlines(20));
    c.finishReplay(Replay.reset());
    assertThat(c.writes.get(0)).isEqualTo("reset");
    assertThat(c.sentIds()).containsExactly(20L);
  }

  @Test
  void aBatchTakenWholeIsOneWriteAndAPartlySentOneIsWrittenEventByEvent() {
    FakeConnection c = live(0);
    deliver(c, headlines(1, 2, 3));
    assertThat(c.writes).hasSize(1);
    deliver(c, headlines(3, 4, 5));
    assertThat(c.writes).hasSize(3); // 4 and 5 apart: 3 was sent already
    assertThat(c.sentIds()).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void aLateEventFromAnotherNodeIsSentOnceWithoutMovingTheCursor() {
    FakeConnection c = live(0);
    deliver(c, headlines(10));
    EncodedEvent late = headline(7).late();
    deliver(c, List.of(late));
    assertThat(c.writes).hasSize(2);
    assertThat(c.writes.get(1)).startsWith("event: headline\n").contains("titre 7");
    assertThat(c.lastSent()).isEqualTo(10);
  }

  @Test
  void aFullWriteQueueHoldsEventsUntilTheSocketDrainsThenSendsThemInOrder() {
    FakeConnection c = live(0);
    c.holdWrites = true;
    c.queueFull = true;
    deliver(c, headlines(1));
    assertThat(c.drainHandler).isNotNull(); // stalled: waiting for the socket
    deliver(c, headlines(2));
    deliver(c, headlines(3, 4));
    assertThat(c.sentIds()).containsExactly(1L);

    c.clientReads();
    assertThat(c.sentIds()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(c.closedSlow).isNull();
    deliver(c, headlines(5)); // live again: written at once
    assertThat(c.sentIds()).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void manyUnreadBytesStallTheConnectionEvenWhenVertxSaysTheQueueHasRoom() {
    FakeConnection c = live(0);
    c.holdWrites =
        true; // writeQueueFull() stays false: a few large writes never look full to Vert.x
    EncodedEvent big = EncodedEvent.headline(item(1, "fr", "x".repeat(300 * 1024)));
    deliver(c, List.of(big));
    deliver(c, headlines(2));
    assertThat(c.sentIds()).containsExactly(1L);

    c.unread.get(0).complete(); // the socket took the big write: the queued one follows
    assertThat(c.sentIds()).containsExactly(1L, 2L);
  }

  @Test
  void aClientThatStopsReadingIsCutOffOnceItsQueueIsFullAndNothingIsWrittenAfter() {
    FakeConnection c = live(0);
    c.holdWrites = true;
    c.queueFull = true;
    deliver(c, headlines(1)); // written, then the socket is full
    for (long id = 2; id <= 513; id++) deliver(c, headlines(id)); // 512 queued: the limit
    assertThat(c.closedSlow).isNull();

    deliver(c, headlines(514));
    assertThat(c.closedSlow).isEqualTo("send queue full");
    assertThat(c.slowReports).isEqualTo(1);
    assertThat(c.discarded()).isEqualTo(513); // the one that did not fit and the 512 queued
    c.clientReads(); // too late: nothing more is written after the cut
    deliver(c, headlines(515));
    assertThat(c.sentIds()).containsExactly(1L);
    assertThat(c.slowReports).isEqualTo(1);
  }

  @Test
  void tooManyLiveEventsDuringTheReplayCutTheConnection() {
    FakeConnection c = new FakeConnection(context, 0);
    for (long id = 1; id <= 10_000; id++) deliver(c, headlines(id));
    assertThat(c.closedSlow).isNull();
    deliver(c, headlines(10_001));
    assertThat(c.closedSlow).isEqualTo("too many live events during replay");
    assertThat(c.discarded()).isEqualTo(10_001);
    c.finishReplay(new Replay(headlines(1), Replay.Source.MEMORY));
    assertThat(c.writes).isEmpty();
  }

  @Test
  void goAwayClosesForARestartOnceAndStopsDelivery() {
    FakeConnection c = live(0);
    c.goAway();
    c.goAway();
    assertThat(c.restarts).isEqualTo(1);
    deliver(c, headlines(1));
    assertThat(c.writes).isEmpty();
    assertThat(c.slowReports).isZero();
  }
}
