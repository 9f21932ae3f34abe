package ma.manchette.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key (an address or an API key): {@code perMinute} requests a minute, bursts up
 * to the same number. Safe from every event loop; idle full buckets are dropped so memory follows
 * active clients.
 */
public final class RateLimiter {
  private static final int SWEEP_AT = 50_000;

  private static final class Bucket {
    double tokens;
    long lastNanos;
    final int perMinute;

    Bucket(int perMinute, long now) {
      this.perMinute = perMinute;
      this.tokens = perMinute;
      this.lastNanos = now;
    }
  }

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** Takes one token; returns 0 if allowed, else the seconds to wait for the next one. */
  public long acquire(String key, int perMinute) {
    long now = System.nanoTime();
    if (buckets.size() > SWEEP_AT) sweep(now);
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now));
    synchronized (b) {
      double refill = (now - b.lastNanos) / 60e9 * b.perMinute;
      b.tokens = Math.min(b.perMinute, b.tokens + refill);
      b.lastNanos = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) * 60.0 / b.perMinute));
    }
  }

  private void sweep(long now) {
    buckets
        .entrySet()
        .removeIf(
            e -> {
              Bucket b = e.getValue();
              synchronized (b) {
                return b.tokens + (now - b.lastNanos) / 60e9 * b.perMinute >= b.perMinute;
              }
            });
  }
}
