package ma.manchette.support;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import ma.manchette.ManchetteServer;
import ma.manchette.config.AppConfig;

/**
 * Starts the real server on a random loopback port, configured the way a user would: environment +
 * outlets file.
 */
public final class TestServer implements AutoCloseable {
  public final Vertx vertx;
  public final ManchetteServer server;
  public final String databaseUrl;
  public final Path outletsFile;

  private TestServer(Vertx vertx, ManchetteServer server, String databaseUrl, Path outletsFile) {
    this.vertx = vertx;
    this.server = server;
    this.databaseUrl = databaseUrl;
    this.outletsFile = outletsFile;
  }

  /** A fake-outlet line for the outlets file, polled every {@code interval}. */
  public static String outlet(
      String id, String name, String lang, String feedUrl, String interval) {
    return "  - id: "
        + id
        + "\n    name: "
        + name
        + "\n    homepage: https://example.ma\n    lang: "
        + lang
        + "\n    interval: "
        + interval
        + "\n    minInterval: "
        + interval
        + "\n    maxInterval: "
        + interval
        + "\n    feeds: ["
        + feedUrl
        + "]\n";
  }

  public static TestServer start(
      String databaseUrl, List<String> outletYaml, Map<String, String> extraEnv) throws Exception {
    Path file = Files.createTempFile("outlets", ".yaml");
    Files.writeString(file, "outlets:\n" + String.join("", outletYaml));
    return start(databaseUrl, file, extraEnv);
  }

  public static TestServer start(String databaseUrl, Path outletsFile, Map<String, String> extraEnv)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", databaseUrl);
    env.put("MANCHETTE_HTTP_PORT", "0");
    env.put("MANCHETTE_HTTP_HOST", "127.0.0.1");
    env.put("MANCHETTE_OUTLETS", outletsFile.toString());
    env.put("MANCHETTE_HEARTBEAT_SECONDS", "1");
    // a data directory per server: its detection journal belongs to this test's database alone
    env.put("MANCHETTE_DATA_DIR", Files.createTempDirectory("manchette-data").toString());
    env.putAll(extraEnv);
    // Vert.x's own metrics as Main has them; a test may say VERTX_METRICS=0
    if ("0".equals(extraEnv.get("VERTX_METRICS"))) env.put("MANCHETTE_VERTX_METRICS", "0");
    Vertx vertx = ma.manchette.metrics.Telemetry.newVertx(env);
    ManchetteServer server =
        new ManchetteServer(vertx, AppConfig.fromEnvironment(env))
            .withAccess(ma.manchette.config.AccessConfig.fromEnvironment(env));
    try {
      server.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      // a start refused by its configuration must not leave its Vert.x (threads, ports) behind
      try {
        server.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // the start's own error is the one worth reporting
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      throw e;
    }
    OpenApiContract.checkAnswersOf(server.port());
    return new TestServer(vertx, server, databaseUrl, outletsFile);
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() throws Exception {
    OpenApiContract.stopChecking(server.port());
    server
        .stop()
        .eventually(vertx::close)
        .toCompletionStage()
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
  }
}
