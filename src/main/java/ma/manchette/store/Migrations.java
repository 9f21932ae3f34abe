package ma.manchette.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies src/main/resources/db/migration with Flyway. Blocking (JDBC): call from a worker thread.
 */
public final class Migrations {
  private Migrations() {}

  public static MigrateResult apply(DatabaseLocation db) {
    return Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
