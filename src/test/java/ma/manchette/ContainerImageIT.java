package ma.manchette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.LoopbackPorts;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image that {@code mvn package} writes to target/manchette-image.tar, run as it is: its layers
 * unpacked in order, its entrypoint, environment, working directory and user taken from its config,
 * started in a PID and mount namespace of its own with its own root (util-linux unshare; podman
 * cannot run containers on this sandbox's kernel setup), against a real PostgreSQL. It must come up
 * ready, poll, stream, answer its health probe and stop on SIGTERM.
 */
class ContainerImageIT {
  private static final Path TARBALL = Path.of("target/manchette-image.tar");
  private final Vertx vertx = Vertx.vertx();
  private final List<AutoCloseable> closers = new ArrayList<>();
  private Path root;

  @BeforeEach
  void unpack() throws Exception {
    boolean ci = "true".equals(System.getenv("CI"));
    if (!Files.isRegularFile(TARBALL)) {
      if (ci) fail("no " + TARBALL + ": mvn package builds it (unless -Dimage.skip=true)");
      Assumptions.abort(TARBALL + " is not built (mvn package, without -Dimage.skip=true)");
    }
    if (!"root".equals(System.getProperty("user.name"))
        || !Files.isExecutable(Path.of("/usr/bin/unshare"))) {
      if (ci) fail("running the image needs root and util-linux unshare");
      Assumptions.abort("running the image needs root and util-linux unshare");
    }
    // namespaces are a property of the machine, not a package .ci/run could install: without them,
    // say so and skip
    Process probe =
        new ProcessBuilder("/usr/bin/unshare", "--mount", "--pid", "--fork", "true")
            .redirectErrorStream(true)
            .start();
    String refused = new String(probe.getInputStream().readAllBytes());
    Assumptions.assumeTrue(
        probe.waitFor() == 0,
        () ->
            "this machine does not allow PID and mount namespaces ("
                + refused.trim()
                + "): the image is built but not run");
    Path work = Files.createTempDirectory("manchette-image");
    root = work.resolve("root");
    Files.createDirectories(root);
    run(
        List.of(
            "tar",
            "--warning=no-unknown-keyword",
            "-xf",
            TARBALL.toAbsolutePath().toString(),
            "-C",
            work.toString()));
    JsonObject manifest =
        blob(
            work,
            new JsonObject(Files.readString(work.resolve("index.json")))
                .getJsonArray("manifests")
                .getJsonObject(0)
                .getString("digest"));
    for (Object layer : manifest.getJsonArray("layers")) {
      run(
          List.of(
              "tar",
              "--warning=no-unknown-keyword",
              "-xzf",
              blobPath(work, ((JsonObject) layer).getString("digest")).toString(),
              "-C",
              root.toString()));
    }
    Files.writeString(
        work.resolve("config.json"),
        blob(work, manifest.getJsonObject("config").getString("digest")).encode());
    Files.createDirectories(root.resolve("proc"));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) {
      try {
        closers.get(i).close();
      } catch (Exception ignored) {
        // the others still close
      }
    }
    Await.result(vertx.close());
  }

  @Test
  void theImageStartsAsItsUnprivilegedUserAndServesHeadlines() throws Exception {
    JsonObject config =
        new JsonObject(Files.readString(root.getParent().resolve("config.json")))
            .getJsonObject("config");
    assertThat(config.getString("User")).isEqualTo("65532:65532");
    assertThat(config.getString("WorkingDir")).isEqualTo("/app");
    assertThat(root.resolve("app/conf/outlets.yaml")).exists();
    assertThat(root.resolve("app/webroot/index.html")).exists();

    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    closers.add(() -> Await.result(outlet.stop()));
    outlet.set("/feed", List.of(FeedEntry.of("first", "Premier titre")));
    // the operator's own outlets file, mounted into the container as a volume would be
    Files.createDirectories(root.resolve("etc/manchette"));
    Files.writeString(
        root.resolve("etc/manchette/outlets.yaml"),
        "outlets:\n" + TestServer.outlet("local", "Local", "fr", outlet.url("/feed"), "300ms"));
    int port = LoopbackPorts.free();

    List<String> cmd =
        new ArrayList<>(
            List.of(
                "/usr/bin/unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child=SIGTERM",
                "--mount-proc=/proc",
                "--root=" + root,
                "--wd=" + config.getString("WorkingDir"),
                "--setuid",
                "65532",
                "--setgid",
                "65532"));
    for (Object a : config.getJsonArray("Entrypoint")) cmd.add((String) a);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(root.getParent().resolve("server.log").toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    for (Object e : config.getJsonArray("Env")) {
      String kv = (String) e;
      env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    env.put("DATABASE_URL", TestDatabase.freshDatabaseUrl());
    env.put("MANCHETTE_HTTP_HOST", "127.0.0.1");
    env.put("MANCHETTE_HTTP_PORT", Integer.toString(port));
    env.put("MANCHETTE_OUTLETS", "/etc/manchette/outlets.yaml");
    Process server = pb.start();
    closers.add(
        () -> {
          // whatever the test did, nothing it started outlives it
          server.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
          server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        });

    Await.until(
        () -> Http.getQuietly(vertx, port, "/health/ready").contains("\"UP\""),
        90_000,
        "the image's server ready: " + log());
    JsonObject ready = Http.get(vertx, port, "/health/ready").json();
    assertThat(ready.getString("status")).isEqualTo("UP");
    JsonArray checks = ready.getJsonArray("checks");
    assertThat(checks.stream().map(c -> ((JsonObject) c).getString("id")).toList())
        .contains("database", "migrations", "pollers");

    // the server process is the image's user, not root
    ProcessHandle java =
        server
            .toHandle()
            .descendants()
            .filter(p -> p.info().command().orElse("").endsWith("/java"))
            .findFirst()
            .orElseThrow();
    String status = Files.readString(Path.of("/proc/" + java.pid() + "/status"));
    assertThat(status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow())
        .matches("Uid:\\s+65532\\s+65532.*");

    // the first poll is history (stored, never announced): only a headline after it is news
    Await.until(
        () -> Http.getQuietly(vertx, port, "/api/items").contains("Premier titre"),
        60_000,
        "the first poll stored: " + log());
    SseClient sse = Await.result(SseClient.connect(vertx, port, "/api/stream", null));
    closers.add(() -> Await.result(sse.close()));
    outlet.publish("/feed", FeedEntry.of("second", "Inondations à Kénitra : retour des habitants"));
    sse.awaitHeadlines(1, 30_000);
    JsonObject item = sse.headlines().get(0).json();
    assertThat(item.getString("title")).isEqualTo("Inondations à Kénitra : retour des habitants");
    assertThat(item.getString("region"))
        .as("the rules built into the jar are in force")
        .isNotNull();

    // the health probe the compose file runs, inside the image: ready here, failing where nothing
    // listens
    assertThat(probe(port)).isEqualTo(0);
    assertThat(probe(LoopbackPorts.free())).isEqualTo(1);

    // SIGTERM, as a container runtime stops it: a graceful stop, then the process is gone
    java.destroy();
    assertThat(java.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(log()).contains("stopping: polling off").contains("write queue flushed");

    long size = Files.size(TARBALL);
    System.out.printf("image tarball %.1f MB; unpacked %.1f MB%n", size / 1e6, du(root) / 1e6);
  }

  private int probe(int port) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                "/usr/bin/unshare",
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc=/proc",
                "--root=" + root,
                "--wd=/app",
                "--setuid",
                "65532",
                "--setgid",
                "65532",
                "/opt/java/bin/java",
                "-cp",
                "/app/classes",
                "ma.manchette.HealthProbe")
            .redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("MANCHETTE_HTTP_PORT", Integer.toString(port));
    Process probe = pb.start();
    String said = new String(probe.getInputStream().readAllBytes());
    assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as(said).isTrue();
    return probe.exitValue();
  }

  private String log() {
    try {
      String l = Files.readString(root.getParent().resolve("server.log"));
      return l.length() > 4000 ? l.substring(l.length() - 4000) : l;
    } catch (Exception e) {
      return "";
    }
  }

  private static long du(Path p) throws Exception {
    try (var s = Files.walk(p)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> !f.startsWith(p.resolve("proc")))
          .mapToLong(f -> f.toFile().length())
          .sum();
    }
  }

  private static Path blobPath(Path work, String digest) {
    return work.resolve("blobs")
        .resolve(digest.substring(0, digest.indexOf(':')))
        .resolve(digest.substring(digest.indexOf(':') + 1));
  }

  private static JsonObject blob(Path work, String digest) throws Exception {
    return new JsonObject(Files.readString(blobPath(work, digest)));
  }

  private static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException(cmd + " failed: " + out);
  }
}
