package ma.manchette.config;

import java.time.Duration;

/**
 * Several nodes on one PostgreSQL: outlets leased to one node at a time, new items crossing nodes through
 * LISTEN/NOTIFY, and a hold window that puts every node's stream in id order.
 *
 * @param enabled MANCHETTE_CLUSTER=1; off, one node polls every outlet and nothing is held back
 * @param lease how long an outlet lease lasts without renewal (renewed every third of it)
 * @param hold how long events wait so that items detected on other nodes slot in before them
 */
public record ClusterSettings(boolean enabled, Duration lease, Duration hold) {
  public static final ClusterSettings OFF = new ClusterSettings(false, Duration.ofSeconds(15), Duration.ofMillis(1_000));
}
