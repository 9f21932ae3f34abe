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

/**
 * A server under test in its own process (a JVM, or nginx's master and its workers), and what /proc
 * and jcmd say about it: RSS, CPU time, live heap.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");
  final Process process;
  final String name;

  /**
   * false for nginx: its work is done by the master's children, so CPU and RSS count them too; no
   * heap.
   */
  private final boolean jvm;

  /** Every process the bench started and has not stopped yet, for the shutdown hook. */
  private static final java.util.Set<Process> LIVE =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private ServerProcess(String name, Process process, boolean jvm) {
    this.name = name;
    this.process = process;
    this.jvm = jvm;
    LIVE.add(process);
  }

  /**
   * On the way out (end, Ctrl-C, SIGTERM, the time bound): servers, their children and generators,
   * each by its PID.
   */
  static void stopAll() {
    for (Process p : List.copyOf(LIVE)) {
      List<ProcessHandle> children = p.children().toList();
      p.destroy();
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
      for (ProcessHandle c : children) if (c.isAlive()) c.destroyForcibly();
      LIVE.remove(p);
    }
  }

  /** Any other program (nginx in the foreground), stopped by its PID at close. */
  static ServerProcess command(String name, List<String> cmd, Path log) throws IOException {
    return new ServerProcess(
        name,
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start(),
        false);
  }

  /** This process and, for a non-JVM server, its children (nginx's workers), by PID. */
  private List<Long> pids() {
    List<Long> all = new java.util.ArrayList<>(List.of(pid()));
    if (!jvm) process.children().forEach(c -> all.add(c.pid()));
    return all;
  }

  static ServerProcess start(
      String name, String mainClass, List<String> args, Map<String, String> env, Path log)
      throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(javaBin()));
    String opts = System.getenv("BENCH_SERVER_JAVA_OPTS"); // e.g. a JFR recording while profiling
    if (opts != null && !opts.isBlank()) cmd.addAll(List.of(opts.trim().split("\\s+")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return new ServerProcess(name, pb.start(), true);
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
    long sum = 0;
    for (long pid : pids()) {
      for (String line : readLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) sum += Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return sum;
  }

  private static List<String> readLines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException gone) { // a worker that just exited
      return List.of();
    }
  }

  /** User + system CPU time in clock ticks (1/100 s on Linux), from /proc/<pid>/stat. */
  long cpuTicks() throws IOException {
    long sum = 0;
    for (long pid : pids()) {
      List<String> lines = readLines(Path.of("/proc/" + pid + "/stat"));
      if (lines.isEmpty()) continue;
      String stat = lines.get(0);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
    return sum;
  }

  /**
   * Heap in use after a full GC, in KiB (jcmd GC.run, then GC.heap_info); -1 for a non-JVM server.
   */
  long liveHeapKiB() throws IOException, InterruptedException {
    if (!jvm) return -1;
    jcmd("GC.run");
    Matcher m = USED.matcher(jcmd("GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** With BENCH_HISTOGRAM=1, the live objects by class (jcmd GC.class_histogram) into a file. */
  void histogram(Path file) throws IOException, InterruptedException {
    if (jvm && "1".equals(System.getenv("BENCH_HISTOGRAM")))
      Files.writeString(file, jcmd("GC.class_histogram"));
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process p =
        new ProcessBuilder(jcmd, Long.toString(pid()), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> children = jvm ? List.of() : process.children().toList();
    process.destroy(); // SIGTERM: Manchette stops gracefully, its embedded PostgreSQL too; nginx's
    // fast shutdown
    if (!process.waitFor(60, TimeUnit.SECONDS))
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    for (ProcessHandle c : children)
      if (c.isAlive()) c.destroyForcibly(); // workers of a master that did not stop them
    LIVE.remove(process);
  }

  /** Starts a load generator JVM; returns it with its stdout reader. */
  static Generator generator(
      String host,
      int port,
      String transport,
      int n,
      int firstSource,
      int sources,
      File result,
      boolean subscribe)
      throws IOException {
    Process p =
        new ProcessBuilder(
                javaBin(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                LoadGenerator.class.getName(),
                host,
                Integer.toString(port),
                transport,
                Integer.toString(n),
                Integer.toString(firstSource),
                Integer.toString(sources),
                result.getPath(),
                subscribe ? "subscribe" : "nosubscribe")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    LIVE.add(p);
    p.onExit().thenRun(() -> LIVE.remove(p)); // a generator ends by itself once it says DONE
    return new Generator(
        p,
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
        result);
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
