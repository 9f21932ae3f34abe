package ma.manchette.fetch;

import io.vertx.core.Future;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Fetches to one host:port take turns, at most {@code perHost} at a time, first come first served;
 * the others wait here without limit. Without it a site with hundreds of section feeds overflowed
 * the HTTP client's wait queue and polls failed with ConnectionPoolTooBusyException. Each host has
 * its own line, so a slow host never delays another.
 */
final class HostTurns {
  private final int perHost;
  private final Map<String, Line> lines = new HashMap<>(); // guarded by this

  private static final class Line {
    int running;
    final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  }

  HostTurns(int perHost) {
    this.perHost = perHost;
  }

  /** host:port of an http(s) URL, lower-cased, with the scheme's default port made explicit. */
  static String keyOf(String url) {
    try {
      URI u = URI.create(url);
      String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
      int port =
          u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
      return host + ":" + port;
    } catch (RuntimeException e) {
      return url; // the fetch itself reports the bad URL
    }
  }

  /** Runs {@code task} when its host has a free turn; the turn ends when the task's future does. */
  <T> Future<T> run(String key, Supplier<Future<T>> task) {
    io.vertx.core.Promise<T> result = io.vertx.core.Promise.promise();
    Runnable start =
        () -> {
          Future<T> f;
          try {
            f = task.get();
          } catch (RuntimeException e) {
            f = Future.failedFuture(e);
          }
          f.onComplete(
              ar -> {
                release(key);
                result.handle(ar);
              });
        };
    boolean now;
    synchronized (this) {
      Line line = lines.computeIfAbsent(key, k -> new Line());
      now = line.running < perHost;
      if (now) line.running++;
      else line.waiting.add(start);
    }
    if (now) start.run();
    return result.future();
  }

  /** How many fetches wait for a turn on this host (for tests and metrics). */
  synchronized int waiting(String key) {
    Line line = lines.get(key);
    return line == null ? 0 : line.waiting.size();
  }

  private void release(String key) {
    Runnable next;
    synchronized (this) {
      Line line = lines.get(key);
      next = line.waiting.poll();
      if (next == null) {
        line.running--;
        if (line.running == 0) lines.remove(key); // no map entry left behind per host ever seen
      }
    }
    if (next != null) handOver(next); // the turn just given back is its: running is unchanged
  }

  /**
   * Starts the next waiter, in a loop rather than nested when tasks end at once (a failure before
   * any I/O), so a long line never grows the stack.
   */
  private static void handOver(Runnable next) {
    ArrayDeque<Runnable> pending = HANDOVERS.get();
    if (pending != null) {
      pending.add(next);
      return;
    }
    pending = new ArrayDeque<>();
    HANDOVERS.set(pending);
    try {
      for (Runnable r = next; r != null; r = pending.poll()) r.run();
    } finally {
      HANDOVERS.remove();
    }
  }

  private static final ThreadLocal<ArrayDeque<Runnable>> HANDOVERS = new ThreadLocal<>();
}
