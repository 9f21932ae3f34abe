package ma.manchette.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Fixtures;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /api/items/{id} fetches, extracts and stores the article's text on first view; failures are
 * not retried forever.
 */
class FullTextIT {
  private Vertx vertx;
  private FakeOutlet outlet;
  private TestServer server;
  private String db;
  private final AtomicInteger articleHits = new AtomicInteger();
  private final AtomicInteger brokenHits = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    byte[] page = Fixtures.bytes("pages/article-full-text.html");
    outlet.serveRaw(
        "/articles/quake",
        req -> {
          articleHits.incrementAndGet();
          req.response()
              .putHeader("Content-Type", "text/html; charset=utf-8")
              .end(io.vertx.core.buffer.Buffer.buffer(page));
        });
    outlet.serveRaw(
        "/articles/broken",
        req -> {
          brokenHits.incrementAndGet();
          req.response().setStatusCode(500).end("oops");
        });
    Instant t = Instant.parse("2026-11-28T07:00:00Z");
    outlet.set(
        "/feed",
        List.of(
            new FeedEntry(
                "q",
                "Séisme à Agadir : les habitants racontent leur nuit",
                outlet.url("/articles/quake"),
                null,
                t),
            new FeedEntry(
                "b", "Une page qui ne répond pas", outlet.url("/articles/broken"), null, t)));
    db = TestDatabase.freshDatabaseUrl();
    server =
        TestServer.start(
            db,
            List.of(TestServer.outlet("journal", "Le Journal", "fr", outlet.url("/feed"), "300ms")),
            Map.of());
    Await.until(
        () -> TestDatabase.count(db, "SELECT count(*) FROM items") == 2, 20_000, "items stored");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  @Test
  void firstViewExtractsPlainParagraphsAndThePictureThenServesThemFromTheDatabase()
      throws Exception {
    JsonObject item = view(id("quake"));
    String body = item.getString("body");
    assertThat(body)
        .startsWith(
            "Un séisme de magnitude 5,2 a été ressenti peu après trois heures du matin à Agadir");
    assertThat(body.split("\n\n")).hasSizeGreaterThanOrEqualTo(4);
    assertThat(body)
        .contains("« Les murs ont tremblé pendant plusieurs secondes")
        .contains("de la médina & des quartiers") // entities decoded
        .contains("garder les issues dégagées.");
    assertThat(body)
        .doesNotContain(
            "<",
            "tracking-code",
            "Publicité",
            "Accueil",
            "Tous droits réservés",
            "injected by script");
    assertThat(item.getString("image")).isEqualTo(outlet.url("/uploads/2026/11/agadir-seisme.jpg"));
    assertThat(articleHits.get()).isEqualTo(1);

    JsonObject again = view(id("quake"));
    assertThat(again.getString("body")).isEqualTo(body);
    assertThat(articleHits.get()).isEqualTo(1); // stored: the page is not fetched again
    assertThat(TestDatabase.count(db, "SELECT count(*) FROM items WHERE body IS NOT NULL"))
        .isEqualTo(1);
  }

  @Test
  void aPageThatFailsIsTriedAFewTimesThenLeftAlone() throws Exception {
    String id = id("broken");
    for (int i = 0; i < 5; i++) {
      JsonObject item = view(id);
      assertThat(item.containsKey("body")).isFalse();
      assertThat(item.getString("title")).isEqualTo("Une page qui ne répond pas");
    }
    assertThat(brokenHits.get()).isEqualTo(3);
    assertThat(
            TestDatabase.count(db, "SELECT count(*) FROM items WHERE body_error LIKE 'HTTP 500%'"))
        .isEqualTo(1);
  }

  @Test
  void outletsListedInFulltextYamlGetTheTextRightAfterDetection() throws Exception {
    server.close();
    server = null;
    java.nio.file.Path conf = java.nio.file.Files.createTempDirectory("manchette-conf");
    java.nio.file.Files.writeString(conf.resolve("fulltext.yaml"), "eager: [journal]\n");
    java.nio.file.Path outlets = conf.resolve("outlets.yaml");
    java.nio.file.Files.writeString(
        outlets,
        "outlets:\n"
            + TestServer.outlet("journal", "Le Journal", "fr", outlet.url("/feed"), "300ms"));
    server = TestServer.start(db, outlets, Map.of());
    Await.until(
        () -> server.server.registry().get("journal").health.polls() > 0,
        20_000,
        "poll after restart");
    byte[] page = Fixtures.bytes("pages/article-full-text.html");
    AtomicInteger liveHits = new AtomicInteger();
    outlet.serveRaw(
        "/articles/live",
        req -> {
          liveHits.incrementAndGet();
          req.response()
              .putHeader("Content-Type", "text/html; charset=utf-8")
              .end(io.vertx.core.buffer.Buffer.buffer(page));
        });
    outlet.publish(
        "/feed",
        new FeedEntry(
            "live",
            "Agadir : la nuit après le séisme",
            outlet.url("/articles/live"),
            null,
            Instant.now()));
    // nobody views the item: its text is fetched and stored anyway
    Await.until(
        () ->
            TestDatabase.count(
                    db,
                    "SELECT count(*) FROM items WHERE url LIKE '%/articles/live' AND body LIKE 'Un séisme de magnitude%'")
                == 1,
        20_000,
        "body stored without a view");
    int before =
        liveHits.get(); // the picture lookup (ArticleImages) fetches the page on its own, once
    assertThat(view(id("live")).getString("body")).startsWith("Un séisme de magnitude 5,2");
    assertThat(liveHits.get())
        .isEqualTo(before)
        .isLessThanOrEqualTo(2); // the view was served from the database
    assertThat(articleHits.get()).isZero(); // history items are not fetched eagerly
  }

  private String id(String guid) throws Exception {
    Http.Response r = Http.get(vertx, server.port(), "/api/items?limit=10");
    for (Object o : r.json().getJsonArray("items")) {
      JsonObject i = (JsonObject) o;
      if (i.getString("url").endsWith("/articles/" + guid)) return i.getString("id");
    }
    throw new AssertionError("no item " + guid + " in " + r.body());
  }

  private JsonObject view(String id) throws Exception {
    Http.Response r = Http.get(vertx, server.port(), "/api/items/" + id);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }
}
