package ma.manchette.support;

import java.util.List;

/**
 * Closes what a test opened, newest first, each one even when another fails (a crashed node is
 * already gone).
 */
public final class Closers {
  private Closers() {}

  public static void closeAll(List<AutoCloseable> opened) {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception ignored) {
        // best effort: the others still close
      }
    }
  }
}
