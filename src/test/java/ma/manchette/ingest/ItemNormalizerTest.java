package ma.manchette.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import ma.manchette.config.OutletConfig;
import ma.manchette.parse.FeedParser;
import ma.manchette.parse.ParsedEntry;
import org.junit.jupiter.api.Test;

class ItemNormalizerTest {
  static final OutletConfig OUTLET = new OutletConfig("hespress-fr", "Hespress FR", "https://fr.hespress.com", "fr", null, null,
      Duration.ofSeconds(60), null, null, List.of("https://fr.hespress.com/feed"), null, true, null);
  static final Instant NOW = Instant.parse("2026-11-28T18:00:00Z");

  @Test
  void textIsPlainAndUrlsAbsolute() throws Exception {
    var feed = FeedParser.parse(ma.manchette.support.Fixtures.bytes("feeds/rss20-hespress-fr.xml"), "application/rss+xml");
    List<Item> items = ItemNormalizer.normalize(OUTLET, "https://fr.hespress.com/feed", feed.entries(), NOW);
    Item first = items.get(0);
    assertThat(first.summary()).isEqualTo("La Chambre des représentants a adopté, en deuxième lecture, le projet de loi de finances 2027 …");
    assertThat(first.key()).isEqualTo("g:https://fr.hespress.com/?p=412345");
    assertThat(first.url()).doesNotContain("utm_");
    Item second = items.get(1);
    assertThat(second.image()).isEqualTo("https://fr.hespress.com/wp-content/uploads/2026/11/wydad.jpg");
    assertThat(second.summary()).isEqualTo("Le Wydad de Casablanca a battu le FUS de Rabat 2-1.");
  }

  @Test
  void hostileMarkupNeverSurvives() {
    ParsedEntry e = new ParsedEntry(null, "javascript:alert(1)", "<script>alert(1)</script>Titre <b>gras</b> &amp; sûr",
        "<img src=x onerror=alert(1)>Résumé", "javascript:alert(2)", "<i>Auteur</i>", List.of("<b>Cat</b>"), null, null);
    Item i = ItemNormalizer.normalize(OUTLET, "https://fr.hespress.com/feed", e, NOW);
    assertThat(i.title()).isEqualTo("Titre gras & sûr");
    assertThat(i.url()).isNull();
    assertThat(i.image()).isNull();
    assertThat(i.summary()).isEqualTo("Résumé");
    assertThat(i.author()).isEqualTo("Auteur");
    assertThat(i.categories()).containsExactly("Cat");
  }

  @Test
  void keysFallBackFromGuidToLinkToTitleAndDate() {
    ParsedEntry withLink = new ParsedEntry(null, "/a/1?utm_source=x&id=3#top", "T", null, null, null, List.of(), null, null);
    assertThat(ItemNormalizer.normalize(OUTLET, "https://fr.hespress.com/feed", withLink, NOW).key())
        .isEqualTo("u:https://fr.hespress.com/a/1?id=3");
    ParsedEntry bare = new ParsedEntry(null, null, "Titre seul", null, null, null, List.of(), Instant.parse("2026-11-28T10:00:00Z"), null);
    String k1 = ItemNormalizer.normalize(OUTLET, null, bare, NOW).key();
    assertThat(k1).startsWith("h:").isEqualTo(ItemNormalizer.normalize(OUTLET, null, bare, NOW.plusSeconds(60)).key());
  }

  @Test
  void aFutureDateFallsBackToTheDetectionTime() {
    ParsedEntry e = new ParsedEntry("g", "https://x.ma/1", "T", null, null, null, List.of(), NOW.plus(Duration.ofDays(2)), null);
    assertThat(ItemNormalizer.normalize(OUTLET, null, e, NOW).publishedAt()).isEqualTo(NOW);
  }
}
