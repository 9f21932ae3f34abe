package ma.manchette.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The server as a real child JVM ({@code java ma.manchette.Main} on the test classpath), for what
 * only a separate process shows: SIGTERM, kill -9, a restart on the same data. Ready when {@link
 * #start} returns; its output goes to {@code log}.
 */
public record ChildServer(Process process, int port, Path log) {

  /**
   * Starts on {@code port} (loopback) with one heartbeat a second, {@code extra} added to the env.
   */
  public static ChildServer start(
      Vertx vertx,
      int port,
      String databaseUrl,
      Path dataDir,
      Path outlets,
      Map<String, String> extra)
      throws Exception {
    Path log = Files.createTempFile("manchette-child", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "ma.manchette.Main");
    Map<String, String> env = pb.environment();
    env.put("DATABASE_URL", databaseUrl);
    env.put("MANCHETTE_DATA_DIR", dataDir.toString());
    env.put("MANCHETTE_HTTP_PORT", String.valueOf(port));
    env.put("MANCHETTE_HTTP_HOST", "127.0.0.1");
    env.put("MANCHETTE_OUTLETS", outlets.toString());
    env.put("MANCHETTE_HEARTBEAT_SECONDS", "1");
    env.putAll(extra);
    pb.redirectErrorStream(true).redirectOutput(log.toFile()).directory(new File("."));
    Process p = pb.start();
    ChildServer child = new ChildServer(p, port, log);
    Await.until(
        () -> child.status(vertx, "/health/ready") == 200 || !p.isAlive(),
        60_000,
        "child server ready");
    assertThat(p.isAlive()).as("child running, log: " + log).isTrue();
    return child;
  }

  /** The status of a GET, or -1 while nothing answers. */
  public int status(Vertx vertx, String path) {
    try {
      return Http.get(vertx, port, path).status();
    } catch (Exception e) {
      return -1;
    }
  }
}
