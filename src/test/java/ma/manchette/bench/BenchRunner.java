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
 * The full fan-out bench (run by bench/run.sh, not by CI): Manchette, the raw Vert.x reference
 * server and nginx + nchan, each in its own process, N subscribers per transport from several
 * load-generator JVMs; at each N a 2-second cadence and bursts of headlines, published on the
 * bench's own schedule, the same for every server. The whole sequence runs BENCH_RUNS times
 * (servers restarted), so the report shows the spread between runs. Writes bench/results/latest.md
 * and latency.png. Settings come from the environment (see README).
 */
public final class BenchRunner {
  private static final int PER_GENERATOR = 5_000; // well under the 20,000 open files of one process
  private static final int SOURCES_PER_GENERATOR = 4;

  /**
   * One measured window. {@code kind} is "2 s" (a headline every 1.5–2.5 s), "burst" (bursts of
   * headlines 250 ms apart) or "stress" ({@code rate} headlines per second).
   */
  record Phase(
      int run,
      String server,
      String transport,
      int n,
      String kind,
      int rate,
      BenchResult result,
      int headlines,
      int complete,
      long missed,
      long deliveries,
      int p50,
      int p99,
      int max,
      int lastP99,
      long rssKiB,
      double heapPerConnKiB,
      double cpuPercent,
      double cpuUsPerDelivery,
      int[] detectionLag,
      int endToEndP99) {}

  /** Publishes one headline on the server under test, now. */
  interface Publisher {
    void publish() throws Exception;
  }

  private final List<Phase> phases = new ArrayList<>();
  private final int warmUpSeconds = intEnv("BENCH_WARMUP_SECONDS", 12);
  private static final int WARM_UP_N = 1_000;
  // the realistic cadence, then bursts (a big story breaking): many headlines each, so a p99 is not
  // one slow headline
  final int cadenceHeadlines = intEnv("BENCH_CADENCE_HEADLINES", 40);
  final int bursts = intEnv("BENCH_BURSTS", 3);
  final int burstSize = intEnv("BENCH_BURST_SIZE", 20);
  final int burstGapMs = intEnv("BENCH_BURST_GAP_MS", 250);
  private final int burstPauseMs = intEnv("BENCH_BURST_PAUSE_MS", 3_000);
  private int run = 1;
  // stress: a few subscribers, rising headline rates, to find where delivery falls behind
  private final int stressN = intEnv("BENCH_STRESS_N", 500);
  private final int stressSeconds = intEnv("BENCH_STRESS_SECONDS", 14);
  private final List<Integer> stressRates =
      Arrays.stream(
              System.getenv().getOrDefault("BENCH_STRESS_RATES", "10,50,100,200,400").split(","))
          .map(String::trim)
          .filter(r -> !r.isEmpty())
          .map(Integer::parseInt)
          .toList();
  private final HttpClient http = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(ServerProcess::stopAll));
    // bounded in time whatever happens: past the limit the bench exits, and the hook stops what it
    // started
    int maxMinutes = intEnv("BENCH_MAX_MINUTES", 240);
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(maxMinutes * 60_000L);
                System.err.println("bench: over BENCH_MAX_MINUTES=" + maxMinutes + ", stopping");
                System.exit(2);
              } catch (InterruptedException done) {
                // the bench ended first
              }
            });
    watchdog.setDaemon(true);
    watchdog.start();
    new BenchRunner().run(Path.of(args.length > 0 ? args[0] : "bench/results"));
    System.exit(0);
  }

  private void run(Path outDir) throws Exception {
    Files.createDirectories(outDir);
    List<Integer> ns =
        Arrays.stream(System.getenv().getOrDefault("BENCH_N", "1000,5000,16000").split(","))
            .map(String::trim)
            .filter(v -> !v.isEmpty())
            .map(Integer::parseInt)
            .toList();
    List<String> transports =
        List.of(System.getenv().getOrDefault("BENCH_TRANSPORTS", "sse,ws").split(","));
    int cap = intEnv("BENCH_CAP", 16_000);
    Path work = Files.createTempDirectory("manchette-bench");
    System.out.println("work dir (logs, per-generator results): " + work);

    // ingest throughput and WebSub lag (PipelineBenches): BENCH_ONLY=ingest|websub runs one alone,
    // into <out>/<name>.md
    String only = System.getenv().getOrDefault("BENCH_ONLY", "");
    if (only.equals("ingest") || only.equals("websub")) {
      String md = PipelineBenches.run(work, only);
      Files.writeString(outDir.resolve(only + ".md"), md);
      System.out.println(md);
      return;
    }
    List<String> servers =
        List.of(
            System.getenv().getOrDefault("BENCH_SERVERS", "manchette,reference,nchan").split(","));
    if (servers.contains("nchan") && !NchanPeer.available()) {
      throw new IllegalStateException(
          "nginx or libnginx-mod-nchan is missing: bench/run.sh installs them, or leave nchan out of BENCH_SERVERS");
    }
    int runs = intEnv("BENCH_RUNS", 2);
    for (run = 1; run <= runs; run++) {
      Path w = Files.createDirectories(work.resolve("run" + run));
      if (servers.contains("manchette")) manchette(ns, transports, cap, w);
      if (servers.contains("reference")) reference(ns, transports, w);
      if (servers.contains("nchan")) nchan(ns, transports, w);
      // written after every run, so an interrupted second run still leaves the first one's report
      BenchReport.write(outDir, phases, this, warmUpSeconds, cap, stressSeconds);
      System.out.println("run " + run + " done: wrote " + outDir.resolve("latest.md"));
    }
    String pipeline =
        PipelineBenches.run(
            work, only); // before the report is written: no Manchette JVM left running
    PipelineBenches.append(outDir.resolve("latest.md"), pipeline);
    System.out.println("wrote " + outDir.resolve("latest.md"));
  }

  private void manchette(List<Integer> ns, List<String> transports, int cap, Path work)
      throws Exception {
    // Manchette, polling a loopback outlet that publishes when the bench says
    Vertx vertx = Vertx.vertx();
    BenchOutlet outlet = new BenchOutlet(vertx);
    outlet.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    int port = freePort();
    Path outlets = work.resolve("outlets.yaml");
    Files.writeString(
        outlets,
        "outlets:\n  - id: bench\n    name: Bench\n    homepage: https://example.ma\n    lang: fr\n"
            + "    interval: 500ms\n    minInterval: 500ms\n    maxInterval: 500ms\n    feeds: ["
            + outlet.feedUrl()
            + "]\n");
    Publisher pub = () -> outlet.publish(1);
    // the bench opens thousands of streams from a few addresses: per-address caps and rate limits
    // lifted
    try (ServerProcess m =
        ServerProcess.start(
            "manchette",
            "ma.manchette.Main",
            List.of(),
            Map.of(
                "MANCHETTE_HTTP_PORT",
                Integer.toString(port),
                "MANCHETTE_HTTP_HOST",
                "127.0.0.1",
                "MANCHETTE_OUTLETS",
                outlets.toString(),
                "MANCHETTE_DATA_DIR",
                work.resolve("data").toString(),
                "MANCHETTE_MAX_SUBSCRIBERS",
                Integer.toString(cap),
                "MANCHETTE_STREAMS_PER_ADDRESS",
                "1000000",
                "MANCHETTE_RATE_LIMIT",
                "1000000"),
            work.resolve("manchette.log"))) {
      awaitReady(port);
      for (String t : transports) warmUp(m, port, t, pub, work, true);
      // transports alternate at each N, as a server serves both at once: after all the SSE phases,
      // WS 1k measured
      // 2.1–2.3× the reference's p99, alone 1.05× (likely the JIT recompiling paths profiled on SSE
      // only)
      for (int n : ns) for (String t : transports) phase(m, port, t, n, pub, work, true);
      if (intEnv("BENCH_CAP_PHASE", 1) == 1) phase(m, port, "sse", cap + 1_000, pub, work, true);
      for (int rate : stressRates) {
        outlet.keep(
            Math.max(
                50,
                rate * 3)); // a poll every 500 ms still finds every headline of the last 3 s in the
        // feed
        long since = System.nanoTime();
        long[] sent = {0};
        long tick =
            vertx.setPeriodic(
                100,
                t -> { // what the clock says is owed, so late ticks do not lower the rate
                  long owed = (System.nanoTime() - since) * rate / 1_000_000_000L;
                  if (owed > sent[0]) outlet.publish((int) (owed - sent[0]));
                  sent[0] = Math.max(sent[0], owed);
                });
        stressPhase(m, port, stressN, rate, work, true);
        vertx.cancelTimer(tick);
      }
      outlet.keep(50);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private void reference(List<Integer> ns, List<String> transports, Path work) throws Exception {
    int refPort = freePort();
    try (ServerProcess r =
        ServerProcess.start(
            "reference",
            ReferenceServer.class.getName(),
            List.of("127.0.0.1", Integer.toString(refPort), "0"),
            Map.of(),
            work.resolve("reference.log"))) {
      awaitListening(refPort);
      Publisher pub = () -> r.tell("PUB"); // stamped by the reference itself when it reads the line
      for (String t : transports) warmUp(r, refPort, t, pub, work, false);
      for (int n : ns)
        for (String t : transports) phase(r, refPort, t, n, pub, work, false); // as Manchette's
      for (int rate : stressRates) {
        r.tell("RATE " + rate);
        stressPhase(r, refPort, stressN, rate, work, false);
        r.tell("RATE 0");
      }
    }
  }

  private void nchan(List<Integer> ns, List<String> transports, Path work) throws Exception {
    try (NchanPeer peer = NchanPeer.start(work.resolve("nchan"))) {
      for (String t : transports) warmUp(peer.process, peer.port, t, peer::publish, work, false);
      for (int n : ns)
        for (String t : transports)
          phase(peer.process, peer.port, t, n, peer::publish, work, false);
      String errors = peer.errorLog();
      if (!errors.isBlank())
        System.out.println(
            "nchan error log:\n" + errors.lines().limit(20).reduce("", (a, b) -> a + b + "\n"));
    }
  }

  /**
   * An unreported phase per server and transport before the measured ones, so every server is
   * measured with its delivery path compiled: otherwise the first phase (1k) times the JIT as much
   * as the server.
   */
  private void warmUp(
      ServerProcess server, int port, String transport, Publisher pub, Path work, boolean manchette)
      throws Exception {
    if (warmUpSeconds <= 0) return;
    System.out.print("warm-up: ");
    List<ServerProcess.Generator> gens =
        connect(server, port, transport, WARM_UP_N, "warmup", work);
    long until = System.currentTimeMillis() + warmUpSeconds * 1_000L;
    while (System.currentTimeMillis() < until) {
      pub.publish();
      Thread.sleep(500);
    }
    Thread.sleep(2_000);
    collect(gens);
    settle(port, manchette);
  }

  private List<ServerProcess.Generator> connect(
      ServerProcess server, int port, String transport, int n, String tag, Path work)
      throws Exception {
    System.out.printf("run %d %s %s N=%d %s ...%n", run, server.name, transport, n, tag);
    List<ServerProcess.Generator> gens = new ArrayList<>();
    int procs = (n + PER_GENERATOR - 1) / PER_GENERATOR;
    for (int i = 0; i < procs; i++) {
      int share = n / procs + (i < n % procs ? 1 : 0);
      File result =
          work.resolve(server.name + "-" + transport + "-" + n + "-" + tag + "-" + i + ".json")
              .toFile();
      gens.add(
          ServerProcess.generator(
              "127.0.0.1",
              port,
              transport,
              share,
              2 + i * SOURCES_PER_GENERATOR,
              SOURCES_PER_GENERATOR,
              result,
              !server.name.equals("nchan"))); // nchan closes a WebSocket that sends
    }
    for (ServerProcess.Generator g : gens) System.out.println("  " + g.awaitLine("CONNECTED"));
    Thread.sleep(2_000); // WebSocket subscribe messages read, connections settled
    return gens;
  }

  private static BenchResult collect(List<ServerProcess.Generator> gens) throws Exception {
    BenchResult merged = new BenchResult();
    for (ServerProcess.Generator g : gens) g.stop();
    for (ServerProcess.Generator g : gens) {
      g.awaitLine("DONE");
      g.process().waitFor(60, TimeUnit.SECONDS);
      merged.merge(new JsonObject(Files.readString(g.result().toPath())));
    }
    return merged;
  }

  private void settle(int port, boolean manchette) throws Exception {
    if (manchette) awaitNoSubscribers(port);
    Thread.sleep(3_000); // let closed sockets leave TIME_WAIT accounting and the server settle
  }

  /**
   * Where one schedule's headlines fall: publications in [from, lastPublished]; CPU counted until
   * {@code until}.
   */
  private record Window(String kind, long from, long lastPublished, long until, long cpuTicks) {}

  /**
   * N subscribers held through a priming headline, the cadence, then the bursts, on one set of
   * connections; the cadence and the bursts each get their own row. After its last headline each
   * schedule waits a drain time (longer at large N), inside its CPU window.
   */
  private void phase(
      ServerProcess server,
      int port,
      String transport,
      int n,
      Publisher pub,
      Path work,
      boolean manchette)
      throws Exception {
    long heapBefore = server.liveHeapKiB();
    String histogram = server.name + "-" + transport + "-" + n + "-run" + run;
    server.histogram(work.resolve(histogram + "-idle.txt"));
    List<ServerProcess.Generator> gens = connect(server, port, transport, n, "run" + run, work);
    long heapAfter = server.liveHeapKiB();
    // what each connection holds, class by class: diff the two files (BENCH_HISTOGRAM=1)
    server.histogram(work.resolve(histogram + "-connected.txt"));
    long rss = server.rssKiB();
    long drainMs = 3_000 + n / 2L;
    // an unreported first headline: the first write to fresh connections was each run's slowest
    // headline by far
    // (up to 3× the next), which is connection set-up, not the fan-out of long-lived subscribers
    pub.publish();
    Thread.sleep(drainMs);
    Random random = new Random(8); // the same cadence for every server
    List<Window> windows = new ArrayList<>();
    windows.add(
        window(
            server,
            "2 s",
            drainMs,
            () -> {
              for (int i = 0; i < cadenceHeadlines; i++) {
                if (i > 0) Thread.sleep(1_500 + random.nextInt(1_000));
                pub.publish();
              }
            }));
    windows.add(
        window(
            server,
            "burst",
            drainMs,
            () -> {
              for (int b = 0; b < bursts; b++) {
                if (b > 0) Thread.sleep(burstPauseMs);
                for (int i = 0; i < burstSize; i++) {
                  if (i > 0) Thread.sleep(burstGapMs);
                  pub.publish();
                }
              }
            }));
    BenchResult merged = collect(gens);
    double heapPerConn =
        merged.connected.get() == 0 || heapAfter < 0
            ? -1
            : (heapAfter - heapBefore) / (double) merged.connected.get();
    for (Window w : windows) {
      // Manchette detects a headline up to a poll (500 ms) after publication: its detectedAt falls
      // that much later
      phases.add(
          summarise(
              server.name,
              transport,
              n,
              w.kind(),
              0,
              merged,
              w.from(),
              w.lastPublished() + 1_500,
              rss,
              heapPerConn,
              w.cpuTicks(),
              w.until() - w.from()));
    }
    settle(port, manchette);
  }

  private interface Schedule {
    void run() throws Exception;
  }

  private static Window window(ServerProcess server, String kind, long drainMs, Schedule schedule)
      throws Exception {
    long cpu0 = server.cpuTicks();
    long from = System.currentTimeMillis();
    schedule.run();
    long last = System.currentTimeMillis();
    Thread.sleep(drainMs);
    long cpu1 = server.cpuTicks();
    return new Window(kind, from, last, System.currentTimeMillis(), cpu1 - cpu0);
  }

  /**
   * Subscribers held while the server (or its outlet) publishes {@code rate} headlines per second
   * by itself.
   */
  private void stressPhase(
      ServerProcess server, int port, int n, int rate, Path work, boolean manchette)
      throws Exception {
    List<ServerProcess.Generator> gens = connect(server, port, "sse", n, "rate" + rate, work);
    long rss = server.rssKiB();
    long start = System.currentTimeMillis();
    long cpu0 = server.cpuTicks();
    Thread.sleep(stressSeconds * 1_000L);
    long cpu1 = server.cpuTicks();
    long stop = System.currentTimeMillis();
    BenchResult merged = collect(gens);
    phases.add(
        summarise(
            server.name,
            "sse",
            n,
            "stress",
            rate,
            merged,
            start,
            stop - 5_000,
            rss,
            -1,
            cpu1 - cpu0,
            stop - start));
    settle(port, manchette);
  }

  /**
   * Only headlines detected inside [start, end] count: every subscriber was connected for those.
   * Under a stress rate, headlines published in the window count, received or not: the clock says
   * how many there were.
   */
  private Phase summarise(
      String server,
      String transport,
      int n,
      String kind,
      int rate,
      BenchResult r,
      long start,
      long end,
      long rss,
      double heapPerConn,
      long cpuTicks,
      long elapsedMs) {
    List<Integer> last = new ArrayList<>();
    List<Integer> lag = new ArrayList<>();
    int headlines = 0;
    int complete = 0;
    long missed = 0;
    long deliveries = 0;
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
    int[] window = r.fanoutMs(start, end);
    int[] lastArr = last.stream().mapToInt(Integer::intValue).toArray();
    double cpuMs = cpuTicks * 10.0; // clock ticks are 1/100 s
    return new Phase(
        run,
        server,
        transport,
        n,
        kind,
        rate,
        r,
        headlines,
        complete,
        missed,
        deliveries,
        BenchResult.percentile(window, 50),
        BenchResult.percentile(window, 99),
        BenchResult.percentile(window, 100),
        BenchResult.percentile(lastArr, 99),
        rss,
        heapPerConn,
        cpuMs / elapsedMs * 100.0,
        deliveries == 0 ? -1 : cpuMs * 1_000.0 / deliveries,
        lag.stream().mapToInt(Integer::intValue).toArray(),
        BenchResult.percentile(r.endToEndMs(start, end), 99));
  }

  private void awaitReady(int port) throws Exception {
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .build(),
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
      JsonObject s =
          new JsonObject(
                  http.send(
                          HttpRequest.newBuilder(
                                  URI.create("http://127.0.0.1:" + port + "/api/stats"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body())
              .getJsonObject("subscribers");
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
