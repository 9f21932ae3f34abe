package ma.manchette;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import ma.manchette.config.AccessConfig;
import ma.manchette.config.AppConfig;
import ma.manchette.config.SecretFiles;
import ma.manchette.store.DatabaseLocation;
import ma.manchette.store.EmbeddedDatabase;
import ma.manchette.store.Migrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Reads the configuration, starts the server, and stops it gracefully on SIGTERM / Ctrl-C. */
@Command(
    name = "manchette",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
      "Live headlines of Moroccan outlets over SSE and WebSocket, stored in PostgreSQL.",
      "Settings come from the environment: docs/configuration.md. Secrets may come from files (DATABASE_URL_FILE, "
          + "MANCHETTE_ADMIN_TOKEN_FILE, MANCHETTE_TOKEN_SECRET_FILE)."
    })
public final class Main implements Callable<Integer> {
  static {
    // conf/logback.xml, when present, is the operator's logging setup (text or
    // MANCHETTE_LOG_FORMAT=json);
    // set before the first logger exists
    if (System.getProperty("logback.configurationFile") == null
        && java.nio.file.Files.isRegularFile(java.nio.file.Path.of("conf/logback.xml"))) {
      System.setProperty("logback.configurationFile", "conf/logback.xml");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /** What call() answers when the server runs on: main must not exit. */
  private static final int RUNNING = -1;

  // the process's; tests give their own
  Map<String, String> environment = System.getenv();
  java.io.PrintStream out = System.out;
  java.io.PrintStream err = System.err;

  @Option(
      names = "--demo",
      description =
          "Four simulated outlets on loopback instead of the outlets file (also MANCHETTE_DEMO=1).")
  boolean demo;

  @Option(
      names = "--check-config",
      description =
          "Validate the environment, the outlets file and the rule files, print what would "
              + "run, and exit: 0 when all is well, 2 on the first problem.")
  boolean checkConfig;

  @Option(
      names = "--migrate",
      description =
          "Apply the database migrations (DATABASE_URL, or the embedded database) and exit.")
  boolean migrate;

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    if (code != RUNNING) System.exit(code);
  }

  @Override
  public Integer call() {
    Map<String, String> env;
    AppConfig config;
    AccessConfig access;
    try {
      env = SecretFiles.resolve(environment);
      config = AppConfig.fromEnvironment(env, demo ? new String[] {"--demo"} : new String[0]);
      access = AccessConfig.fromEnvironment(env);
      if (checkConfig) return ConfigCheck.print(config, access, out);
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("manchette: " + e.getMessage());
      return 2;
    }
    if (migrate) return migrateOnly(config, out, err);
    serve(env, config, access);
    return RUNNING;
  }

  private static void serve(Map<String, String> env, AppConfig config, AccessConfig access) {
    Vertx vertx = ma.manchette.metrics.Telemetry.newVertx(env);
    ManchetteServer server = new ManchetteServer(vertx, config).withAccess(access);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop().eventually(vertx::close).onComplete(ar -> stopped.countDown());
                  try {
                    stopped.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                  }
                },
                "manchette-shutdown"));
    server
        .start()
        .onFailure(
            e -> {
              LOG.error("Manchette could not start: {}", e.getMessage(), e);
              // exit from another thread: the shutdown hook needs this event loop to stop what did
              // start
              new Thread(() -> System.exit(1), "manchette-exit").start();
            });
  }

  /**
   * Migrations alone, for a deployment that runs them as a step of its own before starting nodes.
   */
  private static int migrateOnly(
      AppConfig config, java.io.PrintStream out, java.io.PrintStream err) {
    EmbeddedDatabase embedded = null;
    try {
      DatabaseLocation db;
      if (config.databaseUrl() != null) {
        db = DatabaseLocation.fromUrl(config.databaseUrl());
      } else {
        embedded = EmbeddedDatabase.start(config.dataDir());
        db = embedded.location();
      }
      var result = Migrations.apply(db);
      out.println(
          "manchette: schema at version "
              + result.targetSchemaVersion
              + " ("
              + result.migrationsExecuted
              + " applied)");
      return 0;
    } catch (Exception e) {
      err.println("manchette: migrations failed: " + e.getMessage());
      return 1;
    } finally {
      if (embedded != null) {
        try {
          embedded.close();
        } catch (Exception ignored) {
          // exiting anyway
        }
      }
    }
  }

  /** --version: the jar's Implementation-Version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "manchette "
            + (v == null ? "(development build)" : v)
            + ", Java "
            + System.getProperty("java.version")
      };
    }
  }
}
