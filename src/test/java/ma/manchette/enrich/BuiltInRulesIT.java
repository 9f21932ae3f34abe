package ma.manchette.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An outlets file kept away from the shipped conf/ (MANCHETTE_OUTLETS=/etc/manchette/outlets.yaml):
 * headlines are still tagged by the rules built into the jar, /health/ready says so, and a broken
 * override file stops the start.
 */
class BuiltInRulesIT {
  private Vertx vertx;
  private FakeOutlet outlet;
  private Path outlets;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set(
        "/fr",
        List.of(
            new FeedEntry(
                "a-1",
                "Agadir : le Hassania s'impose au stade Adrar",
                "https://example.ma/sport/1-hassania",
                "Victoire nette.",
                java.time.Instant.now()),
            new FeedEntry(
                "a-2",
                "Le parlement adopte la loi de finances à Rabat",
                "https://example.ma/p/2",
                null,
                java.time.Instant.now())));
    Path etc = Files.createTempDirectory("manchette-etc"); // no regions.yaml, no sections.yaml here
    outlets = etc.resolve("outlets.yaml");
    Files.writeString(
        outlets,
        "outlets:\n" + TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms"));
  }

  @AfterEach
  void tearDown() throws Exception {
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  @Test
  void withoutRulesFilesBesideTheOutletsFileTheBuiltInRulesTagHeadlines() throws Exception {
    TestServer s = TestServer.start(TestDatabase.freshDatabaseUrl(), outlets, Map.of());
    try {
      Await.until(
          () -> Http.itemsQuietly(vertx, s.port()).size() == 2, 20_000, "both headlines stored");
      JsonObject agadir = Http.byTitle(Http.itemsQuietly(vertx, s.port()), "Agadir");
      assertThat(agadir.getString("region")).isEqualTo("souss-massa");
      assertThat(agadir.getString("section")).isEqualTo("sport");
      JsonObject rabat = Http.byTitle(Http.itemsQuietly(vertx, s.port()), "Le parlement");
      assertThat(rabat.getString("region")).isEqualTo("rabat-sale-kenitra");
      assertThat(rabat.getString("section")).isEqualTo("politique");

      Http.Response ready = Http.get(vertx, s.port(), "/health/ready");
      assertThat(ready.status()).isEqualTo(200);
      JsonObject enrichment = ready.json().getJsonObject("enrichment");
      assertThat(enrichment.getJsonObject("regions").getString("source")).isEqualTo("built-in");
      assertThat(enrichment.getJsonObject("regions").getInteger("count")).isEqualTo(12);
      assertThat(enrichment.getJsonObject("regions").getInteger("terms")).isGreaterThan(300);
      assertThat(enrichment.getJsonObject("sections").getString("source")).isEqualTo("built-in");
      assertThat(enrichment.getJsonObject("sections").getInteger("count")).isEqualTo(9);
      assertThat(enrichment.getJsonObject("sections").getValue("file")).isNull();
    } finally {
      s.close();
    }
  }

  @Test
  void anOverrideNamedInTheEnvironmentIsReportedAsInForce() throws Exception {
    Path regions =
        Path.of("src/test/resources/fixtures/rules/regions-extends.yaml").toAbsolutePath();
    TestServer s =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            outlets,
            Map.of("MANCHETTE_REGIONS", regions.toString()));
    try {
      JsonObject enrichment =
          Http.get(vertx, s.port(), "/health/ready").json().getJsonObject("enrichment");
      assertThat(enrichment.getJsonObject("regions").getString("source"))
          .isEqualTo("file+built-in");
      assertThat(enrichment.getJsonObject("regions").getString("file"))
          .isEqualTo(regions.toString());
      assertThat(enrichment.getJsonObject("regions").getInteger("count")).isEqualTo(13);
      assertThat(enrichment.getJsonObject("sections").getString("source")).isEqualTo("built-in");
    } finally {
      s.close();
    }
  }

  @Test
  void aBrokenOverrideFileStopsTheStartNamingFileAndLine() throws Exception {
    Path broken = outlets.resolveSibling("regions.yaml");
    Files.copy(Path.of("src/test/resources/fixtures/rules/regions-wrong-shape.yaml"), broken);
    assertThatThrownBy(() -> TestServer.start(TestDatabase.freshDatabaseUrl(), outlets, Map.of()))
        .rootCause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(broken + ":5:")
        .hasMessageContaining("must be a list");
    // a named file that is not there is refused before anything starts, naming the variable
    assertThatThrownBy(
            () ->
                TestServer.start(
                    TestDatabase.freshDatabaseUrl(),
                    outlets,
                    Map.of(
                        "MANCHETTE_SECTIONS", outlets.resolveSibling("nowhere.yaml").toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MANCHETTE_SECTIONS")
        .hasMessageContaining("nowhere.yaml");
  }
}
