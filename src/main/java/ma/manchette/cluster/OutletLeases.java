package ma.manchette.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several nodes on one PostgreSQL: each outlet is polled by the one node holding its lease ({@code
 * outlet_state.lease_owner / lease_until}). Every third of a lease period a node renews its own
 * leases, counts the live rows in {@code cluster_nodes} (see {@link ClusterNodes}), then takes free
 * or expired outlets up to its fair share (enabled outlets / live nodes, rounded up) or hands back
 * what it holds beyond it. A dead node stops renewing: its leases and its node row expire after one
 * lease period and the others take its outlets at their next round, well within two periods. A node
 * that cannot renew stops polling on its own when its local copy of the lease runs out, so two
 * nodes never poll one outlet at once; except a node that was alone at its last round, which polls
 * on through a database outage as a single node would (only a node that reaches the database while
 * this one cannot could then poll the same outlets, until this one is back and yields).
 */
public final class OutletLeases {
  private static final Logger LOG = LoggerFactory.getLogger(OutletLeases.class);

  /** What happens to an outlet when this node gains or loses it. */
  public interface Holder {
    /** Gained: warm up from PostgreSQL and start polling. */
    void gained(String outletId);

    /** Lost (another node has it, or it could not be renewed): stop polling now. */
    void lost(String outletId);

    /**
     * Handed back to rebalance: stop polling and flush this node's writes before the lease is
     * released.
     */
    Future<Void> handingBack(String outletId);
  }

  private final Vertx vertx;
  private final Pool pool;
  private final int node;
  private final long leaseMs;
  private final java.util.function.Supplier<List<String>> enabledOutlets;
  private List<String> outlets =
      List.of(); // this round's enabled outlets (the admin API may add some)
  private volatile java.util.function.IntConsumer liveNodes = n -> {};
  private volatile int live = 1;
  // alone at the last round and rounds failing since (the database is away): no other node can take
  // our outlets
  // through a database it cannot reach either, so polling goes on as on a single node instead of
  // stopping
  private volatile boolean outage;
  private final Holder holder;
  private final Map<String, Long> held =
      new ConcurrentHashMap<>(); // outlet -> local deadline (nanoTime)
  private long timer = -1;
  private boolean busy; // only touched on the context that started the leases
  private io.vertx.core.Context context;
  private volatile boolean stopped;

  public OutletLeases(
      Vertx vertx,
      Pool pool,
      int node,
      Duration lease,
      java.util.function.Supplier<List<String>> enabledOutlets,
      Holder holder) {
    this.vertx = vertx;
    this.pool = pool;
    this.node = node;
    this.leaseMs = lease.toMillis();
    this.enabledOutlets = enabledOutlets;
    this.holder = holder;
  }

  /**
   * Told the number of live nodes (at least 1) after every round, before any lease changes hands.
   */
  public OutletLeases onLiveNodes(java.util.function.IntConsumer observer) {
    this.liveNodes = observer;
    return this;
  }

  /** Live nodes in cluster_nodes at the last round, this one included. */
  public int liveNodes() {
    return live;
  }

  /**
   * True while this node holds the outlet's lease (by its own clock, ending a little before
   * PostgreSQL's).
   */
  public boolean holds(String outletId) {
    Long until = held.get(outletId);
    return until != null && (System.nanoTime() < until || (outage && live == 1));
  }

  public Set<String> held() {
    Set<String> out = new HashSet<>();
    for (String id : held.keySet()) if (holds(id)) out.add(id);
    return out;
  }

  /**
   * Creates the state rows the leases live in, takes a first share, then renews every third of a
   * period.
   */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    return round()
        .onSuccess(
            v ->
                timer =
                    vertx.setPeriodic(
                        Math.max(200, leaseMs / 3),
                        t -> {
                          if (busy || stopped) return;
                          round()
                              .onFailure(e -> outage = true)
                              .onFailure(
                                  e ->
                                      LOG.atWarn()
                                          .addKeyValue("event", "lease-round-failed")
                                          .addKeyValue("node", node)
                                          .log(
                                              "leases: round failed, {} outlets held until their leases run out: {}",
                                              held.size(),
                                              e.getMessage()));
                        }));
  }

  /**
   * An outlet was added or resumed at run time: a round now rather than at the next period, unless
   * one is running.
   */
  public void nudge() {
    io.vertx.core.Context c = context;
    if (c == null) return;
    c.runOnContext(
        v -> {
          if (busy || stopped || timer < 0) return;
          round().onFailure(e -> LOG.warn("leases: round failed: {}", e.getMessage()));
        });
  }

  private Future<Void> round() {
    busy = true;
    long sent = System.nanoTime();
    long localUntil =
        sent
            + (leaseMs - Math.min(1_000, leaseMs / 5))
                * 1_000_000L; // a margin under PostgreSQL's clock
    List<String> now = List.copyOf(enabledOutlets.get());
    // rows for outlets added since the last round (the node's own row in cluster_nodes is renewed
    // by ClusterNodes)
    Future<Void> stateRows =
        now.equals(outlets)
            ? Future.succeededFuture()
            : pool.preparedQuery(
                    "INSERT INTO outlet_state (outlet_id) SELECT unnest($1::text[]) ON CONFLICT (outlet_id) DO NOTHING")
                .execute(Tuple.tuple().addArrayOfString(now.toArray(new String[0])))
                .map(
                    r -> {
                      outlets = now;
                      return null;
                    });
    return stateRows
        .compose(
            v ->
                pool.preparedQuery(
                        "UPDATE outlet_state SET lease_until = now() + $2 * interval '1 millisecond' "
                            + "WHERE lease_owner = $1 AND outlet_id = ANY($3) RETURNING outlet_id")
                    .execute(
                        Tuple.tuple()
                            .addInteger(node)
                            .addLong(leaseMs)
                            .addArrayOfString(outlets.toArray(new String[0]))))
        .compose(
            renewed -> {
              boolean keptPolling = outage && live == 1;
              outage = false;
              Set<String> mine = ids(renewed);
              for (String id : new ArrayList<>(held.keySet())) {
                if (!mine.contains(id)) {
                  held.remove(id);
                  LOG.atInfo()
                      .addKeyValue("outlet", id)
                      .addKeyValue("node", node)
                      .log("leases: outlet {} is no longer polled here", id);
                  holder.lost(id);
                }
              }
              for (String id : mine) {
                Long before = held.put(id, localUntil);
                // new here (e.g. a restart with the same node id), or polling had stopped when the
                // local copy ran out
                if (before == null || (System.nanoTime() >= before && !keptPolling))
                  holder.gained(id);
              }
              return pool.query("SELECT count(*) FROM cluster_nodes WHERE seen_until > now()")
                  .execute()
                  .map(rows -> Math.max(1, rows.iterator().next().getLong(0)));
            })
        .compose(
            count -> {
              int n = (int) Math.min(Integer.MAX_VALUE, count);
              live = n;
              liveNodes.accept(
                  n); // the hold window goes on before another node can take an outlet from us
              int fair = (outlets.size() + n - 1) / n;
              int have = held.size();
              if (have > fair) return handBack(have - fair);
              if (have < fair) return acquire(fair - have, localUntil);
              return Future.succeededFuture();
            })
        .eventually(
            () -> {
              busy = false;
              return Future.succeededFuture();
            });
  }

  private Future<Void> acquire(int n, long localUntil) {
    return pool.preparedQuery(
            "UPDATE outlet_state SET lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond' "
                + "WHERE outlet_id IN (SELECT outlet_id FROM outlet_state WHERE outlet_id = ANY($3) "
                + "AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until < now()) ORDER BY random() LIMIT $4 FOR UPDATE SKIP LOCKED) "
                + "AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until < now()) RETURNING outlet_id")
        .execute(
            Tuple.tuple()
                .addInteger(node)
                .addLong(leaseMs)
                .addArrayOfString(outlets.toArray(new String[0]))
                .addInteger(n))
        .map(
            rows -> {
              for (String id : ids(rows)) {
                held.put(id, localUntil);
                LOG.atInfo()
                    .addKeyValue("outlet", id)
                    .addKeyValue("node", node)
                    .log("leases: outlet {} now polled by node {}", id, node);
                holder.gained(id);
              }
              return null;
            });
  }

  private Future<Void> handBack(int n) {
    List<String> give = new ArrayList<>(held.keySet()).subList(0, n);
    List<String> handed = List.copyOf(give);
    handed.forEach(held::remove); // no more polls from here, at once
    List<Future<Void>> flushed = new ArrayList<>();
    for (String id : handed) flushed.add(holder.handingBack(id));
    return Future.join(flushed)
        .transform(ar -> release(handed))
        .onSuccess(
            v ->
                LOG.atInfo()
                    .addKeyValue("node", node)
                    .log("leases: handed back {} to rebalance", handed));
  }

  private Future<Void> release(List<String> ids) {
    return pool.preparedQuery(
            "UPDATE outlet_state SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1 AND outlet_id = ANY($2)")
        .execute(Tuple.tuple().addInteger(node).addArrayOfString(ids.toArray(new String[0])))
        .mapEmpty();
  }

  /**
   * Graceful stop (after the writes are flushed): every lease handed back and the node row removed,
   * for a quick takeover.
   */
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) vertx.cancelTimer(timer);
    List<String> ids = new ArrayList<>(held.keySet());
    held.clear();
    return release(ids)
        .onSuccess(v -> LOG.info("leases: {} outlets handed back on stop", ids.size()));
  }

  /** Abrupt end (tests simulating a crash): stop renewing, release nothing. */
  public void abandon() {
    stopped = true;
    if (timer >= 0) vertx.cancelTimer(timer);
  }

  private static Set<String> ids(io.vertx.sqlclient.RowSet<Row> rows) {
    Set<String> out = new HashSet<>();
    for (Row r : rows) out.add(r.getString(0));
    return out;
  }
}
