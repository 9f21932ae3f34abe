package ma.manchette.outlet;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import ma.manchette.config.OutletConfig;

/**
 * When to poll next. Success: adapt within [min, max] — halve the interval when new items came,
 * stretch it by a quarter when nothing did. Failure: exponential backoff capped at max, never
 * giving up. A server's Retry-After wins and is never undercut by jitter. Every delay gets ±10 %
 * jitter so outlets do not poll in lockstep.
 */
public final class PollDelay {
  private PollDelay() {}

  public static Duration afterSuccess(OutletConfig c, Duration current, int newItems) {
    Duration next = newItems > 0 ? current.dividedBy(2) : current.plus(current.dividedBy(4));
    return clamp(next, c.minInterval(), c.maxInterval());
  }

  /**
   * A poll left for later because the write buffer was full: back soon, as the buffer drains in
   * seconds.
   */
  static final Duration AFTER_DEFERRAL = Duration.ofSeconds(5);

  /**
   * The write buffer was full: the next poll comes within seconds, not after a whole interval
   * (which may be an hour).
   */
  public static Duration afterDeferral(Duration current) {
    return current.compareTo(AFTER_DEFERRAL) < 0 ? current : AFTER_DEFERRAL;
  }

  public static Duration afterFailure(
      OutletConfig c, int consecutiveFailures, Duration retryAfter) {
    if (retryAfter != null) return clamp(retryAfter, c.minInterval(), Duration.ofHours(6));
    long factor = 1L << Math.min(consecutiveFailures - 1, 6);
    return clamp(c.interval().multipliedBy(factor), c.minInterval(), c.maxInterval());
  }

  public static Duration jitter(Duration d) {
    long ms = d.toMillis();
    long spread = ms / 10;
    return Duration.ofMillis(
        Math.max(100, ms - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1)));
  }

  /**
   * Jitter that only ever adds (up to 10 %): a server's Retry-After is a floor, not a suggestion.
   */
  public static Duration jitterUp(Duration d) {
    long ms = d.toMillis();
    return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(ms / 10 + 1));
  }

  private static Duration clamp(Duration d, Duration min, Duration max) {
    if (d.compareTo(min) < 0) return min;
    return d.compareTo(max) > 0 ? max : d;
  }
}
