package ma.manchette.hub;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import ma.manchette.model.Filter;

/**
 * The delivery rules shared by SSE and WebSocket connections: live events wait while the replay
 * runs; nothing is sent twice or out of order (cursor check); a connection whose socket stays full
 * is closed so that it resumes from its cursor instead of slowing anyone else. All methods run on
 * {@link #context()}.
 */
public abstract class StreamSubscriber implements Subscriber {
  private static final int MAX_PENDING = 10_000;
  private static final int MAX_BACKLOG = 512;
  private static final long STALL_LIMIT_MS = 10_000;
  private static final int MAX_UNFLUSHED_BYTES = 256 * 1024;

  protected final Context context;
  private final Filter filter;
  private final SlowClientListener slowListener;
  private long lastSent;
  private long liveFloor = -1;
  private List<EncodedEvent> pending = new ArrayList<>();
  private ArrayDeque<EncodedEvent> backlog;
  private long stallTimer = -1;
  private long unflushed;
  protected boolean closed;

  /** Told when a connection is cut for not reading, for logs and metrics. */
  public interface SlowClientListener {
    void slowClientClosed(StreamSubscriber subscriber);
  }

  protected StreamSubscriber(
      Context context, Filter filter, long cursor, SlowClientListener slowListener) {
    this.context = context;
    this.filter = filter;
    this.lastSent = cursor;
    this.slowListener = slowListener;
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public Filter filter() {
    return filter;
  }

  public long lastSent() {
    return lastSent;
  }

  @Override
  public final void liveAfter(long cursor) {
    liveFloor = cursor;
  }

  @Override
  public final void deliver(EventBatch batch, List<EncodedEvent> matching) {
    if (closed) return;
    if (pending != null) {
      for (EncodedEvent event : matching) {
        if (event.cursor <= liveFloor) continue;
        if (pending.size() >= MAX_PENDING) {
          cutOff("too many live events during replay");
          return;
        }
        pending.add(event);
      }
      return;
    }
    List<EncodedEvent> fresh = EventBatch.keep(matching, e -> e.cursor > liveFloor && advance(e));
    if (fresh.isEmpty()) return;
    if (backlog != null) {
      for (EncodedEvent e : fresh) queue(e);
      return;
    }
    if (fresh.size() == batch.size()) { // the shared buffer: one write for the whole batch
      track(writeAll(batch), batch.sse().length());
    } else {
      for (EncodedEvent e : fresh) track(write(e), e.sse.length());
    }
    if (full()) stall();
  }

  /** Sends what was missed, then whatever arrived meanwhile, then goes live. */
  public final void finishReplay(Replay replay) {
    if (closed) return;
    if (replay.source() == Replay.Source.RESET) writeReset();
    for (EncodedEvent e : replay.events()) send(e);
    List<EncodedEvent> waiting = pending;
    pending = null;
    for (EncodedEvent e : waiting) send(e);
  }

  private void send(EncodedEvent e) {
    if (closed || !advance(e)) return;
    if (backlog != null) {
      queue(e);
      return;
    }
    track(write(e), e.sse.length());
    if (full()) stall();
  }

  /** Moves the cursor past this event; false when it was sent already. */
  private boolean advance(EncodedEvent e) {
    if (e.late)
      return true; // from another node, after later ids: never sent here before; the cursor stays
    // where it is
    if (e.cursor <= lastSent) return false;
    lastSent = e.cursor;
    return true;
  }

  private void queue(EncodedEvent e) {
    if (closed) return;
    if (backlog.size() >= MAX_BACKLOG) {
      cutOff("send queue full");
      return;
    }
    backlog.add(e);
  }

  /**
   * Counts bytes handed to the connection until the socket takes them. Vert.x's writeQueueFull
   * counts messages, so a few large batch writes would never look full: the byte count is what
   * bounds a non-reading client.
   */
  private void track(Future<Void> written, int bytes) {
    unflushed += bytes;
    written.onComplete(
        ar -> {
          unflushed -= bytes;
          if (backlog != null && unflushed <= MAX_UNFLUSHED_BYTES / 2 && !writeQueueFull())
            drained();
        });
  }

  private boolean full() {
    return unflushed > MAX_UNFLUSHED_BYTES || writeQueueFull();
  }

  private void stall() {
    if (backlog == null)
      backlog =
          new ArrayDeque<>(); // a drain that filled the socket again keeps what is still queued
    stallTimer =
        context
            .owner()
            .setTimer(
                STALL_LIMIT_MS,
                t -> {
                  stallTimer = -1;
                  cutOff("not reading for " + STALL_LIMIT_MS / 1000 + " s");
                });
    onDrain(this::drained);
  }

  private void drained() {
    if (closed || backlog == null) return;
    if (stallTimer >= 0) context.owner().cancelTimer(stallTimer);
    stallTimer = -1;
    ArrayDeque<EncodedEvent> queued = backlog;
    backlog = null;
    while (!queued.isEmpty()) {
      EncodedEvent e = queued.poll();
      track(write(e), e.sse.length());
      if (full()) {
        backlog = queued;
        stall();
        return;
      }
    }
  }

  private int discarded;

  /**
   * Events thrown away when this connection was cut off (the one that did not fit, plus any
   * queued).
   */
  public int discarded() {
    return discarded;
  }

  private void cutOff(String reason) {
    if (closed) return;
    discarded = 1 + (backlog == null ? 0 : backlog.size()) + (pending == null ? 0 : pending.size());
    if (stallTimer >= 0) context.owner().cancelTimer(stallTimer);
    slowListener.slowClientClosed(this);
    closeSlow(reason);
    markClosed();
  }

  /** Called by the endpoint when the connection ends, whatever the reason. */
  public void markClosed() {
    closed = true;
    backlog = null;
    pending = null;
    if (stallTimer >= 0) context.owner().cancelTimer(stallTimer);
    stallTimer = -1;
  }

  /** Completes once the socket has taken the bytes. */
  protected abstract Future<Void> write(EncodedEvent event);

  /** Every event of the batch, in order; SSE sends the batch's shared buffer in one write. */
  protected Future<Void> writeAll(EventBatch batch) {
    Future<Void> last = Future.succeededFuture();
    for (EncodedEvent e : batch.events()) last = write(e);
    return last;
  }

  protected abstract boolean writeQueueFull();

  protected abstract void onDrain(Runnable drained);

  protected abstract void writeReset();

  protected abstract void closeSlow(String reason);

  protected abstract void closeForRestart();

  @Override
  public final void goAway() {
    if (closed) return;
    closeForRestart();
    markClosed();
  }
}
