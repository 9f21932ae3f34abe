package ma.manchette.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import ma.manchette.ingest.IdGenerator;
import ma.manchette.ingest.Item;
import ma.manchette.support.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub in cluster mode: items from two nodes leave in id order; a late one still reaches clients, once. */
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
    HistorySource none = new HistorySource() {
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
    Await.result(Future.<Void>future(p -> ctx.runOnContext(v -> {
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
    return new Item(id, "o", "O", "g:" + id, title, "https://example.ma/" + id, null, null, null, null, lang, null, List.of(),
        null, Instant.now(), null);
  }

  @Test
  void anOlderItemFromAnotherNodeArrivingSecondIsStillSentFirst() throws Exception {
    HeadlineHub hub = hub(Duration.ofMillis(500));
    Recorder r = subscribe(hub);
    long older = new IdGenerator(2).next();
    Thread.sleep(3);
    long newer = new IdGenerator(1).next();
    hub.publish(EncodedEvent.headline(item(newer, "local, newer"))); // detected here
    Thread.sleep(50);
    hub.fromOtherNode(item(older, "remote, older"), true); // arrives later through NOTIFY
    Await.until(() -> r.frames.size() == 2, 10_000, "both released");
    assertThat(r.frames.get(0)).startsWith("id: " + older + "\n");
    assertThat(r.frames.get(1)).startsWith("id: " + newer + "\n");
    assertThat(hub.ring().after(0, Filter.ALL)).extracting(e -> e.cursor).containsExactly(older, newer);
    assertThat(hub.late.sum()).isZero();
  }

  @Test
  void anItemArrivingAfterTheWindowIsSentOnceWithoutMovingTheClientsCursor() throws Exception {
    HeadlineHub hub = hub(Duration.ofMillis(100));
    Recorder r = subscribe(hub);
    long older = new IdGenerator(2).next();
    Thread.sleep(3);
    long newer = new IdGenerator(1).next();
    hub.publish(EncodedEvent.headline(item(newer, "local, newer")));
    Await.until(() -> r.frames.size() == 1, 10_000, "local released");
    hub.fromOtherNode(item(older, "remote, late"), true);
    Await.until(() -> r.frames.size() == 2, 10_000, "late one sent");
    assertThat(r.frames.get(1)).startsWith("event: headline\n").doesNotContain("id: ").contains("remote, late");
    assertThat(r.lastSent()).isEqualTo(newer);
    assertThat(hub.late.sum()).isEqualTo(1);
    // the ring keeps id order, so resuming from before both replays both, oldest first
    assertThat(hub.ring().after(0, Filter.ALL)).extracting(e -> e.cursor).containsExactly(older, newer);
    assertThat(hub.ring().after(older, Filter.ALL)).extracting(e -> e.cursor).containsExactly(newer);
    Thread.sleep(300);
    assertThat(r.frames).hasSize(2);
  }

  @Test
  void aRetractRelayedFromAnotherNodeKeepsItsCursorIsSlottedInOrderAndIsNotRelayedAgain() throws Exception {
    HeadlineHub hub = hub(Duration.ofMillis(500));
    List<EncodedEvent> toRelay = new CopyOnWriteArrayList<>();
    hub.onOriginated(toRelay::add);
    Recorder r = subscribe(hub);
    IdGenerator here = new IdGenerator(1);
    IdGenerator there = new IdGenerator(2);
    Item headline = item(here.next(), "bientôt retiré");
    hub.publish(EncodedEvent.headline(headline));
    Thread.sleep(3);
    long retractCursor = there.next(); // node 2 hid it
    Thread.sleep(3);
    long newer = here.next();
    hub.publish(EncodedEvent.headline(item(newer, "plus récent")));
    Thread.sleep(50);
    hub.relayed(EncodedEvent.of(EventType.RETRACT, headline, retractCursor)); // arrives after our newer one
    Await.until(() -> r.frames.size() == 3, 10_000, "all released");
    assertThat(r.frames.get(1)).startsWith("id: " + retractCursor + "\nevent: retract\n");
    assertThat(r.frames.get(2)).startsWith("id: " + newer + "\n");
    assertThat(toRelay).extracting(e -> e.type).containsExactly(EventType.HEADLINE, EventType.HEADLINE);
    // backfill on this node no longer shows it
    assertThat(hub.ring().latestHeadlines(10, Filter.ALL)).extracting(e -> e.item.title()).containsExactly("plus récent");
    assertThat(hub.late.sum()).isZero();
  }
}
