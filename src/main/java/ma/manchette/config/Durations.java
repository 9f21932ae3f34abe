package ma.manchette.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the short durations used in conf/ files: "500ms", "15s", "5m", "2h". */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private Durations() {}

  public static Duration parse(String text) {
    if (text == null || text.isBlank()) return null;
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches())
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (use e.g. 500ms, 30s, 5m, 1h)");
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
