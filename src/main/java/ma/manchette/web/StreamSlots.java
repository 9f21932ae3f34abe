package ma.manchette.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open streams per address and per API key, so one client cannot take the whole subscriber budget.
 */
public final class StreamSlots {
  private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

  public boolean tryAcquire(String key, int max) {
    AtomicInteger n = open.computeIfAbsent(key, k -> new AtomicInteger());
    if (n.incrementAndGet() > max) {
      n.decrementAndGet();
      return false;
    }
    return true;
  }

  public void release(String key) {
    open.computeIfPresent(key, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
  }

  public int open(String key) {
    AtomicInteger n = open.get(key);
    return n == null ? 0 : n.get();
  }
}
