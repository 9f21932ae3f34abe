package ma.manchette.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.Fixtures;
import ma.manchette.support.Http;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Enrichment on the real server: a multilingual outlet configured as French, rules files beside the
 * outlets file; what readers see in REST filters, live streams and "Lire aussi".
 */
class EnrichmentIT {
  private Vertx vertx;
  private FakeOutlet outlet;
  private TestServer server;
  private final List<AutoCloseable> closers = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.serveBytes("/multi", Buffer.buffer(Fixtures.bytes("enrich/multi-1.xml")));
    outlet.serveBytes("/other", Buffer.buffer(Fixtures.bytes("enrich/other.xml")));
    Path conf = Files.createTempDirectory("manchette-conf");
    Files.copy(Items.SECTIONS, conf.resolve("sections.yaml"));
    Files.copy(Items.REGIONS, conf.resolve("regions.yaml"));
    Path outlets = conf.resolve("outlets.yaml");
    Files.writeString(
        outlets,
        "outlets:\n"
            + TestServer.outlet("multi", "Multi", "fr", outlet.url("/multi"), "300ms")
            + TestServer.outlet("other", "Other", "fr", outlet.url("/other"), "300ms"));
    server = TestServer.start(TestDatabase.freshDatabaseUrl(), outlets, Map.of());
    Await.until(
        () ->
            server.server.registry().get("multi").health.polls() > 0
                && server.server.registry().get("other").health.polls() > 0,
        20_000,
        "first polls");
    Await.until(() -> items("").size() == 6, 20_000, "history stored");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) closers.get(i).close();
    if (server != null) server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  @Test
  void storedHeadlinesCarrySectionLanguageRegionAndAreFilterable() throws Exception {
    assertThat(titles("?lang=ar")).containsExactly("الوداد يفوز على الرجاء في ديربي الدار البيضاء");
    assertThat(titles("?lang=en"))
        .containsExactly("Bank Al-Maghrib keeps its key rate unchanged as inflation slows");
    assertThat(titles("?section=sport"))
        .containsExactly("الوداد يفوز على الرجاء في ديربي الدار البيضاء"); // feed category
    assertThat(titles("?section=economie"))
        .containsExactly(
            "Bank Al-Maghrib keeps its key rate unchanged as inflation slows"); // keywords
    assertThat(titles("?section=culture"))
        .containsExactly("Festival du cinéma de Tétouan : le palmarès dévoilé"); // URL path
    assertThat(titles("?region=souss-massa"))
        .containsExactlyInAnyOrder(
            "Séisme de magnitude 5,2 ressenti à Agadir et Taroudant, aucune victime signalée",
            "Agadir : la secousse de magnitude 5,2 a réveillé les habitants de Taroudant");
    assertThat(titles("?region=casablanca-settat"))
        .containsExactly("الوداد يفوز على الرجاء في ديربي الدار البيضاء");
    assertThat(titles("?author=" + enc("salma bennani")))
        .containsExactly(
            "Séisme de magnitude 5,2 ressenti à Agadir et Taroudant, aucune victime signalée");
    assertThat(titles("?topic=" + enc("رياضة")))
        .containsExactly("الوداد يفوز على الرجاء في ديربي الدار البيضاء");
  }

  @Test
  void liveStreamsFilterOnEnrichedFieldsAuthorAndTopic() throws Exception {
    SseClient byRegion = sse("?region=tanger-tetouan-al-hoceima");
    SseClient byLang = sse("?lang=ar");
    SseClient byAuthor = sse("?author=" + enc("Salma BENNANI"));
    SseClient byTopic = sse("?topic=" + enc("puertos"));
    SseClient bySection = sse("?section=economie");
    outlet.serveBytes("/multi", Buffer.buffer(Fixtures.bytes("enrich/multi-2.xml")));

    byRegion.awaitHeadlines(1, 15_000);
    byLang.awaitHeadlines(1, 15_000);
    byAuthor.awaitHeadlines(1, 15_000);
    byTopic.awaitHeadlines(1, 15_000);
    bySection.awaitHeadlines(1, 15_000);
    Await.until(() -> items("").size() == 9, 15_000, "new items stored");
    String tanger = "El puerto de Tánger Med bate su récord de contenedores este año";
    assertThat(byRegion.titles()).containsExactly(tanger);
    assertThat(byLang.titles()).containsExactly("افتتاح مستشفى جامعي جديد بالقنيطرة");
    assertThat(byAuthor.titles())
        .containsExactly("Un caramel salé qui fait fureur dans les pâtisseries du pays");
    assertThat(byTopic.titles()).containsExactly(tanger);
    assertThat(bySection.titles()).containsExactly(tanger); // /economia/ in the URL
    JsonObject pushed = byRegion.headlines().get(0).json();
    assertThat(pushed.getString("lang")).isEqualTo("es");
    assertThat(pushed.getString("author")).isEqualTo("Carmen Ruiz");
    // "salé" is a taste here, not the city: no region
    JsonObject caramel = byAuthor.headlines().get(0).json();
    assertThat(caramel.getValue("region")).isNull();
    assertThat(caramel.getString("lang")).isEqualTo("fr");
    assertThat(titles("?region=rabat-sale-kenitra"))
        .containsExactly("افتتاح مستشفى جامعي جديد بالقنيطرة");
  }

  @Test
  void relatedItemsComeFromFullTextSearchOtherOutletsFirst() throws Exception {
    JsonObject quake = items("?outlet=multi&q=" + enc("séisme agadir")).get(0);
    Http.Response r = Http.get(vertx, server.port(), "/api/items/" + quake.getString("id"));
    assertThat(r.status()).isEqualTo(200);
    JsonArray related = r.json().getJsonArray("related");
    // the other outlet's report of the same quake; not the Turkish quake (one shared word), not the
    // football
    assertThat(related.stream().map(o -> ((JsonObject) o).getString("title")).toList())
        .containsExactly(
            "Agadir : la secousse de magnitude 5,2 a réveillé les habitants de Taroudant");

    JsonObject festival = items("?section=culture").get(0);
    Http.Response none = Http.get(vertx, server.port(), "/api/items/" + festival.getString("id"));
    assertThat(none.json().getJsonArray("related")).isEmpty();
  }

  @Test
  void qRankedByRelevancePagesWithoutRepeatsOrGaps() throws Exception {
    String quakeHere =
        "Séisme de magnitude 5,2 ressenti à Agadir et Taroudant, aucune victime signalée"; // title
    // and
    // summary
    String quakeTurkey = "Séisme en Turquie : le bilan s'alourdit"; // title only
    String quakeThere =
        "Agadir : la secousse de magnitude 5,2 a réveillé les habitants de Taroudant"; // summary
    // only
    List<String> seen = new ArrayList<>();
    String after = null;
    for (int page = 0; page < 5; page++) {
      Http.Response r =
          Http.get(
              vertx,
              server.port(),
              "/api/items?q=SEISME&sort=relevance&limit=1"
                  + (after == null ? "" : "&after=" + enc(after)));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      r.json().getJsonArray("items").forEach(o -> seen.add(((JsonObject) o).getString("title")));
      after = r.json().getString("next");
      if (after == null) break;
    }
    assertThat(seen).containsExactly(quakeHere, quakeTurkey, quakeThere);
    // the newest-first listing still matches the same items (keyword search, accents folded)
    assertThat(titles("?q=" + enc("séisme")))
        .containsExactlyInAnyOrder(quakeHere, quakeTurkey, quakeThere);

    Http.Response noQ = Http.get(vertx, server.port(), "/api/items?sort=relevance");
    assertThat(noQ.status()).isEqualTo(400);
    assertThat(noQ.json().getString("field")).isEqualTo("sort");
    Http.Response badCursor =
        Http.get(vertx, server.port(), "/api/items?q=seisme&sort=relevance&after=zzz");
    assertThat(badCursor.status()).isEqualTo(400);
    assertThat(badCursor.json().getString("field")).isEqualTo("after");
  }

  private SseClient sse(String query) throws Exception {
    SseClient c =
        Await.result(SseClient.connect(vertx, server.port(), "/api/stream" + query, null));
    closers.add(() -> c.close());
    assertThat(c.status()).isEqualTo(200);
    return c;
  }

  private List<JsonObject> items(String query) {
    try {
      Http.Response r = Http.get(vertx, server.port(), "/api/items" + query);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      return r.json().getJsonArray("items").stream().map(o -> (JsonObject) o).toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> titles(String query) {
    return items(query).stream().map(o -> o.getString("title")).toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
