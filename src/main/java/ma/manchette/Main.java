package ma.manchette;

import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import ma.manchette.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration, starts the server, and stops it gracefully on SIGTERM / Ctrl-C. */
public final class Main {
  static {
    // conf/logback.xml, when present, is the operator's logging setup (text or MANCHETTE_LOG_FORMAT=json);
    // set before the first logger exists
    if (System.getProperty("logback.configurationFile") == null && java.nio.file.Files.isRegularFile(java.nio.file.Path.of("conf/logback.xml"))) {
      System.setProperty("logback.configurationFile", "conf/logback.xml");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    AppConfig config;
    ma.manchette.config.AccessConfig access;
    try {
      config = AppConfig.fromEnvironment(System.getenv(), args);
      access = ma.manchette.config.AccessConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("manchette: " + e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = ma.manchette.metrics.Telemetry.newVertx(System.getenv());
    ManchetteServer server = new ManchetteServer(vertx, config).withAccess(access);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop().eventually(vertx::close).onComplete(ar -> stopped.countDown());
      try {
        stopped.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }, "manchette-shutdown"));
    server.start().onFailure(e -> {
      LOG.error("Manchette could not start: {}", e.getMessage(), e);
      // exit from another thread: the shutdown hook needs this event loop to stop what did start
      new Thread(() -> System.exit(1), "manchette-exit").start();
    });
  }
}
