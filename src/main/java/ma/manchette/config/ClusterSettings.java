package ma.manchette.config;

import java.time.Duration;

/**
 * Several nodes on one PostgreSQL: outlets leased to one node at a time, new items crossing nodes
 * through LISTEN/NOTIFY, and a hold window that puts every node's stream in id order while more
 * than one node is live.
 *
 * @param enabled on whenever DATABASE_URL is set (a database others can share), or
 *     MANCHETTE_CLUSTER=1; off (embedded database, or MANCHETTE_CLUSTER=0), one node polls every
 *     outlet and nothing is held back
 * @param lease how long an outlet lease and a node's row last without renewal (renewed every third
 *     of it)
 * @param hold how long events wait, while several nodes are live, so that items detected elsewhere
 *     slot in
 * @param optedOut MANCHETTE_CLUSTER=0 on a shared database: warned about at start and whenever
 *     another node is live
 * @param nodeIdGiven MANCHETTE_NODE_ID was set; unset on a shared database, a free node id is
 *     claimed at start
 */
public record ClusterSettings(
    boolean enabled, Duration lease, Duration hold, boolean optedOut, boolean nodeIdGiven) {
  public static final ClusterSettings OFF =
      new ClusterSettings(false, Duration.ofSeconds(15), Duration.ofMillis(1_000), false, false);

  public ClusterSettings(boolean enabled, Duration lease, Duration hold) {
    this(enabled, lease, hold, false, true);
  }

  /**
   * MANCHETTE_CLUSTER: unset (null: decided by DATABASE_URL), 1/true, 0/false; anything else is
   * refused rather than guessed, since guessing wrong means double polling or a cluster nobody
   * asked for.
   */
  static Boolean parseFlag(String v) {
    if (v == null || v.isBlank()) return null;
    String s = v.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.equals("1") || s.equals("true")) return Boolean.TRUE;
    if (s.equals("0") || s.equals("false")) return Boolean.FALSE;
    throw new IllegalArgumentException(
        "MANCHETTE_CLUSTER must be 1, 0, true or false (unset: on whenever DATABASE_URL is set), not '"
            + v
            + "'");
  }
}
