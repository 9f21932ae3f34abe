package ma.manchette.hub;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import ma.manchette.model.EventType;
import ma.manchette.model.Filter;
import ma.manchette.model.IdGenerator;
import ma.manchette.model.Item;

/**
 * Fan-out: each event is encoded once, kept in the recent ring, and handed to every subscriber's
 * own event loop in one task per loop, where each subscriber filters and writes the shared buffer.
 * Publishing happens on one sequencer context, so events enter in cursor order.
 */
public final class HeadlineHub {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HeadlineHub.class);
  public static final int MAX_REPLAY = 2_000;
  public static final int MAX_BACKFILL = 200;

  private final RecentRing ring;
  private final HistorySource history;
  private final int maxSubscribers;
  private final Duration retention;
  private final Map<Context, LoopFanOut> loops = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final Map<String, AtomicInteger> byTransport = new ConcurrentHashMap<>();
  private final List<Consumer<EncodedEvent>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Consumer<EncodedEvent>> originated =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  public final LongAdder delivered = new LongAdder();
  public final LongAdder slowDisconnects = new LongAdder();

  /**
   * Events discarded because their connection was cut (the client resumes them from its cursor).
   */
  public final LongAdder dropped = new LongAdder();

  /** Resumes by where the missed events came from, indexed by {@link Replay.Source#ordinal()}. */
  public final LongAdder[] replays = {
    new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()
  };

  private volatile Consumer<EncodedEvent> written = e -> {};

  /**
   * Several nodes: events from other nodes that arrived after later ids had left the hold window.
   */
  public final LongAdder late = new LongAdder();

  private volatile ReorderWindow window; // null without cluster mode: events leave at once

  /**
   * Several nodes: hold every event (local or from another node) for {@code hold}, then release in
   * id order, so subscribers and the ring see one order whatever node detected what. Holding from
   * the start; the lease rounds turn it off while this node is the only one live ({@link
   * #holdWhile}).
   */
  public void holdFor(io.vertx.core.Vertx vertx, Duration hold) {
    window = new ReorderWindow(vertx, hold, this::release, this::releaseLate);
  }

  /**
   * Cluster mode: hold while more than one node is live; off, what is held leaves first, in order.
   */
  public void holdWhile(boolean severalNodes) {
    ReorderWindow w = window;
    if (w != null) w.holding(severalNodes);
  }

  /**
   * True while events wait in the hold window (several live nodes); false alone or without cluster
   * mode.
   */
  public boolean holding() {
    ReorderWindow w = window;
    return w != null && w.holding();
  }

  /** An item detected on another node, read back from PostgreSQL. */
  public void fromOtherNode(Item item, boolean live) {
    if (live) enter(EncodedEvent.headline(item));
    else remember(EncodedEvent.history(item));
  }

  /**
   * An update or retract made on another node, under that node's cursor: it waits in the hold
   * window like everything else, and is not shown to {@link #onOriginated} observers, so it is
   * never relayed back.
   */
  public void relayed(EncodedEvent event) {
    if (event.type == EventType.STORY) announceHere(event);
    else enter(event);
  }

  /**
   * A story announcement: straight to the subscribers whose filter takes it, then to the other
   * nodes. Not kept in the ring nor held (it carries no SSE id, so no cursor waits on it).
   */
  public void announce(EncodedEvent story) {
    announceHere(story);
    for (Consumer<EncodedEvent> o : originated) o.accept(story);
  }

  private void announceHere(EncodedEvent story) {
    EventBatch batch = EventBatch.of(story);
    for (LoopFanOut loop : loops.values())
      loop.offer(
          LoopFanOut.each(
              s -> {
                if (!story.matches(s.filter())) return;
                try {
                  s.deliver(batch, batch.events());
                  delivered.increment();
                } catch (RuntimeException e) {
                  LOG.warn("delivery to a {} subscriber failed: {}", s.transport(), e.toString());
                }
              }));
  }

  /**
   * Observers of events published on this node (not those from other nodes), called on the
   * publishing thread before any hold window: several nodes relay their updates and retracts from
   * here, in time to be slotted in.
   */
  public void onOriginated(Consumer<EncodedEvent> observer) {
    originated.add(observer);
  }

  /**
   * Called once per event loop after a headline was written to that loop's matching sockets
   * (metrics).
   */
  public void onWritten(Consumer<EncodedEvent> observer) {
    this.written = observer;
  }

  public HeadlineHub(int ringSize, HistorySource history, int maxSubscribers, Duration retention) {
    this.ring = new RecentRing(ringSize);
    this.history = history;
    this.maxSubscribers = maxSubscribers;
    this.retention = retention;
  }

  public RecentRing ring() {
    return ring;
  }

  /** Adds a subscriber unless the cap is reached (the caller then answers 503). */
  public boolean tryRegister(Subscriber s) {
    if (count.incrementAndGet() > maxSubscribers) {
      count.decrementAndGet();
      return false;
    }
    byTransport.computeIfAbsent(s.transport(), k -> new AtomicInteger()).incrementAndGet();
    loops.computeIfAbsent(loopOf(s), LoopFanOut::new).subscribers().add(s);
    s.liveAfter(
        ring.newest()); // anything already in the ring reaches this subscriber by replay or not at
    // all
    return true;
  }

  /**
   * The event loop's own context: Vert.x gives every HTTP request a duplicate of it, so keyed by
   * the subscriber's context each stream would be a group of one, a task of its own per event.
   */
  private static Context loopOf(Subscriber s) {
    return ((ContextInternal) s.context()).unwrap();
  }

  public void unregister(Subscriber s) {
    LoopFanOut loop = loops.get(loopOf(s));
    Set<Subscriber> set = loop == null ? null : loop.subscribers();
    if (set != null && set.remove(s)) {
      count.decrementAndGet();
      byTransport.get(s.transport()).decrementAndGet();
    }
  }

  public int subscribers() {
    return count.get();
  }

  public int subscribers(String transport) {
    AtomicInteger n = byTransport.get(transport);
    return n == null ? 0 : n.get();
  }

  public int maxSubscribers() {
    return maxSubscribers;
  }

  /**
   * Observers of every event as it is fanned out, whatever node it started on (metrics,
   * moderation).
   */
  public void addListener(Consumer<EncodedEvent> listener) {
    listeners.add(listener);
  }

  /** Keeps a history item (first poll of an outlet) for backfill without pushing it to anyone. */
  public void remember(EncodedEvent event) {
    ReorderWindow w = window;
    if (w != null) w.offer(event);
    else ring.add(event);
  }

  public void publish(EncodedEvent event) {
    enter(event);
    for (Consumer<EncodedEvent> o : originated) o.accept(event);
  }

  private void enter(EncodedEvent event) {
    ReorderWindow w = window;
    if (w != null) w.offer(event);
    else release(event);
  }

  /**
   * Events found together (one poll), in cursor order: fanned out as one batch, one write per
   * connection.
   */
  public void publishAll(List<EncodedEvent> events) {
    if (events.isEmpty()) return;
    ReorderWindow w = window;
    if (events.size() == 1 || (w != null && !w.passBatch(events, this::releaseBatch))) {
      for (EncodedEvent e : events) publish(e);
      return;
    }
    if (w == null) releaseBatch(events);
    for (EncodedEvent e : events) for (Consumer<EncodedEvent> o : originated) o.accept(e);
  }

  private void releaseBatch(List<EncodedEvent> events) {
    List<EncodedEvent> live = new ArrayList<>(events.size());
    for (EncodedEvent e : events) {
      ring.add(e);
      if (!e.history) live.add(e);
    }
    if (!live.isEmpty()) fanOut(new EventBatch(live));
  }

  /**
   * A late event from another node: slotted into the ring in order and sent to every match without
   * an SSE id.
   */
  private void releaseLate(EncodedEvent event) {
    late.increment();
    ring.insert(event);
    if (!event.history) fanOut(EventBatch.of(event.late()));
  }

  private void release(EncodedEvent event) {
    ring.add(event);
    if (!event.history) fanOut(EventBatch.of(event));
  }

  private void fanOut(EventBatch batch) {
    for (LoopFanOut loop : loops.values()) loop.offer(new BatchPass(batch));
    for (EncodedEvent event : batch.events())
      for (Consumer<EncodedEvent> l : listeners) l.accept(event);
  }

  /** On one event loop: every subscriber of that loop gets what its filter takes of the batch. */
  private final class BatchPass implements LoopFanOut.Pass {
    private final EventBatch batch;
    private final List<EncodedEvent> events;
    private final int[] reached;
    private int n;

    BatchPass(EventBatch batch) {
      this.batch = batch;
      this.events = batch.events();
      this.reached = new int[events.size()];
    }

    @Override
    public void deliver(Subscriber s) {
      List<EncodedEvent> mine;
      try {
        mine = batch.matching(s.filter());
        if (mine.isEmpty()) return;
        s.deliver(batch, mine);
      } catch (
          RuntimeException e) { // one connection's failure must not keep the batch from the others
        LOG.warn("delivery to a {} subscriber failed: {}", s.transport(), e.toString());
        return;
      }
      n += mine.size();
      if (mine == events) {
        for (int i = 0; i < reached.length; i++) reached[i]++;
      } else { // mine keeps the batch's order: one walk, not an indexOf per event
        int j = 0;
        for (EncodedEvent e : mine) {
          while (events.get(j) != e) j++;
          reached[j++]++;
        }
      }
    }

    @Override
    public void done() {
      if (n == 0) return;
      delivered.add(n);
      for (int i = 0; i < reached.length; i++) if (reached[i] > 0) written.accept(events.get(i));
    }
  }

  /** Asks every connected client to come back later; used on graceful stop. */
  public Future<Void> closeAll() {
    ReorderWindow w = window;
    if (w != null) w.close(); // what is held goes out before clients are asked to come back
    List<Future<Void>> done = new ArrayList<>();
    for (Map.Entry<Context, LoopFanOut> group : loops.entrySet()) {
      io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
      group
          .getKey()
          .runOnContext(
              v -> {
                for (Subscriber s : new ArrayList<>(group.getValue().subscribers())) {
                  s.goAway();
                  unregister(s);
                }
                p.complete();
              });
      done.add(p.future());
    }
    return Future.join(done).mapEmpty();
  }

  /** What a subscriber with this cursor missed: from the ring, else the database, else a reset. */
  public Future<Replay> replay(long cursor, Filter filter) {
    return replayFrom(cursor, filter).onSuccess(r -> replays[r.source().ordinal()].increment());
  }

  private Future<Replay> replayFrom(long cursor, Filter filter) {
    long floor = ring.floor();
    if (cursor >= floor) {
      List<EncodedEvent> recent = ring.after(cursor, filter);
      return Future.succeededFuture(
          new Replay(recent, recent.isEmpty() ? Replay.Source.NONE : Replay.Source.MEMORY));
    }
    if (IdGenerator.timeOf(cursor).isBefore(Instant.now().minus(retention)))
      return Future.succeededFuture(Replay.reset());
    if (!filter.wants(EventType.HEADLINE)) // stored rows are headlines; story events are not kept
    return Future.succeededFuture(new Replay(List.of(), Replay.Source.NONE));
    return history
        .after(cursor, filter, MAX_REPLAY + 1)
        .map(
            items -> {
              if (items.size() > MAX_REPLAY) return Replay.reset();
              List<EncodedEvent> events = new ArrayList<>();
              for (Item i : items) if (i.id() <= floor) events.add(EncodedEvent.headline(i));
              events.addAll(ring.after(floor, filter));
              return new Replay(events, Replay.Source.DATABASE);
            });
  }

  /**
   * What a new stream starts with: what it missed after its cursor, else the latest {@code
   * backfill}, else nothing.
   */
  public Future<Replay> opening(Long cursor, int backfill, Filter filter) {
    if (cursor != null) return replay(cursor, filter);
    if (backfill > 0) return backfill(backfill, filter);
    return Future.succeededFuture(new Replay(List.of(), Replay.Source.NONE));
  }

  /**
   * The latest {@code n} matching headlines, oldest first: the ring, topped up from the database.
   */
  public Future<Replay> backfill(int n, Filter filter) {
    List<EncodedEvent> recent = ring.latestHeadlines(n, filter);
    if (recent.size() >= n || ring.floor() == 0 || !filter.wants(EventType.HEADLINE)) {
      return Future.succeededFuture(new Replay(recent, Replay.Source.MEMORY));
    }
    long below = ring.floor() + 1; // the whole ring was searched already
    return history
        .before(below, filter, n - recent.size())
        .map(
            older -> {
              List<EncodedEvent> out = new ArrayList<>();
              for (int i = older.size() - 1; i >= 0; i--)
                out.add(EncodedEvent.headline(older.get(i)));
              out.addAll(recent);
              return new Replay(out, Replay.Source.DATABASE);
            });
  }
}
