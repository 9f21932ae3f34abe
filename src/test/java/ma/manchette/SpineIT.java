package ma.manchette;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import ma.manchette.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole path of a headline: fake outlet → poll → detect → SSE/WebSocket → PostgreSQL. */
class SpineIT {
  private Vertx vertx;
  private FakeOutlet outlet;
  private String db;
  private final List<AutoCloseable> closers = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    db = TestDatabase.freshDatabaseUrl();
    outlet.set(
        "/fr",
        List.of(
            FeedEntry.of("fr-2", "Le gouvernement adopte le budget"),
            FeedEntry.of("fr-1", "Ouverture du salon de Tanger")));
    outlet.set("/ar", List.of(FeedEntry.of("ar-1", "افتتاح معرض الكتاب بالرباط")));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) closers.get(i).close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private TestServer start(Map<String, String> env) throws Exception {
    TestServer s =
        TestServer.start(
            db,
            List.of(
                TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms"),
                TestServer.outlet("beta-ar", "Beta AR", "ar", outlet.url("/ar"), "300ms")),
            env);
    closers.add(s);
    Await.until(
        () ->
            s.server.registry().get("alpha-fr").health.polls() > 0
                && s.server.registry().get("beta-ar").health.polls() > 0,
        20_000,
        "first polls");
    return s;
  }

  private SseClient sse(TestServer s, String query, String lastEventId) throws Exception {
    SseClient c =
        Await.result(SseClient.connect(vertx, s.port(), "/api/stream" + query, lastEventId));
    closers.add(() -> c.close());
    return c;
  }

  @Test
  void aPublishedHeadlineReachesSseAndWebSocketClientsButHistoryIsNotPushed() throws Exception {
    TestServer s = start(Map.of());
    SseClient sse = sse(s, "", null);
    assertThat(sse.status()).isEqualTo(200);
    assertThat(sse.header("Content-Type")).startsWith("text/event-stream");
    WsClient ws = Await.result(WsClient.connect(vertx, s.port()));
    closers.add(() -> ws.close());
    ws.send(new JsonObject().put("type", "subscribe").put("filter", new JsonObject()));
    ws.await(m -> !ws.ofType("subscribed").isEmpty(), 5_000);

    outlet.publish("/fr", FeedEntry.of("fr-3", "Dernière minute : séisme ressenti à Agadir"));
    sse.awaitHeadlines(1, 10_000);
    ws.await(m -> !ws.ofType("headline").isEmpty(), 10_000);

    JsonObject item = sse.headlines().get(0).json();
    assertThat(item.getString("title")).isEqualTo("Dernière minute : séisme ressenti à Agadir");
    assertThat(item.getString("outlet")).isEqualTo("alpha-fr");
    assertThat(item.getString("outletName")).isEqualTo("Alpha FR");
    assertThat(item.getString("url")).isEqualTo("https://example.ma/articles/fr-3");
    assertThat(sse.headlines().get(0).id()).isEqualTo(item.getString("id"));
    assertThat(ws.ofType("headline").get(0).getJsonObject("item").getString("id"))
        .isEqualTo(item.getString("id"));
    // the three items of the first polls are history: stored, not pushed
    Thread.sleep(1_000);
    assertThat(sse.titles()).containsExactly("Dernière minute : séisme ressenti à Agadir");
    Await.until(
        () -> TestDatabase.count(db, "SELECT count(*) FROM items") == 4, 10_000, "4 items stored");
    assertThat(sse.comments)
        .anyMatch(c -> c.contains("heartbeat")); // heartbeat every second in tests
  }

  @Test
  void filtersSelectByOutletAndLanguageOnBothTransports() throws Exception {
    TestServer s = start(Map.of());
    SseClient onlyAr = sse(s, "?lang=ar", null);
    SseClient onlyAlpha = sse(s, "?outlet=alpha-fr", null);
    WsClient ws = Await.result(WsClient.connect(vertx, s.port()));
    closers.add(() -> ws.close());
    ws.send(
        new JsonObject()
            .put("type", "subscribe")
            .put("filter", new JsonObject().put("outlet", List.of("beta-ar"))));
    ws.await(m -> !ws.ofType("subscribed").isEmpty(), 5_000);

    outlet.publish("/fr", FeedEntry.of("fr-10", "Le Raja remporte le derby"));
    outlet.publish("/ar", FeedEntry.of("ar-10", "الحكومة تصادق على مشروع قانون المالية"));
    onlyAr.awaitHeadlines(1, 10_000);
    onlyAlpha.awaitHeadlines(1, 10_000);
    ws.await(m -> !ws.ofType("headline").isEmpty(), 10_000);
    Thread.sleep(1_000);
    assertThat(onlyAr.titles()).containsExactly("الحكومة تصادق على مشروع قانون المالية");
    assertThat(onlyAlpha.titles()).containsExactly("Le Raja remporte le derby");
    assertThat(ws.ofType("headline")).hasSize(1);
    assertThat(ws.ofType("headline").get(0).getJsonObject("item").getString("outlet"))
        .isEqualTo("beta-ar");
  }

  @Test
  void resumeAfterDisconnectReplaysExactlyTheMissedItems() throws Exception {
    TestServer s = start(Map.of());
    SseClient first = sse(s, "", null);
    outlet.publish("/fr", FeedEntry.of("fr-20", "Premier titre"));
    first.awaitHeadlines(1, 10_000);
    String cursor = first.lastId();
    Await.result(first.close());

    outlet.publish("/fr", FeedEntry.of("fr-21", "Deuxième titre"));
    outlet.publish("/ar", FeedEntry.of("ar-21", "العنوان الثالث"));
    Await.until(
        () ->
            s.server.registry().get("beta-ar").health.itemsLast24h() >= 2
                && s.server.registry().get("alpha-fr").health.itemsLast24h() >= 4,
        10_000,
        "both items detected");

    SseClient byHeader = sse(s, "", cursor);
    SseClient byParam = sse(s, "?lastEventId=" + cursor, null);
    byHeader.awaitHeadlines(2, 10_000);
    byParam.awaitHeadlines(2, 10_000);
    Thread.sleep(500);
    assertThat(byHeader.titles()).containsExactlyInAnyOrder("Deuxième titre", "العنوان الثالث");
    assertThat(byParam.titles()).containsExactlyInAnyOrder("Deuxième titre", "العنوان الثالث");
    // ids come in increasing order, so the client's cursor only moves forward
    List<Long> ids = byHeader.headlines().stream().map(e -> Long.parseLong(e.id())).toList();
    assertThat(ids).isSorted();
  }

  @Test
  void resumeBeyondTheRingReadsPostgres() throws Exception {
    TestServer s = start(Map.of("MANCHETTE_RING_SIZE", "100"));
    SseClient first = sse(s, "", null);
    outlet.publish("/fr", FeedEntry.of("fr-30", "Avant la coupure"));
    first.awaitHeadlines(1, 10_000);
    String cursor = first.lastId();
    Await.result(first.close());
    List<FeedEntry> burst = new ArrayList<>();
    for (int i = 0; i < 150; i++)
      burst.add(FeedEntry.of("burst-" + i, "Titre en rafale numéro " + i));
    List<FeedEntry> all = new ArrayList<>(burst);
    java.util.Collections.reverse(all);
    all.add(FeedEntry.of("fr-30", "Avant la coupure"));
    outlet.set("/fr", all);
    Await.until(
        () ->
            TestDatabase.count(db, "SELECT count(*) FROM items WHERE item_key LIKE 'g:burst-%'")
                == 150,
        15_000,
        "burst stored");
    assertThat(s.server.hub().ring().floor()).isGreaterThan(Long.parseLong(cursor));

    SseClient resumed = sse(s, "", cursor);
    resumed.awaitHeadlines(150, 15_000);
    Thread.sleep(300);
    assertThat(resumed.headlines()).hasSize(150);
    assertThat(resumed.titles()).doesNotContain("Avant la coupure").doesNotHaveDuplicates();
  }

  @Test
  void backfillSendsTheLatestMatchingItemsThenLive() throws Exception {
    TestServer s = start(Map.of());
    SseClient c = sse(s, "?backfill=2&outlet=alpha-fr", null);
    c.awaitHeadlines(2, 10_000);
    assertThat(c.titles())
        .containsExactly("Ouverture du salon de Tanger", "Le gouvernement adopte le budget");
    outlet.publish("/fr", FeedEntry.of("fr-40", "Nouveau titre en direct"));
    c.awaitHeadlines(3, 10_000);
    assertThat(c.titles().get(2)).isEqualTo("Nouveau titre en direct");
  }

  @Test
  void aRestartNeitherReannouncesNorDuplicates() throws Exception {
    TestServer s = start(Map.of());
    SseClient before = sse(s, "", null);
    outlet.publish("/fr", FeedEntry.of("fr-50", "Avant le redémarrage"));
    before.awaitHeadlines(1, 10_000);
    Await.until(() -> TestDatabase.count(db, "SELECT count(*) FROM items") == 4, 10_000, "stored");
    closers.remove(s);
    s.close();

    TestServer again = start(Map.of());
    SseClient after = sse(again, "", null);
    Thread.sleep(1_500); // several polls of both outlets
    assertThat(after.headlines()).isEmpty();
    assertThat(TestDatabase.count(db, "SELECT count(*) FROM items")).isEqualTo(4);
    outlet.publish("/fr", FeedEntry.of("fr-51", "Après le redémarrage"));
    after.awaitHeadlines(1, 10_000);
    Thread.sleep(1_000);
    assertThat(after.titles()).containsExactly("Après le redémarrage");
    Await.until(
        () -> TestDatabase.count(db, "SELECT count(*) FROM items") == 5, 10_000, "one more stored");
    long maxBefore = Long.parseLong(before.lastId());
    assertThat(Long.parseLong(after.lastId())).isGreaterThan(maxBefore);
  }

  @Test
  void aCorrectedHeadlineIsPushedAsAnUpdateWithTheSameId() throws Exception {
    TestServer s = start(Map.of());
    SseClient c = sse(s, "", null);
    outlet.publish("/fr", FeedEntry.of("fr-60", "Titre avec une fote"));
    c.awaitHeadlines(1, 10_000);
    String id = c.headlines().get(0).json().getString("id");
    List<FeedEntry> fixed = new ArrayList<>();
    fixed.add(
        new FeedEntry(
            "fr-60",
            "Titre corrigé",
            "https://example.ma/articles/fr-60",
            "Résumé de Titre avec une fote",
            java.time.Instant.now()));
    fixed.add(FeedEntry.of("fr-2", "Le gouvernement adopte le budget"));
    fixed.add(FeedEntry.of("fr-1", "Ouverture du salon de Tanger"));
    outlet.set("/fr", fixed);
    c.awaitEvents(ev -> ev.stream().anyMatch(e -> e.event().equals("update")), 10_000);
    SseClient.Event update =
        c.events.stream().filter(e -> e.event().equals("update")).findFirst().orElseThrow();
    assertThat(update.json().getString("id")).isEqualTo(id);
    assertThat(update.json().getString("title")).isEqualTo("Titre corrigé");
    assertThat(Long.parseLong(update.id()))
        .isGreaterThan(Long.parseLong(id)); // the cursor still moves forward
    Await.until(
        () ->
            TestDatabase.count(db, "SELECT count(*) FROM items WHERE title = 'Titre corrigé'") == 1,
        10_000,
        "update stored");
  }
}
