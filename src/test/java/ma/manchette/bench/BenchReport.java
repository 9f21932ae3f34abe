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

  static void write(Path dir, List<BenchRunner.Phase> all, int holdSeconds, int warmUpSeconds, int cap, int stressSeconds)
      throws IOException, InterruptedException {
    List<BenchRunner.Phase> phases = all.stream().filter(p -> p.rate() == 0).toList();
    List<BenchRunner.Phase> stress = all.stream().filter(p -> p.rate() > 0).toList();
    StringBuilder md = new StringBuilder("# Manchette fan-out bench\n\n");
    md.append("- date: ").append(BenchRunner.now()).append("\n- commit: ").append(commit()).append("\n- machine: ")
        .append(machine()).append("\n- open-file limit per process: 20,000 (load spread over ")
        .append("several generator JVMs of at most 5,000 connections, sources 127.0.0.2…)\n")
        .append("- each phase holds its subscribers ").append(holdSeconds).append(" s while headlines arrive about every 2 s ")
        .append("(Manchette: a loopback RSS outlet polled every 500 ms, publishing at random moments 1.5–2.5 s apart; ")
        .append("reference: raw Vert.x publishing every 2 s)\n")
        .append("- before its measured phases each server runs an unreported warm-up per transport (1,000 subscribers, ")
        .append(warmUpSeconds).append(" s), so both are measured with their delivery path compiled by the JIT; then the transports alternate at each N ")
        .append("(SSE 1k, WebSocket 1k, SSE 5k, …), as both are served at once in real life\n")
        .append("- load average when the report was written (1, 5, 15 min): ").append(loadAverage())
        .append(" — anything else running on the machine shows here and makes the figures noisier\n\n");
    md.append("| server | transport | N asked | connected | refused 503 | failed | lost | headlines | all got it | missed deliveries "
        + "| p50 ms | p99 ms | max ms | last-subscriber p99 ms | RSS MiB | live heap / conn KiB | CPU % |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (BenchRunner.Phase p : phases) {
      BenchResult r = p.result();
      md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.0f | %.1f | %.0f |%n",
          p.server(), p.transport(), p.n(), r.connected.get(), r.refused.get(), r.failed.get(), r.lost.get(), p.headlines(), p.complete(),
          p.missed(), p.p50(), p.p99(), p.max(), p.lastP99(), p.rssKiB() / 1024.0, p.heapPerConnKiB(), p.cpuPercent()));
    }
    md.append("\nfan-out latency = receipt by the subscriber − `detectedAt` (same machine, same clock); last-subscriber = ")
        .append("per headline, the latest receipt − `detectedAt`; live heap = heap used after a full GC with N connected − ")
        .append("before, divided by N; CPU % of one core over the hold window; cap = ").append(cap).append(".\n\n");

    md.append("## Manchette / reference\n\n| transport | N | p99 ratio | last-subscriber p99 ratio | heap per conn ratio |\n|---|---|---|---|---|\n");
    for (BenchRunner.Phase m : phases) {
      if (!m.server().equals("manchette")) continue;
      for (BenchRunner.Phase r : phases) {
        if (r.server().equals("reference") && r.transport().equals(m.transport()) && r.n() == m.n()) {
          md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", m.transport(), m.n(), ratio(m.p99(), r.p99()),
              ratio(m.lastP99(), r.lastP99()), ratio(m.heapPerConnKiB(), r.heapPerConnKiB())));
        }
      }
    }
    List<Integer> lag = new ArrayList<>();
    for (BenchRunner.Phase p : phases) for (int v : p.detectionLag()) lag.add(v);
    int[] l = lag.stream().mapToInt(Integer::intValue).toArray();
    md.append(String.format(Locale.ROOT, "%n## Detection lag (polled, interval 500 ms)%n%n`detectedAt` − publication by the outlet, "
        + "%d headlines: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms. WebSub-pushed outlets are not measured here.%n",
        l.length, BenchResult.percentile(l, 50), BenchResult.percentile(l, 90), BenchResult.percentile(l, 99), BenchResult.percentile(l, 100)));
    if (!stress.isEmpty()) md.append(stressTable(stress, stressSeconds));
    md.append("\n![latency against subscribers](latency.png)\n");
    Files.writeString(dir.resolve("latest.md"), md.toString());
    chart(dir.resolve("latency.png"), phases);
  }

  /** Rising headline rates against a few subscribers: where each server stops keeping up. */
  private static String stressTable(List<BenchRunner.Phase> stress, int seconds) {
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%n## Stress: rising headline rates%n%n"
        + "%d SSE subscribers held %d s per rate. Manchette polls its outlet every 500 ms, so each poll brings rate/2 "
        + "headlines at once; the reference publishes evenly every 10 ms. Keeps up = no connection lost, every "
        + "subscriber got every headline, fan-out p99 under 1 s.%n%n", stress.get(0).n(), seconds));
    md.append("| server | headlines/s | published | received by all | deliveries % | missed | lost | fan-out p50 ms | fan-out p99 ms "
        + "| fan-out max ms | published → received p99 ms | CPU % | keeps up |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    Map<String, Integer> best = new LinkedHashMap<>();
    Map<String, Integer> firstBehind = new LinkedHashMap<>();
    for (BenchRunner.Phase p : stress) {
      long expected = (long) p.headlines() * p.result().connected.get();
      double pct = expected == 0 ? 0 : 100.0 * (expected - p.missed()) / expected;
      boolean keepsUp = p.headlines() > 0 && p.result().lost.get() == 0 && p.missed() == 0 && p.p99() >= 0 && p.p99() < 1_000;
      if (keepsUp && !firstBehind.containsKey(p.server())) best.put(p.server(), p.rate());
      if (!keepsUp) firstBehind.putIfAbsent(p.server(), p.rate());
      md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %d | %d | %d | %d | %d | %d | %.0f | %s |%n", p.server(),
          p.rate(), p.headlines(), p.complete(), pct, p.missed(), p.result().lost.get(), p.p50(), p.p99(), p.max(),
          p.endToEndP99(), p.cpuPercent(), keepsUp ? "yes" : "no"));
    }
    md.append('\n');
    for (String server : new java.util.LinkedHashSet<>(stress.stream().map(BenchRunner.Phase::server).toList())) {
      md.append(String.format(Locale.ROOT, "- %s keeps up to %s headlines/s%s%n", server,
          best.containsKey(server) ? best.get(server).toString() : "none of the rates tried",
          firstBehind.containsKey(server) ? "; falls behind at " + firstBehind.get(server) + "/s" : " (every rate tried)"));
    }
    return md.toString();
  }

  private static String ratio(double a, double b) {
    return b <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
  }

  /** p99 fan-out latency against N, one line per server and transport. */
  private static void chart(Path file, List<BenchRunner.Phase> phases) throws IOException {
    Map<String, List<BenchRunner.Phase>> series = new LinkedHashMap<>();
    for (BenchRunner.Phase p : phases) {
      if (p.result().refused.get() > 0) continue; // the cap phase is a different question
      series.computeIfAbsent(p.server() + " " + p.transport(), k -> new ArrayList<>()).add(p);
    }
    int w = 900, h = 560, left = 80, right = 220, top = 50, bottom = 70;
    double maxN = series.values().stream().flatMap(List::stream).mapToInt(BenchRunner.Phase::n).max().orElse(1);
    double maxY = Math.max(10, phases.stream().mapToInt(BenchRunner.Phase::p99).max().orElse(10) * 1.1);
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
    Color[] colors = {new Color(200, 40, 40), new Color(40, 90, 200), new Color(230, 140, 20), new Color(40, 150, 70)};
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
    Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    return out;
  }

  private static String loadAverage() throws IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
    return f[0] + ", " + f[1] + ", " + f[2];
  }

  private static String machine() throws IOException {
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("unknown CPU");
    String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
    return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", " + mem + ", Java "
        + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version");
  }
}
