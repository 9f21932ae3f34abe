package ma.manchette.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import ma.manchette.support.LoopbackPorts;

/**
 * nginx + nchan as a fan-out peer: Debian's nginx run in the foreground on loopback with {@code
 * bench/nchan.conf}, owned by PID. Each headline is POSTed to /pub as the same JSON the reference
 * server sends, its detectedAt the publish stamp, so the load generator times it as it times the
 * others.
 */
final class NchanPeer implements AutoCloseable {
  static final Path CONF = Path.of("bench/nchan.conf");
  private static final List<String> MODULES =
      List.of(
          "/usr/lib/nginx/modules/ngx_nchan_module.so",
          "/usr/share/nginx/modules/ngx_nchan_module.so");
  final ServerProcess process;
  final int port;
  private final Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicLong seq = new AtomicLong();

  private NchanPeer(ServerProcess process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** nchan's module, or null when libnginx-mod-nchan is not installed. */
  static Path module() {
    return MODULES.stream().map(Path::of).filter(Files::isReadable).findFirst().orElse(null);
  }

  static boolean available() {
    return ma.manchette.support.Nginx.binary() != null
        && module() != null
        && Files.isReadable(CONF);
  }

  static NchanPeer start(Path dir) throws Exception {
    if (!available())
      throw new IllegalStateException(
          "nginx or libnginx-mod-nchan missing (apt-get install nginx libnginx-mod-nchan)");
    Files.createDirectories(dir);
    for (String t : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi"))
      Files.createDirectories(dir.resolve(t));
    dir.toFile().setWritable(true, false); // the workers run as nobody when the bench runs as root
    int port = LoopbackPorts.free();
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(
        conf,
        Files.readString(CONF)
            .replace("@MODULE@", module().toString())
            .replace("@DIR@", dir.toString())
            .replace("@PORT@", Integer.toString(port)));
    ServerProcess p =
        ServerProcess.command(
            "nchan",
            List.of(
                ma.manchette.support.Nginx.binary().toString(),
                "-e",
                dir.resolve("error.log").toString(),
                "-p",
                dir.toString(),
                "-c",
                conf.toString(),
                "-g",
                "daemon off;"),
            dir.resolve("stdout.log"));
    NchanPeer peer = new NchanPeer(p, port, dir);
    long deadline = System.currentTimeMillis() + 10_000;
    while (!LoopbackPorts.accepts(peer.port)) {
      if (!p.process.isAlive() || System.currentTimeMillis() > deadline) {
        peer.close();
        throw new IllegalStateException(
            "nginx did not start: "
                + Files.readString(dir.resolve("stdout.log"))
                + (Files.exists(dir.resolve("error.log"))
                    ? Files.readString(dir.resolve("error.log"))
                    : ""));
      }
      Thread.sleep(50);
    }
    return peer;
  }

  /** Publishes one headline now, stamped with this moment as both publication and detection. */
  void publish() throws IOException, InterruptedException {
    long id = seq.incrementAndGet();
    long now = System.currentTimeMillis();
    String body =
        new JsonObject()
            .put("id", "nchan-" + id)
            .put("outlet", "nchan")
            .put("outletName", "Nchan")
            .put("title", "Nchan headline " + id + " @" + now)
            .put("url", "https://example.ma/nchan/" + id)
            .put("lang", "fr")
            .put("detectedAt", Instant.ofEpochMilli(now).toString())
            .encode();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/pub"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2)
      throw new IOException("nchan publish: HTTP " + r.statusCode() + " " + r.body());
  }

  String errorLog() {
    try {
      return Files.readString(dir.resolve("error.log"));
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.close(); // SIGTERM to the master by its PID; the workers go with it
  }
}
