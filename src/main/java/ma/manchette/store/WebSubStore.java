package ma.manchette.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import ma.manchette.fetch.WebSubSubscriptions.State;
import ma.manchette.fetch.WebSubSubscriptions.Subscription;

/** WebSub subscriptions in PostgreSQL, so a restart keeps its secrets and leases. */
public final class WebSubStore {
  private final Pool pool;

  public WebSubStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Subscription>> load() {
    return pool.query(
            "SELECT outlet_id, hub, topic, secret, state, lease_until FROM websub_subscriptions")
        .execute()
        .map(
            rows -> {
              List<Subscription> out = new ArrayList<>();
              for (Row r : rows) {
                OffsetDateTime lease = r.getOffsetDateTime("lease_until");
                out.add(
                    new Subscription(
                        r.getString("outlet_id"),
                        r.getString("hub"),
                        r.getString("topic"),
                        r.getString("secret"),
                        State.valueOf(r.getString("state")),
                        lease == null ? null : lease.toInstant(),
                        null));
              }
              return out;
            });
  }

  public Future<Void> save(Subscription s) {
    return pool.preparedQuery(
            "INSERT INTO websub_subscriptions (outlet_id, hub, topic, secret, state, lease_until) "
                + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (outlet_id) DO UPDATE SET hub = $2, topic = $3, secret = $4, "
                + "state = $5, lease_until = $6, updated_at = now()")
        .execute(
            Tuple.of(
                s.outlet(),
                s.hub(),
                s.topic(),
                s.secret(),
                s.state().name(),
                s.leaseUntil() == null ? null : s.leaseUntil().atOffset(ZoneOffset.UTC)))
        .mapEmpty();
  }
}
