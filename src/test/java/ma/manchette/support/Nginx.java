package ma.manchette.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real nginx (Debian's package) running the shipped {@code deploy/nginx/manchette.conf} on
 * loopback. Only the lines that name addresses change: the upstream servers become the test nodes,
 * {@code listen 80} a free loopback port. Started in the foreground as this JVM's child and stopped
 * by its PID.
 */
public final class Nginx implements AutoCloseable {
  public static final Path SHIPPED = Path.of("deploy/nginx/manchette.conf");
  private static final Pattern UPSTREAM_SERVER =
      Pattern.compile("(?m)^(\\s*server )10\\.0\\.0\\.\\d+:8080( [^;]*)?;$");
  private static final Pattern LISTEN = Pattern.compile("(?m)^(\\s*)listen 80;$");

  private final Process process;
  private final Path dir;
  public final int port;

  private Nginx(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** The nginx binary, or null when the package is not installed. */
  public static Path binary() {
    for (String p : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
      if (Files.isExecutable(Path.of(p))) return Path.of(p);
    }
    return null;
  }

  /**
   * The shipped file with the upstream pointed at {@code nodePorts} on 127.0.0.1 and nginx on
   * {@code port}.
   */
  public static String configFor(String shipped, int port, List<Integer> nodePorts) {
    Matcher m = UPSTREAM_SERVER.matcher(shipped);
    StringBuilder out = new StringBuilder();
    List<String> servers = new ArrayList<>();
    int found = 0;
    while (m.find()) {
      String params = m.group(2) == null ? "" : m.group(2);
      // the first server line stands for the whole list, the others go
      String replacement = "";
      if (found == 0) {
        for (int p : nodePorts) servers.add(m.group(1) + "127.0.0.1:" + p + params + ";");
        replacement = String.join("\n", servers);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
      found++;
    }
    m.appendTail(out);
    if (found == 0)
      throw new IllegalStateException(
          "no 'server 10.0.0.x:8080' line in the upstream of " + SHIPPED);
    Matcher l = LISTEN.matcher(out);
    if (!l.find()) throw new IllegalStateException("no 'listen 80;' line in " + SHIPPED);
    return l.replaceFirst("$1listen 127.0.0.1:" + port + ";");
  }

  public static Nginx start(List<Integer> nodePorts) throws Exception {
    Path bin = binary();
    if (bin == null)
      throw new IllegalStateException("nginx is not installed (apt-get install nginx)");
    Path dir = Files.createTempDirectory("manchette-nginx");
    int port = LoopbackPorts.free();
    Files.writeString(
        dir.resolve("manchette.conf"), configFor(Files.readString(SHIPPED), port, nodePorts));
    for (String t : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi"))
      Files.createDirectories(dir.resolve(t));
    dir.toFile().setWritable(true, false);
    Files.writeString(
        dir.resolve("nginx.conf"),
        String.join(
            "\n",
            "worker_processes 1;",
            "pid " + dir.resolve("nginx.pid") + ";",
            "error_log " + dir.resolve("error.log") + " info;",
            "events { worker_connections 2048; }",
            "http {",
            "  access_log " + dir.resolve("access.log") + ";",
            "  client_body_temp_path " + dir.resolve("body") + ";",
            "  proxy_temp_path " + dir.resolve("proxy") + ";",
            "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
            "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
            "  scgi_temp_path " + dir.resolve("scgi") + ";",
            "  include " + dir.resolve("manchette.conf") + ";",
            "}",
            ""));
    // foreground, so this JVM owns the master by PID; the JDK closes every other descriptor in the
    // child
    Process p =
        new ProcessBuilder(
                bin.toString(),
                "-e",
                dir.resolve("error.log").toString(),
                "-p",
                dir.toString(),
                "-c",
                dir.resolve("nginx.conf").toString(),
                "-g",
                "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    Nginx n = new Nginx(p, dir, port);
    long deadline = System.currentTimeMillis() + 10_000;
    while (!LoopbackPorts.accepts(n.port)) {
      if (!p.isAlive() || System.currentTimeMillis() > deadline) {
        n.close();
        throw new IllegalStateException(
            "nginx did not start: "
                + Files.readString(dir.resolve("stdout.log"))
                + (Files.exists(dir.resolve("error.log"))
                    ? Files.readString(dir.resolve("error.log"))
                    : ""));
      }
      Thread.sleep(50);
    }
    return n;
  }

  public String errorLog() {
    try {
      return Files.readString(dir.resolve("error.log"));
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy(); // SIGTERM: nginx's fast shutdown, workers go with the master
    if (!process.waitFor(10, TimeUnit.SECONDS))
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
  }
}
