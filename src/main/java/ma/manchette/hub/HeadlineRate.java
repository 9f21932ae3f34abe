package ma.manchette.hub;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import ma.manchette.model.EventType;

/**
 * Headlines per minute (total and per outlet) over the last hour, and detection lag, for the
 * dashboard.
 */
public final class HeadlineRate implements Consumer<EncodedEvent> {
  private static final int MINUTES = 60;
  private static final int LAG_SAMPLES = 1_000;

  private record Minute(Instant start, Map<String, Integer> byOutlet) {}

  private final ArrayDeque<Minute> minutes = new ArrayDeque<>();
  private final long[] lags = new long[LAG_SAMPLES];
  private int lagCount;
  private int lagNext;

  @Override
  public synchronized void accept(EncodedEvent e) {
    if (e.type != EventType.HEADLINE) return;
    Instant now = Instant.now();
    Instant start = now.truncatedTo(ChronoUnit.MINUTES);
    if (minutes.isEmpty() || !minutes.peekLast().start.equals(start)) {
      minutes.addLast(new Minute(start, new HashMap<>()));
      while (minutes.size() > MINUTES) minutes.pollFirst();
    }
    minutes.peekLast().byOutlet.merge(e.item.outlet(), 1, Integer::sum);
    if (e.item.publishedAt() != null) {
      long lag = Duration.between(e.item.publishedAt(), e.item.detectedAt()).toMillis();
      if (lag >= 0 && lag < 86_400_000L) {
        lags[lagNext] = lag;
        lagNext = (lagNext + 1) % LAG_SAMPLES;
        lagCount = Math.min(lagCount + 1, LAG_SAMPLES);
      }
    }
  }

  public synchronized JsonArray perMinute() {
    JsonArray arr = new JsonArray();
    Instant cutoff = Instant.now().minus(Duration.ofMinutes(MINUTES));
    for (Minute m : minutes) {
      if (m.start.isBefore(cutoff)) continue;
      int total = m.byOutlet.values().stream().mapToInt(Integer::intValue).sum();
      arr.add(
          new JsonObject()
              .put("minute", m.start.toString())
              .put("total", total)
              .put("byOutlet", new JsonObject(new HashMap<>(m.byOutlet))));
    }
    return arr;
  }

  /** Published → detected, over the last {@value #LAG_SAMPLES} dated headlines. */
  public synchronized JsonObject lag() {
    if (lagCount == 0) return new JsonObject().put("p50", null).put("p99", null).put("samples", 0);
    long[] copy = Arrays.copyOf(lags, lagCount);
    Arrays.sort(copy);
    return new JsonObject()
        .put("p50", copy[(int) (copy.length * 0.50)])
        .put("p99", copy[Math.min(copy.length - 1, (int) (copy.length * 0.99))])
        .put("samples", lagCount);
  }
}
