package ma.manchette.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import ma.manchette.metrics.Telemetry;
import ma.manchette.support.FakeOutlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fetcher's two-connection pool against one host whose answers make it abandon the exchange
 * early (304, redirect, body announced too large, body too large after it started): every fetch
 * must still get a connection. A connection given up on and not freed would make the next ones wait
 * out their deadline.
 */
class FetcherPoolIT {
  private Vertx vertx;
  private FakeOutlet outlet;
  private FeedFetcher fetcher;

  @BeforeEach
  void start() throws Exception {
    vertx = Telemetry.newVertx(); // Vert.x's own metrics on, as in production
    outlet = new FakeOutlet(vertx);
    outlet.serveRaw(
        "/304", req -> req.response().setStatusCode(304).putHeader("ETag", "\"a\"").end());
    outlet.serveRaw(
        "/moved",
        req ->
            req.response()
                .setStatusCode(301)
                .putHeader("Location", "/304")
                .end("moved permanently, with a body nobody reads"));
    outlet.serveRaw(
        "/moved-big",
        req ->
            req.response()
                .setStatusCode(302)
                .putHeader("Location", "/ok")
                .end(Buffer.buffer(new byte[24 * 1024])));
    outlet.serveRaw(
        "/huge",
        req ->
            req.response()
                .putHeader("Content-Length", "10000000")
                .write(Buffer.buffer(new byte[16 * 1024])));
    outlet.serveRaw(
        "/chunked",
        req -> {
          req.response().setChunked(true).write(Buffer.buffer(new byte[64 * 1024]));
          req.response().write(Buffer.buffer(new byte[64 * 1024]));
        });
    outlet.serveRaw("/ok", req -> req.response().end("<rss/>"));
    outlet.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    // a deadline far below the suite's 30 s stalls, so a stuck pool shows as "timeout" failures
    // here
    fetcher =
        new FeedFetcher(
            vertx, new FetchLimits(32 * 1024, Duration.ofSeconds(2), Duration.ofSeconds(3), 5));
  }

  @AfterEach
  void stop() throws Exception {
    fetcher.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void abandonedExchangesFreeTheirConnection() throws Exception {
    String[] paths = {"/304", "/moved", "/moved-big", "/huge", "/chunked", "/ok"};
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String path = paths[i % paths.length];
      Future<FetchResult> f = fetcher.fetch(outlet.url(path), FeedFetcher.Validators.NONE);
      String outcome;
      try {
        FetchResult r = f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        outcome = path + " " + r.status();
      } catch (java.util.concurrent.ExecutionException e) {
        outcome =
            path
                + " "
                + (e.getCause() instanceof FetchException fe ? fe.kind : e.getCause().toString());
      }
      outcomes.add(outcome);
    }
    assertThat(outcomes).as(outcomes.toString()).noneMatch(o -> o.endsWith("timeout"));
    assertThat(outcomes)
        .contains("/304 304", "/moved 304", "/huge too-large", "/chunked too-large", "/ok 200");
  }

  /**
   * Fetches begun from a thread that is not Vert.x's (here the test's; in the server, anything not
   * on a context) must complete too: Vert.x 5.0.7 may then hand the 304 or the redirect over after
   * its end was dispatched, and the fetch waited out its deadline (about 1 in 500 such fetches
   * before the fix).
   */
  @Test
  void fetchesBegunOffAVertxThreadAllComplete() throws Exception {
    String[] paths = {"/304", "/moved"};
    int timeouts = 0;
    for (int i = 0; i < 3_000; i++) {
      try {
        fetcher
            .fetch(outlet.url(paths[i % 2]), FeedFetcher.Validators.NONE)
            .toCompletionStage()
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof FetchException fe && fe.kind.equals("timeout")) timeouts++;
      }
    }
    assertThat(timeouts).as("fetches that hung until their deadline").isZero();
  }
}
