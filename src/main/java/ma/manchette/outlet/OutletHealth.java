package ma.manchette.outlet;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;

/** What the dashboard shows of one outlet. Written on the ingest context, read anywhere. */
public final class OutletHealth {
  private volatile Instant lastPollAt;
  private volatile Instant lastNewItemAt;
  private volatile String lastStatus;
  private volatile String lastError;
  private volatile int consecutiveFailures;
  private volatile Instant nextPollAt;
  private volatile long polls;
  private volatile long unparsedPolls; // 304 or identical body: no parsing spent
  private volatile Integer undatedItems; // of the last parsed poll: shown on the detection time
  private int undatedThisPoll = -1; // ingest context only; -1 until a body of this poll is parsed
  private final ArrayDeque<Instant> recent = new ArrayDeque<>();
  private long warmCount;
  private Instant warmUntil = Instant.EPOCH;

  public synchronized void warm(long itemsLast24h, Instant lastNew) {
    this.warmCount = itemsLast24h;
    this.warmUntil = Instant.now();
    this.lastNewItemAt = lastNew;
  }

  /** Ingest context: one parsed body of the poll under way had {@code n} entries without a date. */
  public void undated(int n) {
    undatedThisPoll = Math.max(undatedThisPoll, 0) + n;
  }

  public void polled(String status, String error, boolean cheap) {
    lastPollAt = Instant.now();
    if (undatedThisPoll >= 0) undatedItems = undatedThisPoll;
    undatedThisPoll = -1;
    lastStatus = status;
    lastError = error;
    polls++;
    if (cheap) unparsedPolls++;
    consecutiveFailures = error == null ? 0 : consecutiveFailures + 1;
  }

  public synchronized void newItems(int n) {
    if (n <= 0) return;
    Instant now = Instant.now();
    lastNewItemAt = now;
    for (int i = 0; i < n; i++) recent.add(now);
  }

  public void nextPollAt(Instant at) {
    nextPollAt = at;
  }

  /**
   * When this node next polls the outlet; null when it does not poll it (paused, or leased to
   * another node).
   */
  public Instant nextPollAt() {
    return nextPollAt;
  }

  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  public String lastStatus() {
    return lastStatus;
  }

  public String lastError() {
    return lastError;
  }

  public long polls() {
    return polls;
  }

  public long unparsedPolls() {
    return unparsedPolls;
  }

  /**
   * Entries of the last parsed poll with no readable date (given the detection time); null before
   * any.
   */
  public Integer undatedItems() {
    return undatedItems;
  }

  public synchronized long itemsLast24h() {
    Instant cutoff = Instant.now().minusSeconds(86_400);
    while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) recent.pollFirst();
    // the warm-up count ages out a day after start; a close enough approximation for a dashboard
    long warm = warmUntil.isAfter(cutoff) ? warmCount : 0;
    return warm + recent.size();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("lastPollAt", str(lastPollAt))
        .put("lastNewItemAt", str(lastNewItemAt))
        .put("lastStatus", lastStatus)
        .put("lastError", lastError)
        .put("consecutiveFailures", consecutiveFailures)
        .put("nextPollAt", str(nextPollAt))
        .put("itemsLast24h", itemsLast24h())
        // politeness made visible: polls since start, and how many cost no parse (304 or an
        // identical body)
        .put("polls", polls)
        .put("unparsedPolls", unparsedPolls)
        .put("undatedItems", undatedItems);
  }

  private static String str(Instant i) {
    return i == null ? null : i.toString();
  }
}
