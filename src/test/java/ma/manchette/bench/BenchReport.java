package ma.manchette.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** Writes the results table (latest.md) and the latency-against-subscribers chart (latency.png). */
final class BenchReport {
  private BenchReport() {}

  static void write(
      Path dir,
      List<BenchRunner.Phase> all,
      BenchRunner cfg,
      int warmUpSeconds,
      int cap,
      int stressSeconds)
      throws IOException, InterruptedException {
    List<BenchRunner.Phase> phases = all.stream().filter(p -> p.rate() == 0).toList();
    List<BenchRunner.Phase> stress = all.stream().filter(p -> p.rate() > 0).toList();
    int runs = phases.stream().mapToInt(BenchRunner.Phase::run).max().orElse(0);
    StringBuilder md = new StringBuilder("# Manchette fan-out bench\n\n");
    md.append("- date: ")
        .append(BenchRunner.now())
        .append("\n- commit: ")
        .append(commit())
        .append("\n- machine: ")
        .append(machine())
        .append("\n- open-file limit per process: 20,000 (load spread over ")
        .append("several generator JVMs of at most 5,000 connections, sources 127.0.0.2…)\n")
        .append(
            "- servers: Manchette; the raw Vert.x reference (one verticle per core, one buffer written to every connection); ")
        .append(
            "nginx + nchan (Debian's nginx and libnginx-mod-nchan, `bench/nchan.conf`, 2 workers, loopback). Same load generator ")
        .append("and URIs for all three\n")
        .append("- network transport of both JVM servers: ")
        .append(
            "0".equals(System.getenv("MANCHETTE_NATIVE_TRANSPORT"))
                ? "NIO (MANCHETTE_NATIVE_TRANSPORT=0)"
                : "epoll (Netty's native transport)")
        .append("\n")
        .append(
            "- at each N, on one set of connections: one unreported priming headline (the first write to fresh connections ")
        .append("was the slowest headline of every phase, up to 3× the next), then **2 s** = ")
        .append(cfg.cadenceHeadlines)
        .append(
            " headlines 1.5–2.5 s apart (same seeded schedule for every server), then **burst** = ")
        .append(cfg.bursts)
        .append(" bursts of ")
        .append(cfg.burstSize)
        .append(" headlines ")
        .append(cfg.burstGapMs)
        .append(" ms apart. The bench ")
        .append(
            "publishes: Manchette's loopback RSS outlet (polled every 500 ms), the reference on a stdin line, nchan by a POST to its publisher location\n")
        .append(
            "- before its measured phases each server runs an unreported warm-up per transport (1,000 subscribers, ")
        .append(warmUpSeconds)
        .append(
            " s, a headline every 500 ms); then the transports alternate at each N (SSE 1k, WebSocket 1k, SSE 5k, …)\n")
        .append("- ")
        .append(runs)
        .append(" run(s) of the whole sequence, each server restarted between them\n")
        .append("- load average when the report was written (1, 5, 15 min): ")
        .append(loadAverage())
        .append(
            " — the machine is shared (other engineers run test suites on it): anything else running shows here and makes the figures noisier\n\n");

    md.append(
        "## Every phase\n\n| run | server | transport | N | phase | connected | lost | headlines | all got it | missed deliveries "
            + "| deliveries | p50 ms | p99 ms | max ms | last-subscriber p99 ms | RSS MiB | live heap / conn KiB | CPU % | CPU µs / delivery |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (BenchRunner.Phase p : phases) {
      BenchResult r = p.result();
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %d | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.0f | %s | %.0f | %.1f |%n",
              p.run(),
              p.server(),
              p.transport(),
              p.n(),
              p.kind(),
              r.connected.get(),
              r.lost.get(),
              p.headlines(),
              p.complete(),
              p.missed(),
              p.deliveries(),
              p.p50(),
              p.p99(),
              p.max(),
              p.lastP99(),
              p.rssKiB() / 1024.0,
              p.heapPerConnKiB() < 0
                  ? "n/a"
                  : String.format(Locale.ROOT, "%.1f", p.heapPerConnKiB()),
              p.cpuPercent(),
              p.cpuUsPerDelivery()));
    }
    md.append(
            "\nfan-out latency = receipt by the subscriber − `detectedAt` (same machine, same clock; for the reference and nchan, ")
        .append(
            "`detectedAt` is the publish stamp); last-subscriber = per headline, the latest receipt − `detectedAt`; live heap = heap ")
        .append(
            "used after a full GC with N connected − before, divided by N (JVMs only); CPU = the server process's user + system time ")
        .append(
            "(nginx: master + workers; Manchette: its JVM, not its embedded PostgreSQL) from the first headline of the phase to ")
        .append(
            "the end of its drain, divided by the deliveries of the phase (and, as CPU %, by its duration, of one core); cap = ")
        .append(cap)
        .append(".\n\n");

    md.append(sideBySide(phases, runs));
    md.append(ratios(phases));
    List<Integer> lag = new ArrayList<>();
    for (BenchRunner.Phase p : phases)
      if (p.server().equals("manchette")) for (int v : p.detectionLag()) lag.add(v);
    int[] l = lag.stream().mapToInt(Integer::intValue).toArray();
    md.append(
        String.format(
            Locale.ROOT,
            "%n## Detection lag (polled, interval 500 ms)%n%n`detectedAt` − publication by the outlet, "
                + "%d headlines: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms. WebSub-pushed outlets are not measured here.%n",
            l.length,
            BenchResult.percentile(l, 50),
            BenchResult.percentile(l, 90),
            BenchResult.percentile(l, 99),
            BenchResult.percentile(l, 100)));
    if (!stress.isEmpty()) md.append(stressTable(stress, stressSeconds));
    md.append("\n![latency against subscribers](latency.png)\n");
    Files.writeString(dir.resolve("latest.md"), md.toString());
    chart(
        dir.resolve("latency.png"),
        phases.stream().filter(p -> p.run() == 1 && p.kind().equals("2 s")).toList());
  }

  private static String key(BenchRunner.Phase p) {
    return p.transport() + "|" + p.n() + "|" + p.kind();
  }

  /** Phases of one server at one transport, N and kind, by run. */
  private static List<BenchRunner.Phase> runsOf(
      List<BenchRunner.Phase> phases, String server, String key) {
    return phases.stream().filter(p -> p.server().equals(server) && key(p).equals(key)).toList();
  }

  /** Each server's figures run by run, and how far apart the runs are. */
  private static String sideBySide(List<BenchRunner.Phase> phases, int runs) {
    StringBuilder md =
        new StringBuilder(
            "## Side by side, run by run\n\nEach cell: run 1 / run 2 / …; spread = (max − min) / mean of the runs.\n\n"
                + "| transport | N | phase | server | p50 ms | p99 ms | last-subscriber p99 ms | CPU µs / delivery | p99 spread | CPU spread |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
    List<Double> p99Spreads = new ArrayList<>();
    List<Double> cpuSpreads = new ArrayList<>();
    for (String key :
        new java.util.LinkedHashSet<>(phases.stream().map(BenchReport::key).toList())) {
      for (String server :
          new java.util.LinkedHashSet<>(phases.stream().map(BenchRunner.Phase::server).toList())) {
        List<BenchRunner.Phase> r = runsOf(phases, server, key);
        if (r.isEmpty()) continue;
        BenchRunner.Phase f = r.get(0);
        double ps = spread(r.stream().mapToDouble(BenchRunner.Phase::p99).toArray());
        double cs = spread(r.stream().mapToDouble(BenchRunner.Phase::cpuUsPerDelivery).toArray());
        if (r.size() > 1) {
          p99Spreads.add(ps);
          cpuSpreads.add(cs);
        }
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                f.transport(),
                f.n(),
                f.kind(),
                server,
                cells(r, p -> p.p50(), "%.0f"),
                cells(r, p -> p.p99(), "%.0f"),
                cells(r, p -> p.lastP99(), "%.0f"),
                cells(r, BenchRunner.Phase::cpuUsPerDelivery, "%.1f"),
                r.size() > 1 ? pct(ps) : "",
                r.size() > 1 ? pct(cs) : ""));
      }
    }
    if (runs > 1 && !p99Spreads.isEmpty()) {
      md.append(
          String.format(
              Locale.ROOT,
              "%nRun-to-run spread over %d rows: p99 median %s, max %s; CPU µs / delivery median %s, max %s.%n",
              p99Spreads.size(),
              pct(median(p99Spreads)),
              pct(java.util.Collections.max(p99Spreads)),
              pct(median(cpuSpreads)),
              pct(java.util.Collections.max(cpuSpreads))));
    }
    return md.append('\n').toString();
  }

  /**
   * Manchette against each peer, on the mean of the runs; in brackets the lowest and highest
   * run-by-run ratio.
   */
  private static String ratios(List<BenchRunner.Phase> phases) {
    StringBuilder md =
        new StringBuilder(
            "## Manchette / raw Vert.x and Manchette / nchan\n\nRatio of the means of the runs; in brackets, "
                + "the run-by-run ratios' range. Above 1: Manchette is slower or costlier.\n\n| transport | N | phase | peer | p50 | p99 "
                + "| last-subscriber p99 | CPU µs / delivery |\n|---|---|---|---|---|---|---|---|\n");
    for (String key :
        new java.util.LinkedHashSet<>(phases.stream().map(BenchReport::key).toList())) {
      List<BenchRunner.Phase> m = runsOf(phases, "manchette", key);
      if (m.isEmpty()) continue;
      for (String peer : List.of("reference", "nchan")) {
        List<BenchRunner.Phase> r = runsOf(phases, peer, key);
        if (r.isEmpty()) continue;
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %s | %s | %s | %s | %s | %s |%n",
                m.get(0).transport(),
                m.get(0).n(),
                m.get(0).kind(),
                peer.equals("reference") ? "raw Vert.x" : "nchan",
                ratioCell(m, r, p -> p.p50()),
                ratioCell(m, r, p -> p.p99()),
                ratioCell(m, r, p -> p.lastP99()),
                ratioCell(m, r, BenchRunner.Phase::cpuUsPerDelivery)));
      }
    }
    return md.toString();
  }

  private static String ratioCell(
      List<BenchRunner.Phase> m,
      List<BenchRunner.Phase> r,
      java.util.function.ToDoubleFunction<BenchRunner.Phase> f) {
    double mm = m.stream().mapToDouble(f).average().orElse(0);
    double rm = r.stream().mapToDouble(f).average().orElse(0);
    if (rm <= 0) return "n/a";
    List<Double> each = new ArrayList<>();
    for (BenchRunner.Phase a : m) {
      for (BenchRunner.Phase b : r)
        if (a.run() == b.run() && f.applyAsDouble(b) > 0)
          each.add(f.applyAsDouble(a) / f.applyAsDouble(b));
    }
    String range =
        each.size() < 2
            ? ""
            : String.format(
                Locale.ROOT,
                " (%.2f–%.2f)",
                java.util.Collections.min(each),
                java.util.Collections.max(each));
    return String.format(Locale.ROOT, "%.2f", mm / rm) + range;
  }

  private static String cells(
      List<BenchRunner.Phase> r,
      java.util.function.ToDoubleFunction<BenchRunner.Phase> f,
      String fmt) {
    return String.join(
        " / ", r.stream().map(p -> String.format(Locale.ROOT, fmt, f.applyAsDouble(p))).toList());
  }

  private static double spread(double[] v) {
    double mean = java.util.Arrays.stream(v).average().orElse(0);
    if (mean <= 0) return 0;
    return (java.util.Arrays.stream(v).max().getAsDouble()
            - java.util.Arrays.stream(v).min().getAsDouble())
        / mean;
  }

  private static double median(List<Double> v) {
    List<Double> s = v.stream().sorted().toList();
    return s.get(s.size() / 2);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.0f %%", v * 100);
  }

  /** Rising headline rates against a few subscribers: where each server stops keeping up. */
  private static String stressTable(List<BenchRunner.Phase> stress, int seconds) {
    StringBuilder md =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%n## Stress: rising headline rates%n%n"
                    + "%d SSE subscribers held %d s per rate. Manchette polls its outlet every 500 ms, so each poll brings rate/2 "
                    + "headlines at once; the reference publishes evenly every 10 ms. Keeps up = no connection lost, every "
                    + "subscriber got every headline, fan-out p99 under 1 s.%n%n",
                stress.get(0).n(),
                seconds));
    md.append(
        "| server | headlines/s | published | received by all | deliveries % | missed | lost | fan-out p50 ms | fan-out p99 ms "
            + "| fan-out max ms | published → received p99 ms | CPU % | keeps up |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    Map<String, Integer> best = new LinkedHashMap<>();
    Map<String, Integer> firstBehind = new LinkedHashMap<>();
    for (BenchRunner.Phase p : stress) {
      long expected = (long) p.headlines() * p.result().connected.get();
      double pct = expected == 0 ? 0 : 100.0 * (expected - p.missed()) / expected;
      boolean keepsUp =
          p.headlines() > 0
              && p.result().lost.get() == 0
              && p.missed() == 0
              && p.p99() >= 0
              && p.p99() < 1_000;
      if (keepsUp && !firstBehind.containsKey(p.server())) best.put(p.server(), p.rate());
      if (!keepsUp) firstBehind.putIfAbsent(p.server(), p.rate());
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %.2f | %d | %d | %d | %d | %d | %d | %.0f | %s |%n",
              p.server(),
              p.rate(),
              p.headlines(),
              p.complete(),
              pct,
              p.missed(),
              p.result().lost.get(),
              p.p50(),
              p.p99(),
              p.max(),
              p.endToEndP99(),
              p.cpuPercent(),
              keepsUp ? "yes" : "no"));
    }
    md.append('\n');
    for (String server :
        new java.util.LinkedHashSet<>(stress.stream().map(BenchRunner.Phase::server).toList())) {
      md.append(
          String.format(
              Locale.ROOT,
              "- %s keeps up to %s headlines/s%s%n",
              server,
              best.containsKey(server) ? best.get(server).toString() : "none of the rates tried",
              firstBehind.containsKey(server)
                  ? "; falls behind at " + firstBehind.get(server) + "/s"
                  : " (every rate tried)"));
    }
    return md.toString();
  }

  /** p99 fan-out latency against N, one line per server and transport. */
  private static void chart(Path file, List<BenchRunner.Phase> phases) throws IOException {
    Map<String, List<BenchRunner.Phase>> series = new LinkedHashMap<>();
    for (BenchRunner.Phase p : phases) {
      if (p.result().refused.get() > 0) continue; // the cap phase is a different question
      series.computeIfAbsent(p.server() + " " + p.transport(), k -> new ArrayList<>()).add(p);
    }
    int w = 900, h = 560, left = 80, right = 220, top = 50, bottom = 70;
    double maxN =
        series.values().stream()
            .flatMap(List::stream)
            .mapToInt(BenchRunner.Phase::n)
            .max()
            .orElse(1);
    double maxY =
        Math.max(10, phases.stream().mapToInt(BenchRunner.Phase::p99).max().orElse(10) * 1.1);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString("p99 fan-out latency (detection → receipt) against subscribers", left, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int pw = w - left - right, ph = h - top - bottom;
    g.drawLine(left, top + ph, left + pw, top + ph);
    g.drawLine(left, top, left, top + ph);
    for (int i = 0; i <= 5; i++) {
      int y = top + ph - i * ph / 5;
      g.setColor(new Color(230, 230, 230));
      g.drawLine(left + 1, y, left + pw, y);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%.0f ms", maxY * i / 5), 10, y + 4);
      int x = left + i * pw / 5;
      g.drawString(String.format(Locale.ROOT, "%.0f", maxN * i / 5), x - 10, top + ph + 20);
    }
    g.drawString("subscribers (N)", left + pw / 2 - 40, h - 20);
    Color[] colors = {
      new Color(200, 40, 40),
      new Color(40, 90, 200),
      new Color(230, 140, 20),
      new Color(40, 150, 70)
    };
    int c = 0;
    for (Map.Entry<String, List<BenchRunner.Phase>> s : series.entrySet()) {
      g.setColor(colors[c % colors.length]);
      g.setStroke(new BasicStroke(2.5f));
      int px = -1, py = -1;
      for (BenchRunner.Phase p : s.getValue()) {
        int x = left + (int) (p.n() / maxN * pw);
        int y = top + ph - (int) (p.p99() / maxY * ph);
        g.fillOval(x - 4, y - 4, 8, 8);
        if (px >= 0) g.drawLine(px, py, x, y);
        px = x;
        py = y;
      }
      g.fillRect(left + pw + 20, top + 20 + c * 22, 14, 14);
      g.setColor(Color.BLACK);
      g.drawString(s.getKey(), left + pw + 40, top + 32 + c * 22);
      c++;
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private static String commit() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    return out;
  }

  private static String loadAverage() throws IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
    return f[0] + ", " + f[1] + ", " + f[2];
  }

  private static String machine() throws IOException {
    String cpu =
        Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(l -> l.startsWith("model name"))
            .findFirst()
            .map(l -> l.substring(l.indexOf(':') + 2))
            .orElse("unknown CPU");
    String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
    return Runtime.getRuntime().availableProcessors()
        + " cores, "
        + cpu
        + ", "
        + mem
        + ", Java "
        + System.getProperty("java.version")
        + ", "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version");
  }
}
