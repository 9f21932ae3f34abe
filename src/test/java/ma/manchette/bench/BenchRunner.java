package ma.manchette.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The full fan-out bench (run by bench/run.sh, not by CI): Manchette and the reference server each in
 * their own JVM, N subscribers per transport from several load-generator JVMs, headlines about every
 * 2 s; writes bench/results/latest.md and latency.png. Settings come from the environment (see README).
 */
public final class BenchRunner {
  private static final int PER_GENERATOR = 5_000; // well under the 20,000 open files of one process
  private static final int SOURCES_PER_GENERATOR = 4;

  /** One held load; {@code rate} is 0 for the realistic headline about every 2 s, else headlines per second. */
  record Phase(String server, String transport, int n, int rate, BenchResult result, int headlines, int complete,
      long missed, int p50, int p99, int max, int lastP99, long rssKiB, double heapPerConnKiB, double cpuPercent,
      int[] detectionLag, int endToEndP99) {}

  private final List<Phase> phases = new ArrayList<>();
  private final int holdSeconds = intEnv("BENCH_HOLD_SECONDS", 20);
  private final int warmUpSeconds = intEnv("BENCH_WARMUP_SECONDS", 12);
  private static final int WARM_UP_N = 1_000;
  // stress: a few subscribers, rising headline rates, to find where delivery falls behind
  private final int stressN = intEnv("BENCH_STRESS_N", 500);
  private final int stressSeconds = intEnv("BENCH_STRESS_SECONDS", 14);
  private final List<Integer> stressRates = Arrays.stream(System.getenv().getOrDefault("BENCH_STRESS_RATES", "10,50,100,200,400")
      .split(",")).map(String::trim).filter(r -> !r.isEmpty()).map(Integer::parseInt).toList();
  private final HttpClient http = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    new BenchRunner().run(Path.of(args.length > 0 ? args[0] : "bench/results"));
    System.exit(0);
  }

  private void run(Path outDir) throws Exception {
    Files.createDirectories(outDir);
    List<Integer> ns = Arrays.stream(System.getenv().getOrDefault("BENCH_N", "1000,5000,10000,16000").split(","))
        .map(String::trim).filter(v -> !v.isEmpty()).map(Integer::parseInt).toList();
    List<String> transports = List.of(System.getenv().getOrDefault("BENCH_TRANSPORTS", "sse,ws").split(","));
    int cap = intEnv("BENCH_CAP", 16_000);
    Path work = Files.createTempDirectory("manchette-bench");
    System.out.println("work dir (logs, per-generator results): " + work);

    // ingest throughput and WebSub lag (PipelineBenches): BENCH_ONLY=ingest|websub runs one alone, into <out>/<name>.md
    String only = System.getenv().getOrDefault("BENCH_ONLY", "");
    if (only.equals("ingest") || only.equals("websub")) {
      String md = PipelineBenches.run(work, only);
      Files.writeString(outDir.resolve(only + ".md"), md);
      System.out.println(md);
      return;
    }
    List<String> servers = List.of(System.getenv().getOrDefault("BENCH_SERVERS", "manchette,reference").split(","));
    if (servers.contains("manchette")) manchette(ns, transports, cap, work);
    if (servers.contains("reference")) reference(ns, transports, work);
    String pipeline = PipelineBenches.run(work, only); // before the report is written: no Manchette JVM left running
    BenchReport.write(outDir, phases, holdSeconds, warmUpSeconds, cap, stressSeconds);
    PipelineBenches.append(outDir.resolve("latest.md"), pipeline);
    System.out.println("wrote " + outDir.resolve("latest.md"));
  }

  private void manchette(List<Integer> ns, List<String> transports, int cap, Path work) throws Exception {
    // Manchette, polling a loopback outlet that publishes at random moments about every 2 s
    Vertx vertx = Vertx.vertx();
    BenchOutlet outlet = new BenchOutlet(vertx);
    outlet.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Random random = new Random(8);
    int[] stressRate = {0};
    scheduleHeadlines(vertx, outlet, random, stressRate);
    int port = freePort();
    Path outlets = work.resolve("outlets.yaml");
    Files.writeString(outlets, "outlets:\n  - id: bench\n    name: Bench\n    homepage: https://example.ma\n    lang: fr\n"
        + "    interval: 500ms\n    minInterval: 500ms\n    maxInterval: 500ms\n    feeds: [" + outlet.feedUrl() + "]\n");
    // the bench opens thousands of streams from a few addresses: per-address caps and rate limits lifted
    try (ServerProcess m = ServerProcess.start("manchette", "ma.manchette.Main", List.of(), Map.of(
        "MANCHETTE_HTTP_PORT", Integer.toString(port), "MANCHETTE_HTTP_HOST", "127.0.0.1",
        "MANCHETTE_OUTLETS", outlets.toString(), "MANCHETTE_DATA_DIR", work.resolve("data").toString(),
        "MANCHETTE_MAX_SUBSCRIBERS", Integer.toString(cap), "MANCHETTE_STREAMS_PER_ADDRESS", "1000000",
        "MANCHETTE_RATE_LIMIT", "1000000"), work.resolve("manchette.log"))) {
      awaitReady(port);
      for (String t : transports) warmUp(m, port, t, work, true);
      // transports alternate at each N, as a server serves both at once: after all the SSE phases, WS 1k measured
      // 2.1–2.3× the reference's p99, alone 1.05× (likely the JIT recompiling paths profiled on SSE only)
      for (int n : ns) for (String t : transports) phase(m, port, t, n, 0, holdSeconds, work, true);
      if (intEnv("BENCH_CAP_PHASE", 1) == 1) phase(m, port, "sse", cap + 1_000, 0, holdSeconds, work, true);
      for (int rate : stressRates) {
        outlet.keep(Math.max(50, rate * 3)); // a poll every 500 ms still finds every headline of the last 3 s in the feed
        long since = System.nanoTime();
        long[] sent = {0};
        long tick = vertx.setPeriodic(100, t -> { // what the clock says is owed, so late ticks do not lower the rate
          long owed = (System.nanoTime() - since) * rate / 1_000_000_000L;
          if (owed > sent[0]) outlet.publish((int) (owed - sent[0]));
          sent[0] = Math.max(sent[0], owed);
        });
        stressRate[0] = rate;
        phase(m, port, "sse", stressN, rate, stressSeconds, work, true);
        vertx.cancelTimer(tick);
        stressRate[0] = 0;
      }
      outlet.keep(50);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private void reference(List<Integer> ns, List<String> transports, Path work) throws Exception {
    int refPort = freePort();
    try (ServerProcess r = ServerProcess.start("reference", ReferenceServer.class.getName(),
        List.of("127.0.0.1", Integer.toString(refPort), "2000"), Map.of(), work.resolve("reference.log"))) {
      awaitListening(refPort);
      for (String t : transports) warmUp(r, refPort, t, work, false);
      for (int n : ns) for (String t : transports) phase(r, refPort, t, n, 0, holdSeconds, work, false); // as Manchette's
      for (int rate : stressRates) {
        r.tell("RATE " + rate);
        phase(r, refPort, "sse", stressN, rate, stressSeconds, work, false);
        r.tell("RATE 0");
      }
    }
  }

  /** The realistic pace: one headline at a random moment 1.5–2.5 s after the last, except while a stress rate runs. */
  private static void scheduleHeadlines(Vertx vertx, BenchOutlet outlet, Random random, int[] stressRate) {
    vertx.setTimer(1_500 + random.nextInt(1_000), t -> {
      if (stressRate[0] == 0) outlet.publish(1);
      scheduleHeadlines(vertx, outlet, random, stressRate);
    });
  }

  /**
   * An unreported phase per server and transport before the measured ones, so both servers are measured with
   * their delivery path compiled: otherwise the first phase (1k) times the JIT as much as the server.
   */
  private void warmUp(ServerProcess server, int port, String transport, Path work, boolean manchette) throws Exception {
    if (warmUpSeconds <= 0) return;
    System.out.print("warm-up: ");
    phase(server, port, transport, WARM_UP_N, 0, warmUpSeconds, work, manchette);
    phases.remove(phases.size() - 1);
  }

  private void phase(ServerProcess server, int port, String transport, int n, int rate, int hold, Path work,
      boolean manchette) throws Exception {
    System.out.printf("%s %s N=%d%s ...%n", server.name, transport, n, rate == 0 ? "" : " at " + rate + " headlines/s");
    long heapBefore = server.liveHeapKiB();
    List<ServerProcess.Generator> gens = new ArrayList<>();
    int procs = (n + PER_GENERATOR - 1) / PER_GENERATOR;
    for (int i = 0; i < procs; i++) {
      int share = n / procs + (i < n % procs ? 1 : 0);
      File result = work.resolve(server.name + "-" + transport + "-" + n + "-" + rate + "-" + i + ".json").toFile();
      gens.add(ServerProcess.generator("127.0.0.1", port, transport, share, 2 + i * SOURCES_PER_GENERATOR,
          SOURCES_PER_GENERATOR, result));
    }
    for (ServerProcess.Generator g : gens) System.out.println("  " + g.awaitLine("CONNECTED"));
    Thread.sleep(2_000); // WebSocket subscribe messages read, connections settled
    long heapAfter = server.liveHeapKiB();
    long rss = server.rssKiB();
    long start = System.currentTimeMillis();
    long cpu0 = server.cpuTicks();
    Thread.sleep(hold * 1_000L);
    long cpu1 = server.cpuTicks();
    long stop = System.currentTimeMillis();
    BenchResult merged = new BenchResult();
    for (ServerProcess.Generator g : gens) g.stop();
    for (ServerProcess.Generator g : gens) {
      g.awaitLine("DONE");
      g.process().waitFor(60, TimeUnit.SECONDS);
      merged.merge(new JsonObject(Files.readString(g.result().toPath())));
    }
    phases.add(summarise(server.name, transport, n, rate, merged, start, stop, rss,
        merged.connected.get() == 0 ? 0 : (heapAfter - heapBefore) / (double) merged.connected.get(),
        (cpu1 - cpu0) / (double) (stop - start) * 1_000.0)); // ticks are 1/100 s: ticks per ms × 1000 = %
    if (manchette) awaitNoSubscribers(port);
    Thread.sleep(3_000); // let closed sockets leave TIME_WAIT accounting and the server settle
  }

  /**
   * Only headlines detected inside the hold window count: every subscriber was connected for those. Under a
   * stress rate, headlines published in the window count, received or not: the clock says how many there were.
   */
  private Phase summarise(String server, String transport, int n, int rate, BenchResult r, long start, long stop, long rss,
      double heapPerConn, double cpu) {
    List<Integer> fanout = new ArrayList<>();
    List<Integer> last = new ArrayList<>();
    List<Integer> lag = new ArrayList<>();
    int headlines = 0;
    int complete = 0;
    long missed = 0;
    long deliveries = 0;
    long end = stop - (rate > 0 ? 5_000 : 3_000); // what was published at the end still has this long to arrive
    for (long[] s : r.items().values()) {
      long at = rate > 0 ? s[1] : s[0];
      if (at < start || at > end) continue;
      headlines++;
      deliveries += s[2];
      if (s[2] >= r.connected.get()) complete++;
      missed += Math.max(0, r.connected.get() - s[2]);
      last.add((int) (s[3] - s[0]));
      if (s[1] > 0) lag.add((int) (s[0] - s[1]));
    }
    if (rate > 0) { // a headline nobody received is missed by everyone
      // the clock's count, less one for where the window's edges fall between two headlines
      headlines = Math.max(headlines, (int) (rate * (end - start) / 1_000) - 1);
      missed = Math.max(0, (long) headlines * r.connected.get() - deliveries);
    }
    int[] window = r.fanoutMs(start, end); // headlines of the hold window only (no jcmd GC pause in it)
    int[] lastArr = last.stream().mapToInt(Integer::intValue).toArray();
    return new Phase(server, transport, n, rate, r, headlines, complete, missed,
        BenchResult.percentile(window, 50), BenchResult.percentile(window, 99), BenchResult.percentile(window, 100),
        BenchResult.percentile(lastArr, 99), rss, heapPerConn, cpu, lag.stream().mapToInt(Integer::intValue).toArray(),
        BenchResult.percentile(r.endToEndMs(start, end), 99));
  }

  private void awaitReady(int port) throws Exception {
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) return;
      } catch (java.io.IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("Manchette not ready within 180 s");
  }

  private void awaitListening(int port) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(300);
      }
    }
    throw new IllegalStateException("reference server not listening");
  }

  private void awaitNoSubscribers(int port) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      JsonObject s = new JsonObject(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/stats")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).getJsonObject("subscribers");
      if (s.getInteger("sse") + s.getInteger("ws") == 0) return;
      Thread.sleep(500);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static int intEnv(String name, int dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
  }

  static String now() {
    return Instant.now().toString();
  }
}
