package ma.manchette.config;

import java.time.Duration;
import java.util.List;

/** One outlet as configured: where to read it and how often. */
public record OutletConfig(
    String id,
    String name,
    String homepage,
    String lang,
    String section,
    String region,
    Duration interval,
    Duration minInterval,
    Duration maxInterval,
    List<String> feeds,
    ScrapeRule scrape,
    boolean enabled,
    String disabledReason) {

  public OutletConfig {
    feeds = feeds == null ? List.of() : List.copyOf(feeds);
    if (interval == null) interval = Duration.ofSeconds(120);
    if (minInterval == null) minInterval = interval.dividedBy(4);
    if (maxInterval == null) maxInterval = interval.multipliedBy(5);
  }

  /** The URLs polled for this outlet: its feeds, or the page of its scrape rule. */
  public List<String> sources() {
    return scrape != null ? List.of(scrape.url()) : feeds;
  }
}
