package ma.manchette.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import ma.manchette.outlet.Outlet;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostile outlets against the real server: one outlet per case, each first primed with a harmless
 * feed (so later items are pushed live), then switched to the hostile answer. Every case ends with
 * the outlet's health telling what happened, the server ready, a well-behaved outlet still
 * streaming, and nothing unsafe in what the SSE subscriber received.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileFeedIT {
  private static final Logger LOG = LoggerFactory.getLogger(HostileFeedIT.class);
  private static final long MB = 1024 * 1024;
  private static final List<String> CASES =
      List.of(
          "xxe",
          "lol",
          "huge",
          "declared",
          "bomb",
          "drip",
          "e500",
          "e429",
          "loop",
          "malformed",
          "ar1256",
          "latin1",
          "inject",
          "relative",
          "dups",
          "empty",
          "html");

  private Vertx vertx;
  private FakeOutlet outlet;
  private TestServer server;
  private SseClient sse;
  private int steadyCount;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/steady", List.of(FeedEntry.of("steady-0", "Bulletin météo du matin")));
    for (String c : CASES) outlet.serveRaw("/" + c, fixture("primer.xml", "application/rss+xml"));
    List<String> yaml = new ArrayList<>();
    yaml.add(outletYaml("steady", outlet.url("/steady"), "300ms", "300ms"));
    for (String c : CASES) yaml.add(outletYaml(c, outlet.url("/" + c), "400ms", "3s"));
    // a small deadline so the 1 byte/s drip is cut quickly; the byte cap stays at its 8 MiB default
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(), yaml, Map.of("MANCHETTE_FETCH_DEADLINE_SECONDS", "3"));
    Await.until(
        () -> CASES.stream().allMatch(c -> health(c).polls() > 0) && health("steady").polls() > 0,
        30_000,
        "first polls");
    sse = Await.result(SseClient.connect(vertx, server.port(), "/api/stream", null));
  }

  @AfterAll
  void stop() throws Exception {
    if (sse != null) Await.result(sse.close());
    if (server != null) server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  /**
   * Whatever a case did, the server still serves and streams, and nothing unsafe reached the
   * subscriber.
   */
  @AfterEach
  void serverStillHealthyAndSubscriberSafe() throws Exception {
    assertThat(Http.get(vertx, server.port(), "/health/ready").status()).isEqualTo(200);
    String title = "Le fil continue " + (++steadyCount);
    outlet.publish("/steady", FeedEntry.of("steady-" + steadyCount, title));
    sse.awaitEvents(ev -> ev.stream().anyMatch(e -> e.data().contains(title)), 20_000);
    for (SseClient.Event e : sse.events) assertSafe(e.json());
  }

  // ---------------------------------------------------------------- parsing attacks

  @Test
  void xxeNeverReadsALocalFile() throws Exception {
    switchTo("xxe", fixture("xxe-local-file.xml", "application/rss+xml"));
    List<JsonObject> items = awaitHeadlines("xxe", 1);
    assertThat(items.get(0).getString("title"))
        .startsWith("Fuite de données")
        .doesNotContain("root:");
    String everything =
        sse.events.toString() + Http.get(vertx, server.port(), "/api/outlets").body();
    assertThat(everything).doesNotContain("root:x:0:0").doesNotContain("/bin/");
    assertReadCleanly("xxe");
  }

  @Test
  void billionLaughsIsNotExpanded() throws Exception {
    switchTo("lol", fixture("billion-laughs.xml", "application/rss+xml"));
    List<JsonObject> items = awaitHeadlines("lol", 1);
    assertReadCleanly("lol");
    assertThat(items.get(0).getString("title")).startsWith("Rires").doesNotContain("lollol");
    assertThat(healthJson("lol").getString("lastStatus")).isEqualTo("200");
  }

  @Test
  void malformedXmlIsRecoveredLeniently() throws Exception {
    switchTo("malformed", fixture("malformed.xml", "application/rss+xml"));
    List<JsonObject> items = awaitHeadlines("malformed", 2);
    assertThat(items)
        .extracting(i -> i.getString("title"))
        .containsExactlyInAnyOrder(
            "Tanger & Tétouan : le TGV prolongé", "Marrakech accueille la COP");
    JsonObject h = healthJson("malformed");
    assertThat(h.getString("lastStatus")).isEqualTo("200");
    assertThat(h.getString("lastError")).isNull();
  }

  @Test
  void windows1256DeclaredOnlyInThePrologReadsAsArabic() throws Exception {
    switchTo("ar1256", fixture("windows-1256-prolog.xml", "text/xml"));
    List<JsonObject> items = awaitHeadlines("ar1256", 2);
    assertReadCleanly("ar1256");
    assertThat(items)
        .extracting(i -> i.getString("title"))
        .containsExactlyInAnyOrder(
            "الحكومة تصادق على مشروع قانون المالية", "افتتاح معرض الكتاب بالدار البيضاء");
    assertThat(items)
        .anyMatch(i -> "صادق مجلس الحكومة يوم الخميس بالرباط".equals(i.getString("summary")));
  }

  @Test
  void latin1DeclaredOnlyInTheHeaderKeepsItsAccents() throws Exception {
    switchTo("latin1", fixture("latin1-header.xml", "application/rss+xml; charset=ISO-8859-1"));
    List<JsonObject> items = awaitHeadlines("latin1", 2);
    assertReadCleanly("latin1");
    assertThat(items)
        .extracting(i -> i.getString("title"))
        .containsExactlyInAnyOrder(
            "Élections : la participation dépasse les prévisions à Fès",
            "Façade atlantique : alerte météo à Essaouira");
  }

  @Test
  void scriptsHandlersAndJavascriptLinksNeverReachASubscriber() throws Exception {
    switchTo("inject", fixture("injections.xml", "application/rss+xml"));
    List<JsonObject> items = awaitHeadlines("inject", 4);
    assertReadCleanly("inject");
    assertThat(items)
        .extracting(i -> i.getString("title"))
        .containsExactlyInAnyOrder(
            "Le Parlement adopte la loi",
            "Séisme ressenti à Agadir",
            "Titre doublement échappé",
            "Lien déguisé");
    for (JsonObject i : items) {
      assertSafe(i);
      // an unsafe link is never passed on: the article's own https link, or the outlet's homepage,
      // said so
      assertThat(
              i.getString("url").startsWith("https://example.ma/")
                  || "homepage".equals(i.getString("urlKind"))
                      && i.getString("url").matches("https?://[^/]+/?"))
          .as(i.encode())
          .isTrue();
      // a picture, when there is one, is a plain http(s) address: the img's handler never comes
      // along, and javascript:/vbscript: enclosures are dropped
      String image = i.getString("image");
      assertThat(
              image == null || image.matches("https?://[^\\s\"'<>]+") && !image.contains("script"))
          .as(i.encode())
          .isTrue();
    }
    assertThat(items).anyMatch(i -> "Lire la suite".equals(i.getString("summary")));
  }

  @Test
  void relativeLinksAreResolvedAgainstTheFeedUrl() throws Exception {
    switchTo("relative", fixture("relative-links.xml", "application/rss+xml"));
    List<JsonObject> items = awaitHeadlines("relative", 3);
    assertReadCleanly("relative");
    String base = outlet.url("");
    assertThat(byTitle(items, "Lien absolu depuis la racine").getString("url"))
        .isEqualTo(base + "/articles/rel-1");
    assertThat(byTitle(items, "Lien absolu depuis la racine").getString("image"))
        .isEqualTo(base + "/images/rel-1.jpg");
    assertThat(byTitle(items, "Lien relatif au dossier").getString("url"))
        .isEqualTo(base + "/rel-2.html");
    assertThat(byTitle(items, "Lien relatif au dossier").getString("image"))
        .isEqualTo(base + "/images/rel-2.png");
    assertThat(byTitle(items, "Lien sans schéma").getString("url"))
        .isEqualTo("http://cdn.example.ma/articles/rel-3");
  }

  @Test
  void duplicateAndMissingGuidsGiveOneHeadlineEach() throws Exception {
    switchTo("dups", fixture("duplicate-missing-guids.xml", "application/rss+xml"));
    List<JsonObject> items = awaitHeadlines("dups", 4);
    // the same guid twice, and the same link under other tracking parameters, are one headline each
    assertThat(items)
        .extracting(i -> i.getString("title"))
        .containsExactlyInAnyOrder(
            "Même guid, première fois", "Sans guid, avec lien", "Ni guid ni lien", "Guid vide");
    // the same items in a body that differs (so it is parsed again) are not news a second time
    Outlet o = server.server.registry().get("dups");
    long parsedBefore = o.health.polls() - o.health.unparsedPolls();
    byte[] again =
        (read("duplicate-missing-guids.xml") + "<!-- regenerated -->\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    switchTo("dups", bytes(again, "application/rss+xml"));
    Await.until(
        () -> o.health.polls() - o.health.unparsedPolls() > parsedBefore, 15_000, "a second parse");
    assertThat(headlinesOf("dups")).hasSize(4);
  }

  @Test
  void anEmptyFeedIsAQuietSuccess() throws Exception {
    switchTo("empty", fixture("empty-channel.xml", "application/rss+xml"));
    Outlet o = server.server.registry().get("empty");
    long before = o.health.polls();
    Await.until(() -> o.health.polls() > before + 1, 15_000, "polls of the empty feed");
    JsonObject h = healthJson("empty");
    assertThat(h.getString("lastStatus")).isEqualTo("200");
    assertThat(h.getString("lastError")).isNull();
    assertThat(h.getInteger("consecutiveFailures")).isZero();
    assertThat(headlinesOf("empty")).isEmpty();
  }

  @Test
  void anHtmlPageAtTheFeedUrlIsReportedNotParsed() throws Exception {
    switchTo("html", fixture("html-page.html", "text/html; charset=utf-8"));
    JsonObject h = awaitHealth("html", j -> "parse-error".equals(j.getString("lastStatus")));
    assertThat(h.getString("lastError")).contains("HTML page");
    assertThat(h.getInteger("consecutiveFailures")).isPositive();
    assertThat(headlinesOf("html")).isEmpty();
  }

  // ---------------------------------------------------------------- transport attacks

  @Test
  void aSixtyMegabyteBodyIsCutAtTheCap() throws Exception {
    AtomicLong sent = new AtomicLong(); // the most any one request wrote
    HeapWatch heap = HeapWatch.start();
    switchTo(
        "huge",
        req ->
            stream(req.response().putHeader("Content-Type", "application/rss+xml"), 60 * MB, sent));
    JsonObject h = awaitHealth("huge", j -> "too-large".equals(j.getString("lastStatus")));
    HeapWatch.Figures f = heap.stop();
    LOG.info(
        "60 MB body: the outlet wrote at most {} MiB before the reader hung up; heap {}",
        sent.get() / MB,
        f);
    assertThat(h.getString("lastError")).contains("larger than 8192 KiB");
    // the reader hung up long before the 60 MB were out: the body was never held whole
    assertThat(sent.get()).isLessThan(30 * MB);
    assertThat(f.retainedGrowthBytes()).isLessThan(32 * MB);
  }

  @Test
  void aSixtyMegabyteContentLengthIsRefusedBeforeReading() throws Exception {
    AtomicLong sent = new AtomicLong();
    switchTo(
        "declared",
        req -> {
          req.response()
              .putHeader("Content-Length", String.valueOf(60 * MB))
              .putHeader("Content-Type", "application/rss+xml");
          stream(req.response(), 60 * MB, sent);
        });
    JsonObject h = awaitHealth("declared", j -> "too-large".equals(j.getString("lastStatus")));
    assertThat(h.getString("lastError"))
        .isEqualTo("body of 61440 KiB announced, larger than 8192 KiB");
    LOG.info(
        "60 MB announced by Content-Length: the outlet wrote at most {} MiB before the reader hung up",
        sent.get() / MB);
    assertThat(sent.get()).isLessThan(30 * MB);
  }

  @Test
  void aGzipBombIsCutAfterDecompression() throws Exception {
    byte[] bomb = gzipOfZeros(1024 * MB); // ~1 MiB on the wire, 1 GiB once inflated
    HeapWatch heap = HeapWatch.start();
    switchTo(
        "bomb",
        req ->
            req.response()
                .putHeader("Content-Type", "application/rss+xml")
                .putHeader("Content-Encoding", "gzip")
                .end(Buffer.buffer(bomb))
                .onFailure(e -> {}));
    JsonObject h = awaitHealth("bomb", j -> "too-large".equals(j.getString("lastStatus")));
    HeapWatch.Figures f = heap.stop();
    LOG.info("gzip bomb ({} KiB compressed, 1 GiB inflated): heap {}", bomb.length / 1024, f);
    assertThat(h.getString("lastError")).contains("after decompression");
    // inflated 1 GiB never sits in memory: a few buffers of the 8 MiB cap at most (pooled buffers
    // may stay)
    assertThat(f.retainedGrowthBytes()).isLessThan(64 * MB);
    assertThat(f.peakGrowthBytes()).isLessThan(256 * MB);
  }

  @Test
  void aOneBytePerSecondDripHitsTheDeadline() throws Exception {
    switchTo(
        "drip",
        req -> {
          HttpServerResponse r =
              req.response().setChunked(true).putHeader("Content-Type", "application/rss+xml");
          byte[] body = read("primer.xml").getBytes(java.nio.charset.StandardCharsets.UTF_8);
          int[] pos = {0};
          long timer =
              vertx.setPeriodic(
                  1_000,
                  t -> {
                    if (pos[0] < body.length)
                      r.write(Buffer.buffer(new byte[] {body[pos[0]++]}))
                          .onFailure(e -> vertx.cancelTimer(t));
                  });
          r.closeHandler(v -> vertx.cancelTimer(timer));
        });
    JsonObject h = awaitHealth("drip", j -> "timeout".equals(j.getString("lastStatus")));
    assertThat(h.getString("lastError")).contains("within 3 s");
  }

  @Test
  void aServerErrorIsReportedAndBackedOff() throws Exception {
    switchTo(
        "e500",
        req ->
            req.response()
                .setStatusCode(500)
                .putHeader("Content-Type", "text/html")
                .end(read("error-500.html")));
    JsonObject h = awaitHealth("e500", j -> j.getInteger("consecutiveFailures") >= 2);
    assertThat(h.getString("lastStatus")).isEqualTo("500");
    assertThat(h.getString("lastError")).isEqualTo("HTTP 500");
  }

  @Test
  void tooManyRequestsWithRetryAfterIsHonoured() throws Exception {
    java.util.concurrent.atomic.AtomicInteger hits =
        new java.util.concurrent.atomic.AtomicInteger();
    switchTo(
        "e429",
        req -> {
          hits.incrementAndGet();
          req.response()
              .setStatusCode(429)
              .putHeader("Retry-After", "120")
              .putHeader("Content-Type", "text/html")
              .end(read("rate-limited.html"));
        });
    // the outcome is recorded a moment before the next poll is planned: wait for both; jitter is
    // ±10 %, so a
    // Retry-After of 120 s plans the next poll at least 108 s away (a poll ignoring it never gets
    // there)
    JsonObject h =
        awaitHealth(
            "e429",
            j ->
                "429".equals(j.getString("lastStatus"))
                    && j.getString("nextPollAt") != null
                    && Instant.parse(j.getString("nextPollAt"))
                        .isAfter(Instant.now().plusSeconds(100)));
    assertThat(h.getString("lastError")).contains("retry after 120 s");
    int seen = hits.get();
    Thread.sleep(2_000);
    assertThat(hits.get()).isEqualTo(seen);
  }

  @Test
  void aRedirectLoopStopsAtTheLimit() throws Exception {
    java.util.concurrent.atomic.AtomicInteger hits =
        new java.util.concurrent.atomic.AtomicInteger();
    switchTo(
        "loop",
        req -> {
          hits.incrementAndGet();
          req.response().setStatusCode(302).putHeader("Location", "/loop?n=" + hits.get()).end();
        });
    JsonObject h = awaitHealth("loop", j -> "redirect-loop".equals(j.getString("lastStatus")));
    assertThat(h.getString("lastError")).contains("more than 5 redirects");
  }

  // ---------------------------------------------------------------- helpers

  private static String outletYaml(String id, String url, String interval, String max) {
    return "  - id: "
        + id
        + "\n    name: Outlet "
        + id
        + "\n    homepage: https://example.ma\n    lang: fr\n    interval: "
        + interval
        + "\n    minInterval: 200ms\n    maxInterval: "
        + max
        + "\n    feeds: ["
        + url
        + "]\n";
  }

  private void switchTo(String id, Consumer<HttpServerRequest> handler) throws Exception {
    outlet.serveRaw("/" + id, handler);
    server.server.scheduler().pollNow(id);
  }

  private Consumer<HttpServerRequest> fixture(String name, String contentType) throws Exception {
    return bytes(Files.readAllBytes(path(name)), contentType);
  }

  private static Consumer<HttpServerRequest> bytes(byte[] body, String contentType) {
    return req -> req.response().putHeader("Content-Type", contentType).end(Buffer.buffer(body));
  }

  private static Path path(String name) throws Exception {
    return Path.of(HostileFeedIT.class.getResource("/fixtures/hostile/" + name).toURI());
  }

  private static String read(String name) {
    try {
      return Files.readString(path(name));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code total} bytes of filler, respecting back-pressure, until done or the reader hangs
   * up.
   */
  private void stream(HttpServerResponse r, long total, AtomicLong most) {
    AtomicLong sent = new AtomicLong();
    if (r.headers().get("Content-Length") == null) r.setChunked(true);
    Buffer chunk = Buffer.buffer("<!-- " + "x".repeat(64 * 1024 - 9) + " -->");
    AtomicBoolean closed = new AtomicBoolean();
    r.closeHandler(v -> closed.set(true));
    r.exceptionHandler(e -> closed.set(true));
    Runnable[] pump = new Runnable[1];
    pump[0] =
        () -> {
          while (!closed.get() && sent.get() < total && !r.writeQueueFull()) {
            most.accumulateAndGet(sent.addAndGet(chunk.length()), Math::max);
            r.write(chunk).onFailure(e -> closed.set(true));
          }
          if (closed.get()) return;
          if (sent.get() >= total) {
            r.end().onFailure(e -> {});
          } else {
            r.drainHandler(v -> pump[0].run());
          }
        };
    pump[0].run();
  }

  private static byte[] gzipOfZeros(long size) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
      byte[] zeros = new byte[1024 * 1024];
      for (long n = 0; n < size; n += zeros.length) gz.write(zeros);
    }
    return out.toByteArray();
  }

  private ma.manchette.outlet.OutletHealth health(String id) {
    return server.server.registry().get(id).health;
  }

  private JsonObject healthJson(String id) throws Exception {
    for (Object o : Http.get(vertx, server.port(), "/api/outlets").json().getJsonArray("outlets")) {
      JsonObject j = (JsonObject) o;
      if (id.equals(j.getString("id"))) return j.getJsonObject("health");
    }
    throw new AssertionError("no outlet " + id + " in /api/outlets");
  }

  private JsonObject awaitHealth(String id, java.util.function.Predicate<JsonObject> condition)
      throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    JsonObject last = null;
    while (System.currentTimeMillis() < deadline) {
      last = healthJson(id);
      if (condition.test(last)) return last;
      Thread.sleep(100);
    }
    throw new AssertionError("health of " + id + " never matched; last: " + last);
  }

  private List<JsonObject> headlinesOf(String id) {
    return sse.headlines().stream()
        .map(SseClient.Event::json)
        .filter(j -> id.equals(j.getString("outlet")))
        .toList();
  }

  private List<JsonObject> awaitHeadlines(String id, int n) throws Exception {
    sse.awaitEvents(ev -> headlinesOf(id).size() >= n, 20_000);
    Thread.sleep(500); // anything extra (a duplicate) would have arrived by now
    return headlinesOf(id);
  }

  /** Health says the poll went through: HTTP 200, no error, no failure streak. */
  private void assertReadCleanly(String id) throws Exception {
    JsonObject h = healthJson(id);
    assertThat(h.getString("lastStatus")).isEqualTo("200");
    assertThat(h.getString("lastError")).isNull();
    assertThat(h.getInteger("consecutiveFailures")).isZero();
    assertThat(h.getLong("itemsLast24h")).isPositive();
  }

  private static JsonObject byTitle(List<JsonObject> items, String title) {
    return items.stream()
        .filter(i -> title.equals(i.getString("title")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no item titled " + title + " in " + items));
  }

  /** Plain text and absolute http(s) URLs only, as the contract promises. */
  private static void assertSafe(JsonObject event) {
    JsonObject item = event.containsKey("item") ? event.getJsonObject("item") : event;
    for (String field : List.of("title", "summary", "author", "outletName")) {
      String v = item.getString(field);
      if (v == null) continue;
      assertThat(v)
          .as(field)
          .doesNotContain("<", ">")
          .doesNotContainIgnoringCase("javascript:")
          .doesNotContainIgnoringCase("onerror")
          .doesNotContainIgnoringCase("alert(");
    }
    for (String field : List.of("url", "image")) {
      String v = item.getString(field);
      if (v != null) assertThat(v).as(field).matches("https?://[^\\s]+");
    }
  }

  /** Used heap sampled every few milliseconds; "retained" is measured after a GC at both ends. */
  static final class HeapWatch {
    private static final MemoryMXBean MEM = ManagementFactory.getMemoryMXBean();
    private final long before;
    private final AtomicLong peak = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    record Figures(long beforeBytes, long peakBytes, long afterBytes) {
      long peakGrowthBytes() {
        return peakBytes - beforeBytes;
      }

      long retainedGrowthBytes() {
        return afterBytes - beforeBytes;
      }

      @Override
      public String toString() {
        return String.format(
            "before %d MiB, peak %d MiB (+%d), after GC %d MiB (%+d)",
            beforeBytes / MB,
            peakBytes / MB,
            peakGrowthBytes() / MB,
            afterBytes / MB,
            retainedGrowthBytes() / MB);
      }
    }

    private HeapWatch() {
      System.gc();
      before = MEM.getHeapMemoryUsage().getUsed();
      peak.set(before);
      sampler =
          new Thread(
              () -> {
                while (running) {
                  peak.accumulateAndGet(MEM.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(2);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-watch");
      sampler.setDaemon(true);
      sampler.start();
    }

    static HeapWatch start() {
      return new HeapWatch();
    }

    Figures stop() throws InterruptedException {
      running = false;
      sampler.join(1_000);
      System.gc();
      return new Figures(before, peak.get(), MEM.getHeapMemoryUsage().getUsed());
    }
  }
}
