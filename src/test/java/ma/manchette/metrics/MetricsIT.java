package ma.manchette.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * /metrics on the real server: what an operator's Prometheus would scrape after real polls and
 * streams.
 */
class MetricsIT {
  private final Vertx vertx = Vertx.vertx();
  private final List<AutoCloseable> closers = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) closers.get(i).close();
    Await.result(vertx.close());
  }

  @Test
  void pollsDetectionsStreamsResumesAndTheJvmShowUpInPrometheusText() throws Exception {
    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    closers.add(() -> Await.result(outlet.stop()));
    outlet.set("/fr", List.of(FeedEntry.of("fr-1", "Ouverture du salon de Tanger")));
    TestServer s =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(
                TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms"),
                TestServer.outlet("gone", "Gone", "fr", outlet.url("/missing"), "300ms")),
            Map.of());
    closers.add(s);
    Await.until(
        () -> s.server.registry().get("alpha-fr").health.polls() > 1, 20_000, "first polls");

    SseClient sse = Await.result(SseClient.connect(vertx, s.port(), "/api/stream", null));
    closers.add(() -> Await.result(sse.close()));
    outlet.publish("/fr", FeedEntry.of("fr-2", "Dernière minute : séisme ressenti à Agadir"));
    sse.awaitHeadlines(1, 15_000);
    // another client resumes from just before that headline: served from memory
    String cursor = Long.toString(Long.parseLong(sse.headlines().get(0).id()) - 1);
    SseClient fromMemory = Await.result(SseClient.connect(vertx, s.port(), "/api/stream", cursor));
    closers.add(() -> Await.result(fromMemory.close()));
    fromMemory.awaitHeadlines(1, 15_000);

    // the writer flushes in 50 ms batches, and late amendments (story, picture) queue behind the
    // push
    Await.until(() -> s.server.writer().backlog() == 0, 15_000, "writes flushed");
    Http.Response r = Http.get(vertx, s.port(), "/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().get("Content-Type")).startsWith("text/plain");
    String m = r.body();
    assertThat(value(m, "manchette_polls_total{outcome=\"new\",outlet=\"alpha-fr\"}")).isEqualTo(1);
    assertThat(value(m, "manchette_polls_total{outcome=\"404\",outlet=\"gone\"}"))
        .isGreaterThanOrEqualTo(1);
    // unchanged feed between publications: answered 304 (the fake outlet honours ETags)
    assertThat(value(m, "manchette_polls_total{outcome=\"304\",outlet=\"alpha-fr\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(m, "manchette_items_detected_total{outlet=\"alpha-fr\"}")).isEqualTo(1);
    assertThat(value(m, "manchette_items_detected_total{outlet=\"gone\"}")).isEqualTo(0);
    assertThat(value(m, "manchette_fetch_duration_seconds_count{outlet=\"alpha-fr\"}"))
        .isGreaterThanOrEqualTo(2);
    assertThat(value(m, "manchette_detection_lag_seconds_count")).isEqualTo(1);
    assertThat(value(m, "manchette_delivery_lag_seconds_count")).isGreaterThanOrEqualTo(1);
    assertThat(value(m, "manchette_subscribers{transport=\"sse\"}")).isEqualTo(2);
    assertThat(value(m, "manchette_subscribers{transport=\"ws\"}")).isEqualTo(0);
    assertThat(value(m, "manchette_messages_delivered_total")).isGreaterThanOrEqualTo(1);
    assertThat(value(m, "manchette_messages_dropped_total")).isEqualTo(0);
    assertThat(value(m, "manchette_slow_client_disconnects_total")).isEqualTo(0);
    assertThat(value(m, "manchette_resumes_total{outcome=\"memory\"}")).isEqualTo(1);
    assertThat(value(m, "manchette_resumes_total{outcome=\"database\"}")).isEqualTo(0);
    assertThat(value(m, "manchette_resumes_total{outcome=\"reset\"}")).isEqualTo(0);
    assertThat(value(m, "manchette_db_write_backlog")).isEqualTo(0);
    assertThat(value(m, "manchette_db_items_written_total")).isGreaterThanOrEqualTo(2);
    assertThat(value(m, "manchette_db_up")).isEqualTo(1);
    assertThat(m)
        .contains(
            "jvm_memory_used_bytes{",
            "jvm_gc_",
            "process_cpu_usage",
            "manchette_event_loop_delay_seconds_count",
            "vertx_http_server_active_connections",
            "vertx_http_client_requests_total",
            "vertx_pool_");
    assertThat(value(m, "manchette_subscribers_max")).isEqualTo(16_000);
    // every series the shipped alert rules and Grafana dashboard read is one this server writes
    for (String shipped :
        List.of(
            "deploy/prometheus/manchette-alerts.yaml", "deploy/grafana/manchette-dashboard.json")) {
      Matcher names =
          Pattern.compile("manchette_[a-z_]+")
              .matcher(java.nio.file.Files.readString(java.nio.file.Path.of(shipped)));
      while (names.find()) {
        assertThat(m)
            .as(shipped + " reads " + names.group())
            .containsPattern("(?m)^" + names.group() + "[{ ]");
      }
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < 20; i++) Http.get(vertx, s.port(), "/metrics");
    System.out.println(
        "FIGURE /metrics: "
            + m.length()
            + " bytes, "
            + m.lines().filter(l -> !l.startsWith("#")).count()
            + " series, "
            + (System.nanoTime() - t0) / 20 / 1_000_000
            + " ms per scrape over HTTP (mean of 20)");
  }

  /** The value of one exact series line; fails when the series is missing. */
  @Test
  void everyMetricPassesPromtoolsLint() throws Exception {
    java.nio.file.Path promtool = java.nio.file.Path.of("/usr/bin/promtool");
    if (!java.nio.file.Files.isExecutable(promtool)) {
      if ("true".equals(System.getenv("CI")))
        throw new AssertionError("promtool missing: .ci/run installs Debian's prometheus");
      org.junit.jupiter.api.Assumptions.abort(
          "promtool is not installed (apt-get install prometheus)");
    }
    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    closers.add(() -> Await.result(outlet.stop()));
    outlet.set("/fr", List.of(FeedEntry.of("fr-1", "Ouverture du salon de Tanger")));
    TestServer s =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms")),
            Map.of());
    closers.add(s);
    Await.until(
        () -> s.server.registry().get("alpha-fr").health.polls() > 1, 20_000, "first polls");
    Http.Response metrics = Http.get(vertx, s.port(), "/metrics");
    assertThat(metrics.status()).isEqualTo(200);

    Process p =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    try (var in = p.getOutputStream()) {
      in.write(metrics.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    String problems =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(problems).as("promtool check metrics").isEmpty();
    assertThat(p.exitValue()).isZero();
  }

  static double value(String text, String series) {
    Matcher mm = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    if (!mm.find())
      throw new AssertionError(
          "no series "
              + series
              + " in:\n"
              + text.lines().filter(l -> l.startsWith("manchette")).toList());
    return Double.parseDouble(mm.group(1));
  }
}
