package ma.manchette.web;

import java.time.Duration;
import ma.manchette.model.InvalidParameter;

/** The periods the scoops table covers; anything else is a 400 naming the parameter. */
enum ScoopWindow {
  DAY("24h", Duration.ofHours(24)),
  WEEK("7d", Duration.ofDays(7));

  private final String label;
  private final Duration span;

  ScoopWindow(String label, Duration span) {
    this.label = label;
    this.span = span;
  }

  String label() {
    return label;
  }

  Duration span() {
    return span;
  }

  /** Absent is the last 24 h. */
  static ScoopWindow parse(String raw) {
    if (raw == null || raw.isBlank()) return DAY;
    for (ScoopWindow w : values()) if (w.label.equals(raw)) return w;
    throw new InvalidParameter("window", "window must be 24h or 7d");
  }
}
