package ma.manchette.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Server settings: every key has a default, the environment overrides it (names in the contract),
 * and {@link #validate()} rejects nonsense before anything starts.
 */
public record AppConfig(
    String httpHost,
    int httpPort,
    Path outletsFile,
    String databaseUrl,
    Path dataDir,
    String adminToken,
    int nodeId,
    boolean demo,
    String publicUrl,
    int maxSubscribers,
    int ringSize,
    Duration heartbeat,
    int writeBufferMax,
    int retentionDays,
    boolean polling,
    int socketSendBuffer,
    long fetchMaxBytes,
    Duration fetchDeadline,
    ClusterSettings cluster,
    Path regionsFile,
    Path sectionsFile,
    Duration closeGrace,
    Path webroot,
    BreakingSettings breaking) {

  public static AppConfig defaults() {
    return new AppConfig(
        "0.0.0.0",
        8080,
        Path.of("conf/outlets.yaml"),
        null,
        Path.of("data"),
        null,
        0,
        false,
        null,
        16_000,
        20_000,
        Duration.ofSeconds(15),
        100_000,
        90,
        true,
        0,
        8L * 1024 * 1024,
        Duration.ofSeconds(30),
        ClusterSettings.OFF,
        null,
        null,
        Duration.ofSeconds(5),
        Path.of("webroot"),
        BreakingSettings.DEFAULT);
  }

  /** Defaults, then MANCHETTE_* / DATABASE_URL from the given environment. */
  public static AppConfig fromEnvironment(Map<String, String> env, String... args) {
    AppConfig c = defaults();
    boolean demo =
        "1".equals(env.get("MANCHETTE_DEMO")) || "true".equalsIgnoreCase(env.get("MANCHETTE_DEMO"));
    for (String a : args) if ("--demo".equals(a)) demo = true;
    nativeTransport(
        env); // read when Vert.x is built, before this config: refused here all the same
    return new AppConfig(
            env.getOrDefault("MANCHETTE_HTTP_HOST", c.httpHost),
            intEnv(env, "MANCHETTE_HTTP_PORT", c.httpPort),
            Path.of(env.getOrDefault("MANCHETTE_OUTLETS", c.outletsFile.toString())),
            blankToNull(env.get("DATABASE_URL")),
            Path.of(env.getOrDefault("MANCHETTE_DATA_DIR", c.dataDir.toString())),
            blankToNull(env.get("MANCHETTE_ADMIN_TOKEN")),
            intEnv(env, "MANCHETTE_NODE_ID", c.nodeId),
            demo,
            blankToNull(env.get("MANCHETTE_PUBLIC_URL")),
            intEnv(env, "MANCHETTE_MAX_SUBSCRIBERS", c.maxSubscribers),
            intEnv(env, "MANCHETTE_RING_SIZE", c.ringSize),
            Duration.ofSeconds(
                intEnv(env, "MANCHETTE_HEARTBEAT_SECONDS", (int) c.heartbeat.toSeconds())),
            intEnv(env, "MANCHETTE_WRITE_BUFFER", c.writeBufferMax),
            intEnv(env, "MANCHETTE_RETENTION_DAYS", c.retentionDays),
            !"0".equals(env.get("MANCHETTE_POLLING")),
            intEnv(env, "MANCHETTE_SOCKET_SEND_BUFFER", c.socketSendBuffer),
            // fetch caps: a feed body larger than this (after decompression) or slower than this
            // deadline is refused
            intEnv(env, "MANCHETTE_FETCH_MAX_BYTES", (int) c.fetchMaxBytes),
            Duration.ofSeconds(
                intEnv(env, "MANCHETTE_FETCH_DEADLINE_SECONDS", (int) c.fetchDeadline.toSeconds())),
            cluster(env, blankToNull(env.get("DATABASE_URL")), c.cluster),
            // region / section rules replacing (or, with `extends: builtin`, adjusting) the ones
            // built into the jar
            pathEnv(env, "MANCHETTE_REGIONS"),
            pathEnv(env, "MANCHETTE_SECTIONS"),
            // a stream the server closes is reset if its close has not finished by then
            Duration.ofMillis(
                intEnv(env, "MANCHETTE_CLOSE_GRACE_MS", (int) c.closeGrace.toMillis())),
            Path.of(env.getOrDefault("MANCHETTE_WEBROOT", c.webroot.toString())),
            BreakingSettings.fromEnvironment(env))
        .validate();
  }

  /**
   * Several nodes: on by default whenever DATABASE_URL is set, since a second node on the same
   * database would otherwise poll every outlet again; the embedded database belongs to one process,
   * so it stays off there.
   */
  private static ClusterSettings cluster(
      Map<String, String> env, String databaseUrl, ClusterSettings c) {
    Boolean flag = ClusterSettings.parseFlag(env.get("MANCHETTE_CLUSTER"));
    boolean shared = databaseUrl != null;
    return new ClusterSettings(
        flag == null ? shared : flag,
        Duration.ofSeconds(intEnv(env, "MANCHETTE_LEASE_SECONDS", (int) c.lease().toSeconds())),
        Duration.ofMillis(intEnv(env, "MANCHETTE_REORDER_MS", (int) c.hold().toMillis())),
        shared && Boolean.FALSE.equals(flag),
        blankToNull(env.get("MANCHETTE_NODE_ID")) != null);
  }

  public AppConfig validate() {
    if (httpPort < 0 || httpPort > 65535)
      throw new IllegalArgumentException("MANCHETTE_HTTP_PORT must be 0-65535");
    if (nodeId < 0 || nodeId > 1023)
      throw new IllegalArgumentException("MANCHETTE_NODE_ID must be 0-1023");
    if (maxSubscribers < 1)
      throw new IllegalArgumentException("MANCHETTE_MAX_SUBSCRIBERS must be >= 1");
    if (ringSize < 100) throw new IllegalArgumentException("MANCHETTE_RING_SIZE must be >= 100");
    if (heartbeat.isZero() || heartbeat.toSeconds() > 15)
      throw new IllegalArgumentException("heartbeat must be 1-15 s");
    if (writeBufferMax < 100)
      throw new IllegalArgumentException("MANCHETTE_WRITE_BUFFER must be >= 100");
    if (socketSendBuffer < 0)
      throw new IllegalArgumentException(
          "MANCHETTE_SOCKET_SEND_BUFFER must be >= 0 (0: let the OS tune it)");
    if (closeGrace.toMillis() < 100 || closeGrace.toMillis() > 60_000)
      throw new IllegalArgumentException("MANCHETTE_CLOSE_GRACE_MS must be 100-60000");
    if (fetchMaxBytes < 1024)
      throw new IllegalArgumentException("MANCHETTE_FETCH_MAX_BYTES must be >= 1024");
    if (fetchDeadline.isZero() || fetchDeadline.isNegative())
      throw new IllegalArgumentException("MANCHETTE_FETCH_DEADLINE_SECONDS must be >= 1");
    if (cluster.lease().toSeconds() < 2)
      throw new IllegalArgumentException("MANCHETTE_LEASE_SECONDS must be >= 2");
    if (cluster.hold().isNegative() || cluster.hold().toMillis() > 10_000)
      throw new IllegalArgumentException("MANCHETTE_REORDER_MS must be 0-10000");
    breaking.validate();
    ruleFile("MANCHETTE_REGIONS", regionsFile);
    ruleFile("MANCHETTE_SECTIONS", sectionsFile);
    // the pages are served from disk: a wrong path would start a server whose every page is a 404
    if (!java.nio.file.Files.isDirectory(webroot))
      throw new IllegalArgumentException(
          "MANCHETTE_WEBROOT: no such directory: " + webroot.toAbsolutePath());
    if (retentionDays < 1)
      throw new IllegalArgumentException("MANCHETTE_RETENTION_DAYS must be >= 1");
    if (databaseUrl != null && !databaseUrl.startsWith("postgres")) {
      throw new IllegalArgumentException(
          "DATABASE_URL must look like postgresql://user:pass@host:port/db");
    }
    return this;
  }

  /**
   * MANCHETTE_NATIVE_TRANSPORT: Netty's epoll transport where the platform has it (default 1), the
   * JDK's NIO with 0.
   */
  public static boolean nativeTransport(Map<String, String> env) {
    String v = env.getOrDefault("MANCHETTE_NATIVE_TRANSPORT", "1").trim();
    if (!v.equals("0") && !v.equals("1"))
      throw new IllegalArgumentException(
          "MANCHETTE_NATIVE_TRANSPORT must be 0 or 1, not '" + v + "'");
    return v.equals("1");
  }

  private static int intEnv(Map<String, String> env, String key, int fallback) {
    String v = env.get(key);
    if (v == null || v.isBlank()) return fallback;
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'");
    }
  }

  /**
   * A rules file named in the environment must be there: falling back to other rules would hide the
   * mistake.
   */
  private static void ruleFile(String variable, Path file) {
    if (file != null && !java.nio.file.Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          variable + " names " + file.toAbsolutePath() + ", which is not a readable file");
    }
  }

  private static Path pathEnv(Map<String, String> env, String key) {
    String v = blankToNull(env.get(key));
    return v == null ? null : Path.of(v.trim());
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }
}
