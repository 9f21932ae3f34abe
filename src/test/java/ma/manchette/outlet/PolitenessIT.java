package ma.manchette.outlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pollers as good citizens of the outlets' servers, seen from a real fake outlet on loopback.
 */
class PolitenessIT {
  private static final Logger LOG = LoggerFactory.getLogger(PolitenessIT.class);

  private Vertx vertx;
  private FakeOutlet outlet;
  private String db;
  private final List<AutoCloseable> closers = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    db = TestDatabase.freshDatabaseUrl();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) closers.get(i).close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private TestServer start(String... outletYaml) throws Exception {
    TestServer s = TestServer.start(db, List.of(outletYaml), Map.of());
    closers.add(s);
    return s;
  }

  private static String yaml(String id, String url, String interval, String min, String max) {
    return "  - id: "
        + id
        + "\n    name: Outlet "
        + id
        + "\n    homepage: https://example.ma\n    lang: fr\n    interval: "
        + interval
        + "\n    minInterval: "
        + min
        + "\n    maxInterval: "
        + max
        + "\n    feeds: ["
        + url
        + "]\n";
  }

  private record Hit(long atMs, MultiMap headers) {}

  /** Records every request of a path, then lets {@code answer} respond. */
  private List<Hit> record(
      String path, java.util.function.Consumer<io.vertx.core.http.HttpServerRequest> answer) {
    List<Hit> hits = new CopyOnWriteArrayList<>();
    outlet.serveRaw(
        path,
        req -> {
          hits.add(
              new Hit(
                  System.currentTimeMillis(),
                  MultiMap.caseInsensitiveMultiMap().addAll(req.headers())));
          answer.accept(req);
        });
    return hits;
  }

  @Test
  void unchangedFeedsCostNoParse() throws Exception {
    outlet.set("/etag", List.of(FeedEntry.of("e-1", "Titre stable")));
    String same = FakeOutlet.rss(List.of(FeedEntry.of("s-1", "Toujours le même corps")));
    List<Hit> sameHits =
        record(
            "/same",
            req -> req.response().putHeader("Content-Type", "application/rss+xml").end(same));
    TestServer s =
        start(
            yaml("etag", outlet.url("/etag"), "200ms", "200ms", "200ms"),
            yaml("same", outlet.url("/same"), "200ms", "200ms", "200ms"));
    OutletHealth etag = s.server.registry().get("etag").health;
    OutletHealth body = s.server.registry().get("same").health;
    Await.until(
        () -> etag.polls() >= 12 && body.polls() >= 12, 30_000, "a dozen polls of each outlet");

    // 304: the outlet said so itself, and none of those polls was parsed
    assertThat(outlet.notModified.get()).isGreaterThanOrEqualTo(10);
    assertThat(etag.unparsedPolls()).isGreaterThanOrEqualTo(etag.polls() - 1);
    // identical 200 body without validators: hashed, not parsed
    assertThat(sameHits.size()).isGreaterThanOrEqualTo(12);
    assertThat(body.unparsedPolls()).isGreaterThanOrEqualTo(body.polls() - 1);
    JsonObject shown = health(s, "etag");
    assertThat(shown.getLong("unparsedPolls"))
        .isPositive()
        .isLessThanOrEqualTo(shown.getLong("polls"));
    long unchanged = etag.polls() - 1 + body.polls() - 1;
    long cheap = etag.unparsedPolls() + body.unparsedPolls();
    LOG.info(
        "polls of unchanged feeds that cost no parse: {} of {} ({} %)",
        cheap, unchanged, 100 * cheap / unchanged);

    // and a change is still seen at once: the next poll parses and pushes it
    outlet.publish("/etag", FeedEntry.of("e-2", "Enfin du nouveau"));
    Await.until(() -> etag.itemsLast24h() == 2, 10_000, "the new item");
  }

  @Test
  void requestsNameManchetteAndAskForGzip() throws Exception {
    List<Hit> hits =
        record(
            "/h",
            req ->
                req.response()
                    .putHeader("Content-Type", "application/rss+xml")
                    .end(FakeOutlet.rss(List.of(FeedEntry.of("h-1", "Un titre")))));
    start(yaml("h", outlet.url("/h"), "300ms", "300ms", "300ms"));
    Await.until(() -> !hits.isEmpty(), 20_000, "a request");
    MultiMap h = hits.get(0).headers();
    assertThat(h.get("User-Agent")).startsWith("Manchette/").contains("http");
    assertThat(h.get("Accept-Encoding")).contains("gzip");
    assertThat(h.get("Accept")).contains("application/rss+xml");
  }

  @Test
  void retryAfterOn503IsHonoured() throws Exception {
    AtomicInteger n = new AtomicInteger();
    List<Hit> hits =
        record(
            "/busy",
            req -> {
              if (n.incrementAndGet() == 2) {
                req.response().setStatusCode(503).putHeader("Retry-After", "3").end("busy");
              } else {
                req.response()
                    .putHeader("Content-Type", "application/rss+xml")
                    .end(FakeOutlet.rss(List.of(FeedEntry.of("b-1", "Titre"))));
              }
            });
    TestServer s = start(yaml("busy", outlet.url("/busy"), "200ms", "200ms", "200ms"));
    Await.until(() -> hits.size() >= 3, 20_000, "the poll after the 503");
    long gap = hits.get(2).atMs() - hits.get(1).atMs();
    // asked for 3 s: jitter may add to that, never take from it
    assertThat(gap).isGreaterThanOrEqualTo(3_000);
    assertThat(hits.get(1).atMs() - hits.get(0).atMs())
        .isLessThan(3_000); // the usual pace was much faster
    // and the poll after the wait succeeds, clearing the failure
    Await.until(
        () -> s.server.registry().get("busy").health.consecutiveFailures() == 0,
        10_000,
        "recovered after the wait");
  }

  @Test
  void failuresBackOffExponentially() throws Exception {
    List<Hit> hits = record("/down", req -> req.response().setStatusCode(500).end("down"));
    TestServer s = start(yaml("down", outlet.url("/down"), "200ms", "200ms", "20s"));
    Await.until(() -> hits.size() >= 6, 30_000, "six failed polls");
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < hits.size(); i++) gaps.add(hits.get(i).atMs() - hits.get(i - 1).atMs());
    LOG.info("gaps between failed polls (ms): {}", gaps);
    // 200 ms × 2^(n-1), minus at most 10 % jitter: 180, 360, 720, 1440, 2880 ms at least
    for (int i = 0; i < 5; i++)
      assertThat(gaps.get(i)).as("gap " + i).isGreaterThanOrEqualTo((long) (200 * (1L << i) * 0.9));
    JsonObject h = health(s, "down");
    assertThat(h.getInteger("consecutiveFailures")).isGreaterThanOrEqualTo(6);
    assertThat(h.getString("lastStatus")).isEqualTo("500");
    assertThat(h.getString("nextPollAt")).isNotNull(); // never given up on
  }

  @Test
  void aPermanentRedirectIsRememberedAcrossPollsAndRestarts() throws Exception {
    outlet.set("/new", List.of(FeedEntry.of("m-1", "Le site a déménagé")));
    List<Hit> old =
        record(
            "/old",
            req ->
                req.response().setStatusCode(301).putHeader("Location", outlet.url("/new")).end());
    String line = yaml("moved", outlet.url("/old"), "200ms", "200ms", "200ms");
    TestServer s = start(line);
    OutletHealth h = s.server.registry().get("moved").health;
    Await.until(() -> h.polls() >= 5, 20_000, "five polls");
    assertThat(old).hasSize(1);
    assertThat(h.itemsLast24h()).isEqualTo(1);
    s.close();
    closers.remove(s);

    TestServer again = start(line);
    OutletHealth h2 = again.server.registry().get("moved").health;
    Await.until(() -> h2.polls() >= 3, 20_000, "polls after restart");
    assertThat(old).hasSize(1);
    assertThat(h2.lastStatus()).isEqualTo("304");
  }

  @Test
  void aCloudflareWallIsReportedPlainly() throws Exception {
    record(
        "/cf",
        req ->
            req.response()
                .setStatusCode(403)
                .putHeader("cf-ray", "8a1b2c3d4e5f-CDG")
                .putHeader("Server", "cloudflare")
                .end("<html>Just a moment...</html>"));
    TestServer s = start(yaml("cf", outlet.url("/cf"), "200ms", "200ms", "5s"));
    Await.until(() -> s.server.registry().get("cf").health.polls() >= 1, 20_000, "a poll");
    JsonObject h = health(s, "cf");
    assertThat(h.getString("lastStatus")).isEqualTo("403");
    assertThat(h.getString("lastError")).isEqualTo("blocked by Cloudflare (HTTP 403)");
  }

  private JsonObject health(TestServer s, String id) throws Exception {
    for (Object o : Http.get(vertx, s.port(), "/api/outlets").json().getJsonArray("outlets")) {
      JsonObject j = (JsonObject) o;
      if (id.equals(j.getString("id"))) return j.getJsonObject("health");
    }
    throw new AssertionError("no outlet " + id);
  }
}
