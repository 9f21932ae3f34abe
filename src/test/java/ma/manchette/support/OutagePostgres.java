package ma.manchette.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A PostgreSQL of its own that a test can stop (an outage) and start again on the same port and
 * data.
 */
public final class OutagePostgres implements AutoCloseable {
  private final Path dir;
  private final int port;
  private EmbeddedPostgres pg;

  private OutagePostgres(Path dir, EmbeddedPostgres pg) {
    this.dir = dir;
    this.pg = pg;
    this.port = pg.getPort();
  }

  public static OutagePostgres start(String name) throws IOException {
    Path dir = Files.createTempDirectory(name);
    return new OutagePostgres(
        dir, EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start());
  }

  public String url() {
    return "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
  }

  /** The database goes away: connections drop, the port refuses. */
  public void stop() throws IOException {
    pg.close();
    pg = null;
  }

  /** Back on the same port with the same data. */
  public void restart() throws IOException {
    pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            .setPort(port)
            .start();
  }

  /**
   * A single number from SQL, or -1 while the database is away or the query fails (for
   * Await.until).
   */
  public long count(String sql) {
    if (pg == null) return -1;
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      return -1;
    }
  }

  @Override
  public void close() throws IOException {
    if (pg != null) stop();
  }
}
