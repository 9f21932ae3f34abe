package ma.manchette.boot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ma.manchette.config.AppConfig;
import ma.manchette.store.DatabaseLocation;
import ma.manchette.store.EmbeddedDatabase;
import ma.manchette.store.Migrations;

/**
 * PostgreSQL: DATABASE_URL, or an embedded one under the data directory; migrated, then a pool onto
 * it.
 */
public final class Database {
  private final DatabaseLocation location;
  private final Pool pool;

  private Database(DatabaseLocation location, Pool pool) {
    this.location = location;
    this.pool = pool;
  }

  /** Started, migrated and pooled; the embedded database is stopped last, after the pool. */
  public static Future<Database> start(Vertx vertx, AppConfig config, Closer closer) {
    return locate(vertx, config, closer)
        .compose(
            db ->
                vertx
                    .executeBlocking(() -> Migrations.apply(db))
                    .map(
                        m -> {
                          Pool pool =
                              PgBuilder.pool()
                                  .with(new PoolOptions().setMaxSize(8).setName("manchette"))
                                  .connectingTo(
                                      db.options()
                                          .setReconnectAttempts(0)
                                          .setCachePreparedStatements(true))
                                  .using(vertx)
                                  .build();
                          closer.push("database pool", pool::close);
                          return new Database(db, pool);
                        }));
  }

  private static Future<DatabaseLocation> locate(Vertx vertx, AppConfig config, Closer closer) {
    if (config.databaseUrl() != null)
      return Future.succeededFuture().map(v -> DatabaseLocation.fromUrl(config.databaseUrl()));
    return vertx
        .executeBlocking(() -> EmbeddedDatabase.start(config.dataDir()))
        .map(
            embedded -> {
              // a stop that cannot stop PostgreSQL fails: its data directory may still be locked
              closer.pushReported(
                  "embedded PostgreSQL",
                  () ->
                      vertx.executeBlocking(
                          () -> {
                            embedded.close();
                            return null;
                          }));
              return embedded.location();
            });
  }

  public DatabaseLocation location() {
    return location;
  }

  public Pool pool() {
    return pool;
  }
}
