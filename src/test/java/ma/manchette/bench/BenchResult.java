package ma.manchette.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one or several load generators saw: connections, and per headline who got it and how late.
 */
public final class BenchResult {
  public final AtomicInteger connected = new AtomicInteger();
  public final AtomicInteger refused = new AtomicInteger();
  public final AtomicInteger refusedWithRetryAfter = new AtomicInteger();
  public final AtomicInteger failed = new AtomicInteger();
  public final AtomicInteger lost = new AtomicInteger();
  private volatile String firstError;

  /** Per headline id: detectedAt, publishedAt (or -1), deliveries, latest receipt. */
  private final Map<String, long[]> items = new LinkedHashMap<>();

  private int[] fanout = new int[1024];
  private int[] endToEnd = new int[1024];
  private long[] detectedOf = new long[1024];
  private int n;

  synchronized void record(String id, long detected, long published, long receivedAt) {
    long[] s = items.computeIfAbsent(id, k -> new long[] {detected, published, 0, 0});
    s[2]++;
    s[3] = Math.max(s[3], receivedAt);
    if (n == fanout.length) {
      fanout = Arrays.copyOf(fanout, n * 2);
      endToEnd = Arrays.copyOf(endToEnd, n * 2);
      detectedOf = Arrays.copyOf(detectedOf, n * 2);
    }
    detectedOf[n] = detected;
    fanout[n] = (int) (receivedAt - detected);
    endToEnd[n] = published < 0 ? -1 : (int) (receivedAt - published);
    n++;
  }

  void noteError(Throwable e) {
    if (firstError == null) firstError = String.valueOf(e);
  }

  public synchronized Map<String, long[]> items() {
    return new LinkedHashMap<>(items);
  }

  public synchronized int[] fanoutMs() {
    return Arrays.copyOf(fanout, n);
  }

  /** Latencies of the deliveries of headlines detected within [from, to]. */
  public synchronized int[] fanoutMs(long from, long to) {
    return java.util.stream.IntStream.range(0, n)
        .filter(i -> detectedOf[i] >= from && detectedOf[i] <= to)
        .map(i -> fanout[i])
        .toArray();
  }

  /**
   * Publication-to-receipt latencies of the deliveries of headlines published within [from, to].
   */
  public synchronized int[] endToEndMs(long from, long to) {
    return java.util.stream.IntStream.range(0, n)
        .filter(i -> endToEnd[i] >= 0)
        .filter(
            i -> {
              long published = detectedOf[i] + fanout[i] - endToEnd[i];
              return published >= from && published <= to;
            })
        .map(i -> endToEnd[i])
        .toArray();
  }

  public synchronized int[] endToEndMs() {
    return Arrays.stream(endToEnd, 0, n).filter(v -> v >= 0).toArray();
  }

  public String firstError() {
    return firstError;
  }

  public synchronized JsonObject toJson() {
    JsonObject it = new JsonObject();
    items.forEach((id, s) -> it.put(id, new JsonArray().add(s[0]).add(s[1]).add(s[2]).add(s[3])));
    return new JsonObject()
        .put("connected", connected.get())
        .put("refused", refused.get())
        .put("refusedWithRetryAfter", refusedWithRetryAfter.get())
        .put("failed", failed.get())
        .put("lost", lost.get())
        .put("firstError", firstError)
        .put("items", it)
        .put("fanout", new JsonArray(Arrays.stream(fanout, 0, n).boxed().toList()))
        .put("endToEnd", new JsonArray(Arrays.stream(endToEnd, 0, n).boxed().toList()))
        .put("detected", new JsonArray(Arrays.stream(detectedOf, 0, n).boxed().toList()));
  }

  /** Adds another generator's result (read back from its file) into this one. */
  public synchronized void merge(JsonObject o) {
    connected.addAndGet(o.getInteger("connected"));
    refused.addAndGet(o.getInteger("refused"));
    refusedWithRetryAfter.addAndGet(o.getInteger("refusedWithRetryAfter"));
    failed.addAndGet(o.getInteger("failed"));
    lost.addAndGet(o.getInteger("lost"));
    if (firstError == null) firstError = o.getString("firstError");
    o.getJsonObject("items")
        .forEach(
            e -> {
              JsonArray a = (JsonArray) e.getValue();
              long[] s =
                  items.computeIfAbsent(
                      e.getKey(), k -> new long[] {a.getLong(0), a.getLong(1), 0, 0});
              s[2] += a.getLong(2);
              s[3] = Math.max(s[3], a.getLong(3));
            });
    JsonArray f = o.getJsonArray("fanout");
    JsonArray e2e = o.getJsonArray("endToEnd");
    JsonArray d = o.getJsonArray("detected");
    for (int i = 0; i < f.size(); i++) {
      if (n == fanout.length) {
        fanout = Arrays.copyOf(fanout, n * 2);
        endToEnd = Arrays.copyOf(endToEnd, n * 2);
        detectedOf = Arrays.copyOf(detectedOf, n * 2);
      }
      detectedOf[n] = d.getLong(i);
      fanout[n] = f.getInteger(i);
      endToEnd[n] = e2e.getInteger(i);
      n++;
    }
  }

  /** The q-th percentile (0..100) of values, or -1 when there are none. */
  public static int percentile(int[] values, double q) {
    if (values.length == 0) return -1;
    int[] v = values.clone();
    Arrays.sort(v);
    int i = (int) Math.ceil(q / 100.0 * v.length) - 1;
    return v[Math.max(0, Math.min(v.length - 1, i))];
  }
}
