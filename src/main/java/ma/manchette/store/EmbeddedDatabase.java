package ma.manchette.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from the binaries on the class path, its data kept under the data folder
 * across restarts, so a fresh machine needs only a JDK. Blocking: call from a worker thread.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(Path dataDir) throws IOException {
    Path pgDir = dataDir.resolve("pg").toAbsolutePath();
    Files.createDirectories(pgDir);
    LOG.info("starting embedded PostgreSQL under {}", pgDir);
    EmbeddedPostgres pg = EmbeddedPostgres.builder()
        .setDataDirectory(pgDir)
        .setCleanDataDirectory(false)
        .setOverrideWorkingDirectory(dataDir.resolve("pg-bin").toAbsolutePath().toFile())
        .setServerConfig("max_connections", "100")
        .start();
    return new EmbeddedDatabase(pg);
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
