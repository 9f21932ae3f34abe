package ma.manchette.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;

/**
 * A fake outlet for the bench: an RSS feed on loopback keeping its 50 latest headlines, each title
 * ending with "@<epoch millis>" of its publication, so receivers on this machine can time it end to
 * end.
 */
public final class BenchOutlet {
  public static final String PATH = "/bench.xml";
  private final FakeOutlet outlet;
  private final List<FeedEntry> entries = new ArrayList<>();
  private int seq;
  private volatile int keep = 50;

  public BenchOutlet(Vertx vertx) {
    this.outlet = new FakeOutlet(vertx);
  }

  public Future<BenchOutlet> start() {
    return outlet
        .start()
        .map(
            o -> {
              outlet.set(PATH, List.of(entry())); // something for the first (history) poll
              return this;
            });
  }

  public String feedUrl() {
    return outlet.url(PATH);
  }

  /**
   * How many latest headlines the feed lists: more under a stress rate, so none drops out between
   * two polls.
   */
  public void keep(int entries) {
    this.keep = entries;
  }

  /** Publishes {@code count} new headlines at once. */
  public synchronized void publish(int count) {
    for (int i = 0; i < count; i++) entries.add(0, entry());
    while (entries.size() > keep) entries.remove(entries.size() - 1);
    outlet.set(PATH, entries);
  }

  private FeedEntry entry() {
    long now = System.currentTimeMillis();
    String guid = "bench-" + (++seq) + "-" + now;
    return new FeedEntry(
        guid,
        "Bench headline " + seq + " @" + now,
        "https://example.ma/bench/" + guid,
        "Résumé " + seq,
        Instant.ofEpochMilli(now));
  }

  public Future<Void> stop() {
    return outlet.stop();
  }
}
