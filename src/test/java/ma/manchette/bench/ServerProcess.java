package ma.manchette.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server under test in its own JVM, and what /proc and jcmd say about it: RSS, CPU time, live heap. */
final class ServerProcess implements AutoCloseable {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");
  final Process process;
  final String name;

  private ServerProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  static ServerProcess start(String name, String mainClass, List<String> args, Map<String, String> env, Path log) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(javaBin()));
    String opts = System.getenv("BENCH_SERVER_JAVA_OPTS"); // e.g. a JFR recording while profiling
    if (opts != null && !opts.isBlank()) cmd.addAll(List.of(opts.trim().split("\\s+")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return new ServerProcess(name, pb.start());
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A command line on the server's stdin (the reference server takes RATE n). */
  void tell(String line) throws IOException {
    process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  long pid() {
    return process.pid();
  }

  /** Resident set size in KiB, from /proc/<pid>/status. */
  long rssKiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    return -1;
  }

  /** User + system CPU time in clock ticks (1/100 s on Linux), from /proc/<pid>/stat. */
  long cpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** Heap in use after a full GC, in KiB (jcmd GC.run, then GC.heap_info). */
  long liveHeapKiB() throws IOException, InterruptedException {
    jcmd("GC.run");
    Matcher m = USED.matcher(jcmd("GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process p = new ProcessBuilder(jcmd, Long.toString(pid()), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: Manchette stops gracefully, its embedded PostgreSQL too
    if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** Starts a load generator JVM; returns it with its stdout reader. */
  static Generator generator(String host, int port, String transport, int n, int firstSource, int sources, File result)
      throws IOException {
    Process p = new ProcessBuilder(javaBin(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        LoadGenerator.class.getName(), host, Integer.toString(port), transport, Integer.toString(n),
        Integer.toString(firstSource), Integer.toString(sources), result.getPath())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new Generator(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)), result);
  }

  record Generator(Process process, BufferedReader out, File result) {
    String awaitLine(String prefix) throws IOException {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(prefix)) return line;
      }
      throw new IOException("load generator ended before " + prefix);
    }

    void stop() throws IOException {
      process.getOutputStream().write("STOP\n".getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    }
  }
}
