package ma.manchette.model;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Time-ordered 63-bit ids: 41 bits of milliseconds since 2024-01-01, 10 bits of node number, 12
 * bits of sequence. Several nodes never clash; comparing ids compares detection times.
 */
public final class IdGenerator {
  public static final long EPOCH_MS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
  private static final int NODE_BITS = 10;
  private static final int SEQ_BITS = 12;
  private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;

  private final long node;
  private final LongSupplier clock;
  private long lastMs = -1;
  private long seq;

  public IdGenerator(int nodeId) {
    this(nodeId, System::currentTimeMillis);
  }

  /**
   * {@code clock}: epoch milliseconds; tests pass their own so that time passes without sleeping.
   */
  public IdGenerator(int nodeId, LongSupplier clock) {
    if (nodeId < 0 || nodeId >= (1 << NODE_BITS))
      throw new IllegalArgumentException("node id must be 0-1023");
    this.node = nodeId;
    this.clock = clock;
  }

  /**
   * Never hands out an id at or below {@code floor} (the newest id already stored), even if the
   * clock went back.
   */
  public synchronized void advancePast(long floor) {
    long ms = (floor >>> (NODE_BITS + SEQ_BITS)) + EPOCH_MS;
    if (ms >= lastMs) {
      lastMs = ms;
      seq = SEQ_MASK; // the next call moves to the following millisecond
    }
  }

  public synchronized long next() {
    long now = Math.max(clock.getAsLong(), lastMs);
    if (now == lastMs) {
      seq = (seq + 1) & SEQ_MASK;
      if (seq == 0) now = lastMs + 1; // 4096 ids in one ms: borrow the next ms rather than spin
    } else {
      seq = 0;
    }
    lastMs = now;
    return ((now - EPOCH_MS) << (NODE_BITS + SEQ_BITS)) | (node << SEQ_BITS) | seq;
  }

  /** The smallest id that could have been made at {@code t}: turns a "since" time into a cursor. */
  public static long floorOf(Instant t) {
    long ms = Math.max(0, t.toEpochMilli() - EPOCH_MS);
    return ms << (NODE_BITS + SEQ_BITS);
  }

  /** The node that made {@code id} (several nodes: tells this node's events from relayed ones). */
  public static int nodeOf(long id) {
    return (int) ((id >>> SEQ_BITS) & ((1L << NODE_BITS) - 1));
  }

  public static Instant timeOf(long id) {
    return Instant.ofEpochMilli((id >>> (NODE_BITS + SEQ_BITS)) + EPOCH_MS);
  }
}
