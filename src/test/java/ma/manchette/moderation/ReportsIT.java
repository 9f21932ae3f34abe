package ma.manchette.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.Reader;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reader reports against the real server: only distinct reporters count; at the threshold the item
 * is retracted from open streams and gone from history and feeds; a reported image stays hidden
 * when the same picture comes back under another URL.
 */
class ReportsIT {
  static final String ADMIN = "test-admin-token-0123456789";
  private Vertx vertx;
  private FakeOutlet outlet;
  private TestServer server;
  private final List<AutoCloseable> closers = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    for (String name :
        List.of("picture-original.png", "picture-resized-copy.jpg", "other-picture.png")) {
      outlet.serveBytes(
          "/img/" + name,
          Buffer.buffer(Files.readAllBytes(Path.of("src/test/resources/fixtures/images", name))));
    }
    outlet.set("/fr", List.of(FeedEntry.of("old-1", "Archive: ouverture du port")));
    Path allow = Files.createTempFile("fetch-allow", ".yaml");
    Files.writeString(allow, "allow: [127.0.0.0/8]\n"); // images are served on loopback in tests
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms")),
            Map.of("MANCHETTE_ADMIN_TOKEN", ADMIN, "MANCHETTE_FETCH_ALLOW", allow.toString()));
    closers.add(server);
    Await.until(
        () -> server.server.registry().get("alpha-fr").health.polls() > 0, 20_000, "first poll");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) closers.get(i).close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private Reader reader(String address) {
    Reader r = new Reader(vertx, address);
    closers.add(r);
    return r;
  }

  private SseClient stream() throws Exception {
    SseClient c = Await.result(SseClient.connect(vertx, server.port(), "/api/stream", null));
    closers.add(() -> c.close());
    return c;
  }

  private String awaitHeadline(SseClient sse, String title) throws Exception {
    sse.awaitEvents(
        ev ->
            ev.stream()
                .anyMatch(
                    e -> e.event().equals("headline") && e.json().getString("title").equals(title)),
        20_000);
    return sse.headlines().stream()
        .filter(e -> e.json().getString("title").equals(title))
        .findFirst()
        .orElseThrow()
        .json()
        .getString("id");
  }

  private List<String> listedIds(String path) throws Exception {
    JsonObject body = Http.get(vertx, server.port(), path).json();
    JsonArray arr = body.getJsonArray(body.containsKey("items") ? "items" : "items");
    List<String> ids = new ArrayList<>();
    for (Object o : arr) ids.add(((JsonObject) o).getString("id"));
    return ids;
  }

  @Test
  void onlyDistinctReportersCountAndTheThresholdRetractsTheItemEverywhere() throws Exception {
    SseClient sse = stream();
    outlet.publish("/fr", FeedEntry.of("live-1", "Un titre trompeur"));
    String id = awaitHeadline(sse, "Un titre trompeur");

    Reader a = reader("127.0.0.2");
    Http.Response first = a.report(server.port(), id, "item", "fausse information");
    assertThat(first.status()).isEqualTo(202);
    assertThat(first.json().getBoolean("counted")).isTrue();
    assertThat(first.headers().get("Set-Cookie"))
        .contains("manchette_cid=")
        .containsIgnoringCase("HttpOnly");
    // the same person again, then without cookies from the same address: neither counts
    assertThat(a.report(server.port(), id, "item", "encore").json().getBoolean("counted"))
        .isFalse();
    a.forgetCookies();
    assertThat(a.report(server.port(), id, "item", "sans cookie").json().getBoolean("counted"))
        .isFalse();

    Reader b = reader("127.0.0.3");
    assertThat(b.report(server.port(), id, "item", "faux").json().getBoolean("counted")).isTrue();
    assertThat(listedIds("/api/items"))
        .contains(id); // two distinct reporters: still below the threshold of 3
    assertThat(sse.events).noneMatch(e -> e.event().equals("retract"));

    Reader c = reader("127.0.0.4");
    assertThat(c.report(server.port(), id, "item", "trompeur").json().getBoolean("counted"))
        .isTrue();

    sse.awaitEvents(
        ev ->
            ev.stream()
                .anyMatch(e -> e.event().equals("retract") && e.json().getString("id").equals(id)),
        15_000);
    assertThat(listedIds("/api/items")).doesNotContain(id);
    assertThat(listedIds("/feed.json")).doesNotContain(id);
    assertThat(Http.get(vertx, server.port(), "/api/items/" + id).status()).isEqualTo(404);
    assertThat(Http.get(vertx, server.port(), "/feed.rss").body())
        .doesNotContain("Un titre trompeur");
    SseClient late =
        Await.result(SseClient.connect(vertx, server.port(), "/api/stream?backfill=50", null));
    closers.add(() -> late.close());
    late.awaitHeadlines(1, 15_000); // the archive item: backfill works, the hidden one is not in it
    assertThat(late.titles()).doesNotContain("Un titre trompeur");

    // editors see the reports, and can bring the item back
    Map<String, String> auth = Map.of("Authorization", "Bearer " + ADMIN);
    Http.Response reports =
        Http.request(vertx, server.port(), HttpMethod.GET, "/api/reports", null, auth);
    assertThat(reports.status()).isEqualTo(200);
    JsonObject entry = reports.json().getJsonArray("reports").getJsonObject(0);
    assertThat(entry.getString("item")).isEqualTo(id);
    assertThat(entry.getLong("reporters")).isEqualTo(3);
    assertThat(entry.getBoolean("hidden")).isTrue();
    assertThat(
            Http.request(
                    vertx,
                    server.port(),
                    HttpMethod.POST,
                    "/api/items/" + id + "/unhide",
                    null,
                    auth)
                .status())
        .isEqualTo(200);
    assertThat(listedIds("/api/items")).contains(id);
  }

  @Test
  void aReportedImageStaysHiddenWhenTheSamePictureReappearsElsewhere() throws Exception {
    SseClient sse = stream();
    String img = outlet.url("/img/picture-original.png");
    outlet.publish(
        "/fr",
        new FeedEntry(
            "pic-1",
            "Inauguration de la gare",
            "https://example.ma/a/pic-1",
            "<img src=\"" + img + "\"> Reportage",
            Instant.now()));
    String id = awaitHeadline(sse, "Inauguration de la gare");
    assertThat(sse.headlines().get(sse.headlines().size() - 1).json().getString("image"))
        .isEqualTo(img);

    for (String address : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
      assertThat(reader(address).report(server.port(), id, "image", "image choquante").status())
          .isEqualTo(202);
    }
    // an update with the same id and no image reaches the open stream; the headline itself stays
    sse.awaitEvents(
        ev ->
            ev.stream()
                .anyMatch(
                    e ->
                        e.event().equals("update")
                            && e.json().getString("id").equals(id)
                            && e.json().getValue("image") == null),
        15_000);
    JsonObject item = Http.get(vertx, server.port(), "/api/items/" + id).json();
    assertThat(item.getString("title")).isEqualTo("Inauguration de la gare");
    assertThat(item.getValue("image")).isNull();
    Await.until(
        () -> server.server.moderation().hiddenHashes() == 1, 15_000, "hidden picture hashed");

    // the same picture, resized and re-encoded under another URL, in another item; and an unrelated
    // picture
    long comparedBefore = server.server.moderation().imagesCompared();
    String copy = outlet.url("/img/picture-resized-copy.jpg");
    String other = outlet.url("/img/other-picture.png");
    outlet.publish(
        "/fr",
        new FeedEntry(
            "pic-2",
            "La gare vue du ciel",
            "https://example.ma/a/pic-2",
            "<img src=\"" + copy + "\"> Photos",
            Instant.now()));
    outlet.publish(
        "/fr",
        new FeedEntry(
            "pic-3",
            "Le marché central",
            "https://example.ma/a/pic-3",
            "<img src=\"" + other + "\"> Photos",
            Instant.now()));
    String copyId = awaitHeadline(sse, "La gare vue du ciel");
    String otherId = awaitHeadline(sse, "Le marché central");
    sse.awaitEvents(
        ev ->
            ev.stream()
                .anyMatch(
                    e ->
                        e.event().equals("update")
                            && e.json().getString("id").equals(copyId)
                            && e.json().getValue("image") == null),
        15_000);
    Await.until(
        () ->
            Http.getQuietly(vertx, server.port(), "/api/items/" + copyId)
                .contains("\"image\":null"),
        15_000,
        "copy's image hidden in history");
    Await.until(
        () -> server.server.moderation().imagesCompared() >= comparedBefore + 2,
        15_000,
        "both images compared");
    assertThat(Http.get(vertx, server.port(), "/api/items/" + otherId).json().getString("image"))
        .isEqualTo(other);

    // the hidden URL itself never leaves again, not even for an instant
    outlet.publish(
        "/fr",
        new FeedEntry(
            "pic-4",
            "La gare, un an après",
            "https://example.ma/a/pic-4",
            "<img src=\"" + img + "\"> Retour",
            Instant.now()));
    awaitHeadline(sse, "La gare, un an après");
    assertThat(
            sse.headlines().stream()
                .filter(e -> e.json().getString("title").equals("La gare, un an après"))
                .findFirst()
                .orElseThrow()
                .json()
                .getValue("image"))
        .isNull();
  }
}
