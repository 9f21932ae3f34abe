package ma.manchette.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's row in {@code cluster_nodes}: its node id (the one in every id it hands out and in
 * every lease it owns) under a random token, renewed every third of a lease period. Two live
 * processes never share a node id: a given MANCHETTE_NODE_ID that another live process renews is a
 * start-up error, and without one the lowest id no live node uses is claimed.
 */
public final class ClusterNodes {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNodes.class);
  private static final int MAX_NODE = 1023;

  private final Vertx vertx;
  private final Pool pool;
  private final long leaseMs;
  private final String token = UUID.randomUUID().toString();
  private int node = -1;
  private long timer = -1;
  private volatile boolean stopped;
  private boolean warnedTaken;

  public ClusterNodes(Vertx vertx, Pool pool, Duration lease) {
    this.vertx = vertx;
    this.pool = pool;
    this.leaseMs = lease.toMillis();
  }

  public int node() {
    return node;
  }

  /**
   * Registers under {@code given} (MANCHETTE_NODE_ID) or, when null, under a free id; then renews
   * until stopped.
   */
  public Future<Integer> join(Integer given) {
    Future<Integer> claimed = given != null ? claimGiven(given) : claimFree(0);
    return claimed.onSuccess(
        n -> {
          node = n;
          if (given == null)
            LOG.info(
                "cluster: MANCHETTE_NODE_ID unset, claimed node id {} (the lowest no live node uses)",
                n);
          timer = vertx.setPeriodic(Math.max(200, leaseMs / 3), t -> renew());
        });
  }

  /**
   * Inserts our row, or takes over one whose node stopped renewing; null when another live process
   * holds the id.
   */
  private Future<Integer> tryClaim(int id) {
    return pool.preparedQuery(
            "INSERT INTO cluster_nodes (node_id, seen_until, token) VALUES ($1, now() + $2 * interval '1 millisecond', $3) "
                + "ON CONFLICT (node_id) DO UPDATE SET seen_until = excluded.seen_until, token = excluded.token, started_at = now() "
                + "WHERE cluster_nodes.seen_until <= now() OR cluster_nodes.token = excluded.token RETURNING node_id")
        .execute(Tuple.of(id, leaseMs, token))
        .map(rows -> rows.size() == 1 ? id : null);
  }

  private Future<Integer> claimFree(int attempt) {
    if (attempt >= 20)
      return Future.failedFuture(
          new IllegalStateException("could not claim a free node id in cluster_nodes"));
    return pool.preparedQuery(
            "SELECT min(n) FROM generate_series(0, $1) n WHERE n NOT IN "
                + "(SELECT node_id FROM cluster_nodes WHERE seen_until > now())")
        .execute(Tuple.of(MAX_NODE))
        .compose(
            rows -> {
              Integer free = rows.iterator().next().getInteger(0);
              if (free == null)
                return Future.failedFuture(
                    new IllegalStateException("all node ids 0-1023 are in use by live nodes"));
              // another node starting at the same moment may win this id: then take the next free
              // one
              return tryClaim(free)
                  .compose(n -> n != null ? Future.succeededFuture(n) : claimFree(attempt + 1));
            });
  }

  /**
   * A row under our id that is still live belongs to a crashed predecessor (it expires within one
   * lease period) or to a live twin (it is renewed within a third of one): wait and see which, for
   * at most one period.
   */
  private Future<Integer> claimGiven(int id) {
    return tryClaim(id)
        .compose(
            n -> {
              if (n != null) return Future.succeededFuture(n);
              return seenUntil(id)
                  .compose(
                      first -> {
                        LOG.info(
                            "cluster: node id {} has a live row in cluster_nodes; waiting up to {} ms to see whether it is renewed",
                            id,
                            leaseMs);
                        Promise<Integer> p = Promise.promise();
                        waitForTwin(
                            id, first, System.nanoTime() + (leaseMs + 1_000) * 1_000_000L, p);
                        return p.future();
                      });
            });
  }

  private void waitForTwin(int id, Long first, long deadline, Promise<Integer> p) {
    vertx.setTimer(
        Math.max(100, Math.min(500, leaseMs / 6)),
        t ->
            tryClaim(id)
                .compose(
                    n -> {
                      if (n != null) {
                        LOG.info(
                            "cluster: the previous holder of node id {} stopped renewing; taken over",
                            id);
                        p.complete(n);
                        return Future.succeededFuture();
                      }
                      return seenUntil(id)
                          .map(
                              now -> {
                                if (now != null && !now.equals(first)
                                    || System.nanoTime() > deadline) {
                                  p.fail(
                                      new IllegalStateException(
                                          "MANCHETTE_NODE_ID="
                                              + id
                                              + " is already used by another live node on this database "
                                              + "(its row in cluster_nodes keeps being renewed): give every node its own MANCHETTE_NODE_ID, or leave it unset "
                                              + "to claim a free one"));
                                } else {
                                  waitForTwin(id, first, deadline, p);
                                }
                                return null;
                              });
                    })
                .onFailure(p::tryFail));
  }

  private Future<Long> seenUntil(int id) {
    return pool.preparedQuery(
            "SELECT (extract(epoch FROM seen_until) * 1000)::bigint FROM cluster_nodes WHERE node_id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  private void renew() {
    if (stopped) return;
    pool.preparedQuery(
            "UPDATE cluster_nodes SET seen_until = now() + $2 * interval '1 millisecond' WHERE node_id = $1 AND token = $3")
        .execute(Tuple.of(node, leaseMs, token))
        .compose(
            (RowSet<Row> rows) ->
                rows.rowCount() == 1
                    ? Future.succeededFuture(node)
                    : tryClaim(node)) // expired during an outage
        .onSuccess(
            n -> {
              if (n == null && !warnedTaken) {
                warnedTaken = true;
                LOG.error(
                    "cluster: node id {} was taken by another process while this one could not renew it; "
                        + "both now hand out ids under {}: restart one of them",
                    node,
                    node);
              } else if (n != null) {
                warnedTaken = false;
              }
            })
        .onFailure(
            e ->
                LOG.warn(
                    "cluster: could not renew node {} in cluster_nodes: {}", node, e.getMessage()));
  }

  /**
   * Graceful stop: the row removed, so the id is free at once and the others' fair shares grow at
   * their next round.
   */
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) vertx.cancelTimer(timer);
    if (node < 0) return Future.succeededFuture();
    return pool.preparedQuery("DELETE FROM cluster_nodes WHERE node_id = $1 AND token = $2")
        .execute(Tuple.of(node, token))
        .mapEmpty();
  }

  /** Abrupt end (tests simulating a crash): the row is left to expire. */
  public void abandon() {
    stopped = true;
    if (timer >= 0) vertx.cancelTimer(timer);
  }
}
