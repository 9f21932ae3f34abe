package ma.manchette.config;

import java.time.Duration;
import java.util.Map;

/**
 * When a story is pushed as breaking: {@code outlets} different outlets within {@code window}
 * (MANCHETTE_BREAKING_OUTLETS, MANCHETTE_BREAKING_WINDOW).
 */
public record BreakingSettings(int outlets, Duration window) {
  public static final BreakingSettings DEFAULT = new BreakingSettings(3, Duration.ofMinutes(30));

  /** The grouper forgets headlines after 48 h: a wider window could never be met. */
  private static final Duration MAX_WINDOW = Duration.ofHours(48);

  static BreakingSettings fromEnvironment(Map<String, String> env) {
    String n = env.get("MANCHETTE_BREAKING_OUTLETS");
    String w = env.get("MANCHETTE_BREAKING_WINDOW");
    int outlets = DEFAULT.outlets;
    if (n != null && !n.isBlank()) {
      try {
        outlets = Integer.parseInt(n.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "MANCHETTE_BREAKING_OUTLETS must be a whole number, not '" + n + "'");
      }
    }
    Duration window = DEFAULT.window;
    if (w != null && !w.isBlank()) {
      try {
        window = Durations.parse(w);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("MANCHETTE_BREAKING_WINDOW: " + e.getMessage());
      }
    }
    return new BreakingSettings(outlets, window);
  }

  void validate() {
    if (outlets < 2 || outlets > 1000)
      throw new IllegalArgumentException(
          "MANCHETTE_BREAKING_OUTLETS must be 2-1000 (a story needs two outlets)");
    if (window.isZero() || window.compareTo(MAX_WINDOW) > 0)
      throw new IllegalArgumentException("MANCHETTE_BREAKING_WINDOW must be 1ms-48h, e.g. 30m");
  }
}
