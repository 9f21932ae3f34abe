package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The editors' API: who may use it, outlets changed at run time and kept across restarts, OPML in
 * and out.
 */
class AdminApiIT {
  static final String TOKEN = "admin-token-for-tests-0123456789";
  static final Map<String, String> AUTH =
      Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
  private Vertx vertx;
  private FakeOutlet outlet;
  private Path allow;
  private final List<AutoCloseable> closers = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/alpha", List.of(FeedEntry.of("a-1", "Alpha un")));
    outlet.set("/beta", List.of(FeedEntry.of("b-1", "Beta un")));
    outlet.set(
        "/gamma", List.of(FeedEntry.of("g-1", "Gamma un"), FeedEntry.of("g-2", "Gamma deux")));
    allow = Files.createTempFile("fetch-allow", ".yaml");
    Files.writeString(allow, "allow: [127.0.0.1/32]\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) closers.get(i).close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private TestServer start(String db, Map<String, String> env) throws Exception {
    Map<String, String> all = new HashMap<>(env);
    all.put("MANCHETTE_FETCH_ALLOW", allow.toString());
    TestServer s =
        TestServer.start(
            db,
            List.of(
                TestServer.outlet("alpha", "Alpha", "fr", outlet.url("/alpha"), "300ms"),
                TestServer.outlet("beta", "Beta", "ar", outlet.url("/beta"), "300ms")),
            all);
    closers.add(s);
    return s;
  }

  private Http.Response call(
      TestServer s, HttpMethod m, String path, String body, Map<String, String> headers)
      throws Exception {
    return Http.request(vertx, s.port(), m, path, body, headers);
  }

  private JsonObject outletOf(TestServer s, String id) throws Exception {
    for (Object o : Http.get(vertx, s.port(), "/api/outlets").json().getJsonArray("outlets")) {
      if (((JsonObject) o).getString("id").equals(id)) return (JsonObject) o;
    }
    return null;
  }

  @Test
  void withoutAConfiguredTokenTheAdminApiIsOff() throws Exception {
    TestServer s = start(TestDatabase.freshDatabaseUrl(), Map.of());
    Http.Response r =
        call(
            s,
            HttpMethod.POST,
            "/api/outlets",
            "{\"id\":\"x\"}",
            Map.of("Authorization", "Bearer anything"));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().getString("error")).contains("MANCHETTE_ADMIN_TOKEN");
    assertThat(call(s, HttpMethod.GET, "/api/reports", null, Map.of()).status()).isEqualTo(403);
    assertThat(call(s, HttpMethod.GET, "/api/outlets", null, Map.of()).status())
        .isEqualTo(200); // public reads unaffected
  }

  @Test
  void tokenIsRequiredCheckedAndAdminRoutesAreClosedToOtherOrigins() throws Exception {
    TestServer s = start(TestDatabase.freshDatabaseUrl(), Map.of("MANCHETTE_ADMIN_TOKEN", TOKEN));
    Http.Response none = call(s, HttpMethod.DELETE, "/api/outlets/alpha", null, Map.of());
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.headers().get("WWW-Authenticate")).startsWith("Bearer");
    assertThat(none.json().getString("field")).isEqualTo("Authorization");
    assertThat(
            call(
                    s,
                    HttpMethod.DELETE,
                    "/api/outlets/alpha",
                    null,
                    Map.of("Authorization", "Bearer " + TOKEN + "x"))
                .status())
        .isEqualTo(401);
    assertThat(
            call(
                    s,
                    HttpMethod.DELETE,
                    "/api/outlets/alpha",
                    null,
                    Map.of("Authorization", "Basic " + TOKEN))
                .status())
        .isEqualTo(401);
    assertThat(call(s, HttpMethod.POST, "/api/items/1/hide", null, Map.of()).status())
        .isEqualTo(401);
    assertThat(
            call(s, HttpMethod.GET, "/api/reports", null, Map.of("Authorization", "Bearer wrong"))
                .status())
        .isEqualTo(401);

    // a page on another site cannot drive the admin API, even with the token in hand
    Http.Response cross =
        call(
            s,
            HttpMethod.DELETE,
            "/api/outlets/alpha",
            null,
            Map.of("Authorization", "Bearer " + TOKEN, "Origin", "https://evil.example"));
    assertThat(cross.status()).isEqualTo(403);
    assertThat(cross.headers()).doesNotContainKey("Access-Control-Allow-Origin");
    Http.Response preflight =
        call(
            s,
            HttpMethod.OPTIONS,
            "/api/outlets/alpha",
            null,
            Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "DELETE"));
    assertThat(preflight.status()).isEqualTo(403);
    assertThat(preflight.headers()).doesNotContainKey("Access-Control-Allow-Origin");
    // public reads are open to every origin
    Http.Response open =
        call(s, HttpMethod.GET, "/api/outlets", null, Map.of("Origin", "https://reader.example"));
    assertThat(open.status()).isEqualTo(200);
    assertThat(open.headers().get("Access-Control-Allow-Origin")).isEqualTo("*");
    Http.Response openPreflight =
        call(
            s,
            HttpMethod.OPTIONS,
            "/api/items",
            null,
            Map.of("Origin", "https://reader.example", "Access-Control-Request-Method", "GET"));
    assertThat(openPreflight.status()).isEqualTo(204);
    assertThat(openPreflight.headers().get("Access-Control-Allow-Methods")).contains("GET");

    assertThat(outletOf(s, "alpha")).isNotNull(); // nothing above deleted it
    assertThat(call(s, HttpMethod.DELETE, "/api/outlets/alpha", null, AUTH).status())
        .isEqualTo(204);
    assertThat(outletOf(s, "alpha")).isNull();
  }

  @Test
  void outletsChangedAtRunTimeArePolledAndWinOverTheFileAfterARestart() throws Exception {
    String db = TestDatabase.freshDatabaseUrl();
    TestServer s = start(db, Map.of("MANCHETTE_ADMIN_TOKEN", TOKEN));
    JsonObject gamma =
        new JsonObject()
            .put("id", "gamma")
            .put("name", "Gamma")
            .put("lang", "fr")
            .put("interval", "300ms")
            .put("feeds", new JsonArray().add(outlet.url("/gamma")));
    Http.Response added = call(s, HttpMethod.POST, "/api/outlets", gamma.encode(), AUTH);
    assertThat(added.status()).isEqualTo(201);
    assertThat(added.json().getString("id")).isEqualTo("gamma");
    assertThat(added.headers().get("Cache-Control")).isEqualTo("no-store");
    assertThat(call(s, HttpMethod.POST, "/api/outlets", gamma.encode(), AUTH).status())
        .isEqualTo(409);
    // polled without a restart
    Await.until(
        () -> Http.getQuietly(vertx, s.port(), "/api/items?outlet=gamma").contains("Gamma deux"),
        20_000,
        "gamma polled");

    JsonObject renamed =
        new JsonObject()
            .put("name", "Alpha Presse")
            .put("lang", "fr")
            .put("interval", "300ms")
            .put("feeds", new JsonArray().add(outlet.url("/alpha")));
    assertThat(call(s, HttpMethod.PUT, "/api/outlets/alpha", renamed.encode(), AUTH).status())
        .isEqualTo(200);
    assertThat(outletOf(s, "alpha").getString("name")).isEqualTo("Alpha Presse");
    assertThat(call(s, HttpMethod.PUT, "/api/outlets/nope", renamed.encode(), AUTH).status())
        .isEqualTo(404);

    Http.Response paused = call(s, HttpMethod.POST, "/api/outlets/gamma/pause", null, AUTH);
    assertThat(paused.status()).isEqualTo(200);
    assertThat(paused.json().getBoolean("enabled")).isFalse();
    assertThat(call(s, HttpMethod.DELETE, "/api/outlets/beta", null, AUTH).status()).isEqualTo(204);
    assertThat(call(s, HttpMethod.DELETE, "/api/outlets/beta", null, AUTH).status()).isEqualTo(404);
    s.close();
    closers.remove(s);

    // same outlets file, same database: the admin's changes win
    TestServer again = start(db, Map.of("MANCHETTE_ADMIN_TOKEN", TOKEN));
    assertThat(outletOf(again, "alpha").getString("name")).isEqualTo("Alpha Presse");
    assertThat(outletOf(again, "beta")).isNull();
    assertThat(outletOf(again, "gamma").getBoolean("enabled")).isFalse();
    Http.Response resumed = call(again, HttpMethod.POST, "/api/outlets/gamma/resume", null, AUTH);
    assertThat(resumed.json().getBoolean("enabled")).isTrue();
  }

  @Test
  void pollNowBringsANewHeadlineWithoutWaitingForTheInterval() throws Exception {
    Map<String, String> env =
        new HashMap<>(
            Map.of("MANCHETTE_ADMIN_TOKEN", TOKEN, "MANCHETTE_FETCH_ALLOW", allow.toString()));
    TestServer s =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(
                TestServer.outlet("alpha", "Alpha", "fr", outlet.url("/alpha"), "1h"),
                TestServer.outlet("beta", "Beta", "ar", outlet.url("/beta"), "1h")),
            env);
    closers.add(s);
    Await.until(
        () -> Http.getQuietly(vertx, s.port(), "/api/items?outlet=alpha").contains("Alpha un"),
        20_000,
        "alpha's first poll");
    Await.until(
        () -> Http.getQuietly(vertx, s.port(), "/api/items?outlet=beta").contains("Beta un"),
        20_000,
        "beta's first poll");
    ma.manchette.support.SseClient sse =
        Await.result(
            ma.manchette.support.SseClient.connect(
                vertx, s.port(), "/api/stream?outlet=alpha", null));
    closers.add(() -> Await.result(sse.close()));
    outlet.publish("/alpha", FeedEntry.of("a-2", "Alpha deux, publié après le premier passage"));
    int fetches = outlet.requests.get();

    Http.Response polled = call(s, HttpMethod.POST, "/api/outlets/alpha/poll", null, AUTH);
    assertThat(polled.status()).isEqualTo(200);
    assertThat(polled.json().getJsonObject("health").getString("lastStatus")).isEqualTo("200");
    // the interval is an hour: only the poll asked for brings it, and it answered after that poll
    assertThat(outlet.requests.get()).isEqualTo(fetches + 1);
    sse.awaitHeadlines(1, 10_000);
    assertThat(sse.titles()).containsExactly("Alpha deux, publié après le premier passage");

    assertThat(call(s, HttpMethod.POST, "/api/outlets/alpha/poll", null, Map.of()).status())
        .isEqualTo(401);
    Http.Response unknown = call(s, HttpMethod.POST, "/api/outlets/nope/poll", null, AUTH);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().getString("error")).contains("nope");
    assertThat(call(s, HttpMethod.POST, "/api/outlets/beta/pause", null, AUTH).status())
        .isEqualTo(200);
    Http.Response paused = call(s, HttpMethod.POST, "/api/outlets/beta/poll", null, AUTH);
    assertThat(paused.status()).isEqualTo(409);
    assertThat(paused.json().getString("error")).contains("paused");
  }

  @Test
  void anOutletChangedDuringItsPollKeepsOnePollingScheduleNotTwo() throws Exception {
    List<Long> fetchedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
    String feed = FakeOutlet.rss(List.of(FeedEntry.of("s-1", "Lent un")));
    outlet.serveRaw(
        "/slow",
        req -> { // the outlet takes a second to answer
          fetchedAt.add(System.currentTimeMillis());
          vertx.setTimer(
              1_000,
              t -> req.response().putHeader("Content-Type", "application/rss+xml").end(feed));
        });
    TestServer s =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("slow", "Lent", "fr", outlet.url("/slow"), "2s")),
            Map.of("MANCHETTE_ADMIN_TOKEN", TOKEN, "MANCHETTE_FETCH_ALLOW", allow.toString()));
    closers.add(s);
    Await.until(() -> !fetchedAt.isEmpty(), 20_000, "the first poll under way");
    // an editor renames it while that poll waits for the answer: it is planned again, and the poll
    // ends meanwhile
    JsonObject renamed =
        new JsonObject()
            .put("name", "Lent Presse")
            .put("lang", "fr")
            .put("interval", "2s")
            .put("minInterval", "2s")
            .put("maxInterval", "2s")
            .put("feeds", new JsonArray().add(outlet.url("/slow")));
    assertThat(call(s, HttpMethod.PUT, "/api/outlets/slow", renamed.encode(), AUTH).status())
        .isEqualTo(200);
    Thread.sleep(14_000);
    // one schedule: after the early poll the change asked for, polls come an interval (2 s ± 10 %)
    // after the last
    // one ended; two schedules side by side would fetch at twice that pace, some fetches close
    // together
    List<Long> at = List.copyOf(fetchedAt);
    assertThat(at.size()).as("fetches in 15 s").isBetween(3, 7);
    for (int i = 2; i < at.size(); i++) {
      assertThat(at.get(i) - at.get(i - 1))
          .as("gap before fetch %d of %s", i, at)
          .isGreaterThanOrEqualTo(2_000);
    }
  }

  @Test
  void invalidOutletsAreRefusedWithTheField() throws Exception {
    TestServer s = start(TestDatabase.freshDatabaseUrl(), Map.of("MANCHETTE_ADMIN_TOKEN", TOKEN));
    Http.Response notJson = call(s, HttpMethod.POST, "/api/outlets", "{\"id\": ", AUTH);
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().getString("field")).isEqualTo("body");
    Http.Response badId =
        call(
            s,
            HttpMethod.POST,
            "/api/outlets",
            "{\"id\":\"Bad Id!\",\"feeds\":[\"https://example.ma/feed\"]}",
            AUTH);
    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.json().getString("field")).isEqualTo("id");
    Http.Response noFeeds = call(s, HttpMethod.POST, "/api/outlets", "{\"id\":\"empty\"}", AUTH);
    assertThat(noFeeds.status()).isEqualTo(400);
    assertThat(noFeeds.json().getString("error")).contains("feeds");
    Http.Response badUrl =
        call(
            s,
            HttpMethod.POST,
            "/api/outlets",
            "{\"id\":\"ftp\",\"feeds\":[\"ftp://example.ma/feed\"]}",
            AUTH);
    assertThat(badUrl.status()).isEqualTo(400);
    assertThat(badUrl.json().getString("field")).isEqualTo("feeds");
    Http.Response array = call(s, HttpMethod.POST, "/api/outlets", "[1,2]", AUTH);
    assertThat(array.status()).isEqualTo(400);
    assertThat(
            call(s, HttpMethod.POST, "/api/items/abc/hide", null, AUTH).json().getString("field"))
        .isEqualTo("id");
    assertThat(call(s, HttpMethod.POST, "/api/items/12345/hide", null, AUTH).status())
        .isEqualTo(404);
  }

  @Test
  void opmlExportImportsIntoAnotherServerAsTheSameOutlets() throws Exception {
    TestServer first =
        start(TestDatabase.freshDatabaseUrl(), Map.of("MANCHETTE_ADMIN_TOKEN", TOKEN));
    Http.Response exported = Http.get(vertx, first.port(), "/api/outlets.opml");
    assertThat(exported.status()).isEqualTo(200);
    assertThat(exported.headers().get("Content-Type")).startsWith("text/x-opml");

    Path other = Files.createTempFile("outlets", ".yaml");
    Files.writeString(
        other,
        "outlets:\n" + TestServer.outlet("delta", "Delta", "fr", outlet.url("/gamma"), "300ms"));
    Map<String, String> env =
        Map.of("MANCHETTE_ADMIN_TOKEN", TOKEN, "MANCHETTE_FETCH_ALLOW", allow.toString());
    TestServer second = TestServer.start(TestDatabase.freshDatabaseUrl(), other, env);
    closers.add(second);
    Map<String, String> opml =
        Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "text/x-opml");
    Http.Response imported =
        Http.request(
            vertx, second.port(), HttpMethod.POST, "/api/outlets.opml", exported.body(), opml);
    assertThat(imported.status()).isEqualTo(200);
    assertThat(imported.json().getJsonArray("added").getList())
        .containsExactlyInAnyOrder("alpha", "beta");

    Map<String, Element> before = outlines(exported.body());
    Map<String, Element> after =
        outlines(Http.get(vertx, second.port(), "/api/outlets.opml").body());
    for (String id : List.of("alpha", "beta")) {
      for (String attr : List.of("text", "xmlUrl", "htmlUrl", "language", "type")) {
        assertThat(after.get(id).attr(attr))
            .as(id + " " + attr)
            .isEqualTo(before.get(id).attr(attr));
      }
    }
    // importing again changes nothing; a document that is not OPML is a clear 400
    Http.Response again =
        Http.request(
            vertx, second.port(), HttpMethod.POST, "/api/outlets.opml", exported.body(), opml);
    assertThat(again.json().getJsonArray("added")).isEmpty();
    assertThat(again.json().getJsonArray("skipped")).hasSize(2);
    Http.Response junk =
        Http.request(
            vertx,
            second.port(),
            HttpMethod.POST,
            "/api/outlets.opml",
            "<html><body>hi</body></html>",
            opml);
    assertThat(junk.status()).isEqualTo(400);
    assertThat(junk.json().getString("field")).isEqualTo("body");
    // the imported outlets are polled like any other
    Await.until(
        () -> Http.getQuietly(vertx, second.port(), "/api/items?outlet=beta").contains("Beta un"),
        20_000,
        "imported outlet polled");
  }

  private static Map<String, Element> outlines(String xml) {
    Map<String, Element> out = new HashMap<>();
    for (Element e : Jsoup.parse(xml, "", Parser.xmlParser()).select("outline"))
      out.put(e.attr("manchette:id"), e);
    return out;
  }
}
