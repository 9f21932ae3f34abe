package ma.manchette.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** One real embedded PostgreSQL for the whole test JVM; each test gets a fresh database in it. */
public final class TestDatabase {
  private static EmbeddedPostgres shared;
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestDatabase() {}

  public static synchronized EmbeddedPostgres shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("manchette-test-pg");
        shared =
            EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).start();
        EmbeddedPostgres pg = shared;
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        pg.close();
                      } catch (Exception ignored) {
                        // the JVM is going anyway
                      }
                    }));
      } catch (Exception e) {
        throw new IllegalStateException("could not start the embedded PostgreSQL for tests", e);
      }
    }
    return shared;
  }

  /** A new empty database; returns its DATABASE_URL. */
  public static String freshDatabaseUrl() {
    EmbeddedPostgres pg = shared();
    String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return "postgresql://postgres:postgres@127.0.0.1:" + pg.getPort() + "/" + name;
  }

  /** Runs SQL directly against a test database (assertions on what was stored). */
  public static long count(String databaseUrl, String sql) {
    String db = databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1);
    EmbeddedPostgres pg = shared();
    try (Connection c = pg.getDatabase("postgres", db).getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
