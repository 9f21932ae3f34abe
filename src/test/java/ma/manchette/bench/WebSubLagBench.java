package ma.manchette.bench;

import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import ma.manchette.support.FakeHub;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.SseClient;

/**
 * Detection lag of a WebSub-pushed outlet: Manchette (own JVM, MANCHETTE_PUBLIC_URL set) subscribes
 * through a fake hub on loopback; the bench then pushes signed content to its callback at random
 * moments 1.5–2.5 s apart, each title stamped "@<epoch millis>" of publication, and an SSE
 * subscriber times received − published. Run alone: {@code BENCH_ONLY=websub bench/run.sh}.
 */
public final class WebSubLagBench {
  /**
   * What one run measured; {@code lagMs} per received headline; {@code markdown} is the report
   * section.
   */
  public record Result(int published, int received, int[] lagMs, String markdown) {}

  private WebSubLagBench() {}

  public static void main(String[] args) throws Exception {
    Result r =
        run(
            Files.createTempDirectory("manchette-websub"),
            BenchRunner.intEnv("BENCH_WEBSUB_HEADLINES", 60),
            1_500,
            2_500);
    System.out.println(r.markdown());
    System.exit(0);
  }

  public static Result run(Path work, int headlines, int minGapMs, int maxGapMs) throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeOutlet outlet = new FakeOutlet(vertx);
    outlet.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    FakeHub hub = new FakeHub(vertx);
    hub.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    String topic = outlet.url("/push.xml");
    outlet.serveRaw(
        "/push.xml",
        req ->
            req.response()
                .putHeader("Content-Type", "application/rss+xml")
                .end(
                    feed(
                        topic,
                        hub.url(),
                        "<item><title>Premier titre</title><link>https://example.ma/push/0</link><guid>push-0</guid></item>")));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path outlets = work.resolve("websub-outlets.yaml");
    // polled only at a slow pace: every headline below arrives by push
    Files.writeString(
        outlets,
        "outlets:\n  - id: push\n    name: Pushed\n    homepage: https://example.ma\n    lang: fr\n"
            + "    interval: 10m\n    minInterval: 10m\n    maxInterval: 10m\n    feeds: ["
            + topic
            + "]\n");
    HttpClient http = HttpClient.newHttpClient();
    List<Integer> lags = new ArrayList<>();
    int published = 0;
    try (ServerProcess m =
        ServerProcess.start(
            "manchette-websub",
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
                "MANCHETTE_PUBLIC_URL",
                "http://127.0.0.1:" + port,
                "MANCHETTE_RATE_LIMIT",
                "1000000"),
            work.resolve("manchette-websub.log"))) {
      long deadline = System.currentTimeMillis() + 180_000;
      while (System.currentTimeMillis() < deadline
          && hub.verifications.stream().noneMatch(v -> v.topic().equals(topic) && v.confirmed())) {
        Thread.sleep(200);
      }
      if (hub.subscriptionsFor(topic).isEmpty())
        throw new IllegalStateException("Manchette never subscribed through the hub");
      String secret = hub.subscriptionsFor(topic).get(0).form().get("hub.secret");
      SseClient sse =
          SseClient.connect(vertx, port, "/api/stream", null)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      Random random = new Random(4);
      for (int i = 1; i <= headlines; i++) {
        Thread.sleep(minGapMs + random.nextInt(Math.max(1, maxGapMs - minGapMs)));
        long now = System.currentTimeMillis();
        byte[] body =
            feed(
                    topic,
                    hub.url(),
                    "<item><title>Poussé "
                        + i
                        + " @"
                        + now
                        + "</title><link>https://example.ma/push/"
                        + i
                        + "</link><guid>push-"
                        + i
                        + "</guid></item>")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/websub/push"))
                    .header("Content-Type", "application/rss+xml")
                    .header("X-Hub-Signature", "sha256=" + hmac(secret, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) published++;
        else System.err.println("push " + i + " answered " + r.statusCode() + ": " + r.body());
      }
      deadline = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < deadline && pushed(sse).size() < published)
        Thread.sleep(100);
      for (SseClient.Event e : pushed(sse)) {
        String title = e.json().getString("title");
        Long at = sse.receivedAt.get(e.id());
        if (at != null)
          lags.add((int) (at - Long.parseLong(title.substring(title.lastIndexOf('@') + 1))));
      }
      sse.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    hub.stop();
    outlet.stop();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    int[] l = lags.stream().mapToInt(Integer::intValue).toArray();
    String md =
        String.format(
            Locale.ROOT,
            "%n## Detection lag (WebSub-pushed)%n%n"
                + "Signed content (X-Hub-Signature sha256) pushed by a fake hub to Manchette's callback at random moments %.1f–%.1f s apart; "
                + "an SSE subscriber times receipt − publication (the publication epoch is in each title). %d pushed, %d received: "
                + "p50 %d ms, p90 %d ms, p99 %d ms, max %d ms. The machine is shared: figures are noisy.%n",
            minGapMs / 1000.0,
            maxGapMs / 1000.0,
            published,
            l.length,
            BenchResult.percentile(l, 50),
            BenchResult.percentile(l, 90),
            BenchResult.percentile(l, 99),
            BenchResult.percentile(l, 100));
    return new Result(published, l.length, l, md);
  }

  private static List<SseClient.Event> pushed(SseClient sse) {
    return sse.headlines().stream()
        .filter(e -> e.json().getString("title", "").startsWith("Poussé "))
        .toList();
  }

  private static String feed(String self, String hubUrl, String items) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>"
        + "<title>Pushed</title><link>https://example.ma/</link><description>d</description>"
        + "<atom:link rel=\"hub\" href=\""
        + hubUrl
        + "\"/><atom:link rel=\"self\" href=\""
        + self
        + "\" type=\"application/rss+xml\"/>"
        + items
        + "</channel></rss>";
  }

  private static String hmac(String secret, byte[] body) throws Exception {
    Mac m = Mac.getInstance("HmacSHA256");
    m.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(m.doFinal(body));
  }
}
