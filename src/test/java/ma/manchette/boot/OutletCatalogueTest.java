package ma.manchette.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import ma.manchette.config.OutletConfig;
import ma.manchette.config.OutletJson;
import ma.manchette.config.ScrapeRule;
import ma.manchette.store.OutletCatalog;
import org.junit.jupiter.api.Test;

/** The outlets in force: the outlets file, with what the admin API stored applied over it. */
class OutletCatalogueTest {
  private static OutletConfig outlet(String id, String name, String feed, boolean enabled) {
    Duration d = Duration.ofMinutes(2);
    return new OutletConfig(
        id,
        name,
        "https://" + id + ".ma",
        "fr",
        null,
        null,
        d,
        d,
        d,
        List.of(feed),
        null,
        enabled,
        enabled ? null : "paused");
  }

  private static OutletCatalog.Row0 fileRow(OutletConfig c) {
    return new OutletCatalog.Row0(c.id(), OutletJson.of(c), c.enabled(), "file", false);
  }

  private static OutletCatalog.Row0 adminRow(OutletConfig c) {
    return new OutletCatalog.Row0(c.id(), OutletJson.of(c), c.enabled(), "admin", false);
  }

  private static OutletCatalog.Row0 tombstone(String id) {
    return new OutletCatalog.Row0(id, new JsonObject().put("id", id), false, "admin", true);
  }

  private final OutletConfig alpha = outlet("alpha", "Alpha", "https://alpha.ma/rss", true);
  private final OutletConfig beta = outlet("beta", "Beta", "https://beta.ma/rss", true);
  private final List<OutletConfig> file = List.of(beta, alpha); // file order, not alphabetical

  @Test
  void withNothingStoredTheFileIsInForceInItsOrder() {
    OutletCatalogue.Effective e = OutletCatalogue.merge(file, List.of());
    assertThat(e.outlets()).containsExactly(beta, alpha);
    assertThat(e.guarded()).isEmpty();
    assertThat(e.invalid()).isEmpty();
  }

  @Test
  void fileRowsChangeNothingEvenWhenTheyDifferFromTheFile() {
    OutletConfig stale = outlet("alpha", "Alpha d'hier", "https://old.example/rss", false);
    OutletCatalogue.Effective e =
        OutletCatalogue.merge(file, List.of(fileRow(stale), fileRow(beta)));
    assertThat(e.outlets()).containsExactly(beta, alpha);
    assertThat(e.guarded()).isEmpty();
  }

  @Test
  void anOutletAddedByTheAdminApiComesAfterTheFileAndIsGuarded() {
    OutletConfig added = outlet("gamma", "Gamma", "https://gamma.example/feed", true);
    OutletCatalogue.Effective e =
        OutletCatalogue.merge(file, List.of(fileRow(alpha), fileRow(beta), adminRow(added)));
    assertThat(e.outlets()).extracting(OutletConfig::id).containsExactly("beta", "alpha", "gamma");
    assertThat(e.outlets().get(2)).isEqualTo(added);
    assertThat(e.guarded())
        .containsExactly("gamma"); // its URLs are not the file's: fetched through the SSRF guard
  }

  @Test
  void anOutletDisabledByTheAdminApiStaysDisabledInItsFilePlace() {
    OutletConfig paused = outlet("alpha", "Alpha", "https://alpha.ma/rss", false);
    OutletCatalogue.Effective e =
        OutletCatalogue.merge(file, List.of(adminRow(paused), fileRow(beta)));
    assertThat(e.outlets()).extracting(OutletConfig::id).containsExactly("beta", "alpha");
    assertThat(e.outlets().get(1).enabled()).isFalse();
    assertThat(e.outlets().get(1).disabledReason()).isEqualTo("paused");
    assertThat(e.guarded()).isEmpty(); // same feeds as the file
  }

  @Test
  void anEditWinsOverTheFileAndIsGuardedOnlyWhenItsUrlsChange() {
    OutletConfig renamed = outlet("alpha", "Alpha Presse", "https://alpha.ma/rss", true);
    OutletConfig repointed = outlet("beta", "Beta", "https://elsewhere.example/rss", true);
    OutletCatalogue.Effective e =
        OutletCatalogue.merge(file, List.of(adminRow(renamed), adminRow(repointed)));
    assertThat(e.outlets()).containsExactly(repointed, renamed);
    assertThat(e.guarded()).containsExactly("beta");
  }

  @Test
  void aScrapedOutletIsComparedByTheScrapedPage() {
    OutletConfig scraped =
        new OutletConfig(
            "alpha",
            "Alpha",
            "https://alpha.ma",
            "fr",
            null,
            null,
            null,
            null,
            null,
            List.of(),
            new ScrapeRule("https://alpha.ma/rss", ".item", "h2", "a", null, null),
            true,
            null);
    OutletCatalogue.Effective e = OutletCatalogue.merge(file, List.of(adminRow(scraped)));
    assertThat(e.guarded()).isEmpty(); // scraping the file's feed URL is not a new destination
  }

  @Test
  void aDeletedOutletIsGoneWhetherItCameFromTheFileOrTheAdminApi() {
    OutletConfig added = outlet("gamma", "Gamma", "https://gamma.example/feed", true);
    OutletCatalogue.Effective e =
        OutletCatalogue.merge(file, List.of(tombstone("alpha"), fileRow(beta), tombstone("gamma")));
    assertThat(e.outlets()).containsExactly(beta);
    e = OutletCatalogue.merge(file, List.of(adminRow(added), tombstone("gamma")));
    assertThat(e.outlets()).extracting(OutletConfig::id).containsExactly("beta", "alpha");
  }

  @Test
  void aStoredOutletThatNoLongerParsesIsLeftOutAndTheFileVersionStays() {
    OutletCatalog.Row0 broken =
        new OutletCatalog.Row0(
            "alpha",
            new JsonObject().put("id", "alpha").put("feeds", List.of("ftp://nope")),
            true,
            "admin",
            false);
    OutletCatalog.Row0 brokenNew =
        new OutletCatalog.Row0(
            "delta", new JsonObject().put("id", "Not A Slug"), true, "admin", false);
    OutletCatalogue.Effective e = OutletCatalogue.merge(file, List.of(broken, brokenNew));
    assertThat(e.outlets()).containsExactly(beta, alpha);
    assertThat(e.invalid()).containsOnlyKeys("alpha", "delta");
    assertThat(e.guarded()).isEmpty();
  }
}
