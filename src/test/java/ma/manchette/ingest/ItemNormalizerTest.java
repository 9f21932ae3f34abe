package ma.manchette.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import ma.manchette.config.OutletConfig;
import ma.manchette.model.Item;
import ma.manchette.model.UrlKind;
import ma.manchette.parse.FeedParser;
import ma.manchette.parse.ParsedEntry;
import org.junit.jupiter.api.Test;

class ItemNormalizerTest {
  static final OutletConfig OUTLET =
      new OutletConfig(
          "hespress-fr",
          "Hespress FR",
          "https://fr.hespress.com",
          "fr",
          null,
          null,
          Duration.ofSeconds(60),
          null,
          null,
          List.of("https://fr.hespress.com/feed"),
          null,
          true,
          null);
  static final Instant NOW = Instant.parse("2026-11-28T18:00:00Z");

  @Test
  void textIsPlainAndUrlsAbsolute() throws Exception {
    var feed =
        FeedParser.parse(
            ma.manchette.support.Fixtures.bytes("feeds/rss20-hespress-fr.xml"),
            "application/rss+xml");
    List<Item> items =
        ItemNormalizer.normalize(OUTLET, "https://fr.hespress.com/feed", feed.entries(), NOW);
    Item first = items.get(0);
    assertThat(first.summary())
        .isEqualTo(
            "La Chambre des représentants a adopté, en deuxième lecture, le projet de loi de finances 2027 …");
    assertThat(first.key()).isEqualTo("g:https://fr.hespress.com/?p=412345");
    assertThat(first.url()).doesNotContain("utm_");
    Item second = items.get(1);
    assertThat(second.image())
        .isEqualTo("https://fr.hespress.com/wp-content/uploads/2026/11/wydad.jpg");
    assertThat(second.summary()).isEqualTo("Le Wydad de Casablanca a battu le FUS de Rabat 2-1.");
  }

  @Test
  void hostileMarkupNeverSurvives() {
    ParsedEntry e =
        new ParsedEntry(
            null,
            "javascript:alert(1)",
            "<script>alert(1)</script>Titre <b>gras</b> &amp; sûr",
            "<img src=x onerror=alert(1)>Résumé",
            "javascript:alert(2)",
            "<i>Auteur</i>",
            List.of("<b>Cat</b>"),
            null,
            null);
    Item i = ItemNormalizer.normalize(OUTLET, "https://fr.hespress.com/feed", e, NOW);
    assertThat(i.title()).isEqualTo("Titre gras & sûr");
    assertThat(i.url())
        .isEqualTo(
            "https://fr.hespress.com"); // the configured homepage, never the javascript: link
    assertThat(i.urlKind()).isEqualTo(UrlKind.HOMEPAGE);
    assertThat(i.image()).isNull();
    assertThat(i.summary()).isEqualTo("Résumé");
    assertThat(i.author()).isEqualTo("Auteur");
    assertThat(i.categories()).containsExactly("Cat");
  }

  @Test
  void keysFallBackFromGuidToLinkToTitleAndDate() {
    ParsedEntry withLink =
        new ParsedEntry(
            null, "/a/1?utm_source=x&id=3#top", "T", null, null, null, List.of(), null, null);
    assertThat(
            ItemNormalizer.normalize(OUTLET, "https://fr.hespress.com/feed", withLink, NOW).key())
        .isEqualTo("u:https://fr.hespress.com/a/1?id=3");
    ParsedEntry bare =
        new ParsedEntry(
            null,
            null,
            "Titre seul",
            null,
            null,
            null,
            List.of(),
            Instant.parse("2026-11-28T10:00:00Z"),
            null);
    String k1 = ItemNormalizer.normalize(OUTLET, null, bare, NOW).key();
    assertThat(k1)
        .startsWith("h:")
        .isEqualTo(ItemNormalizer.normalize(OUTLET, null, bare, NOW.plusSeconds(60)).key());
  }

  @Test
  void aFutureDateFallsBackToTheDetectionTime() {
    ParsedEntry e =
        new ParsedEntry(
            "g",
            "https://x.ma/1",
            "T",
            null,
            null,
            null,
            List.of(),
            NOW.plus(Duration.ofDays(2)),
            null);
    assertThat(ItemNormalizer.normalize(OUTLET, null, e, NOW).publishedAt()).isEqualTo(NOW);
  }

  @Test
  void aMissingLinkGivesTheConfiguredHomepage() {
    Item i =
        ItemNormalizer.normalize(
            OUTLET, "https://fr.hespress.com/feed", entry("tag:hespress,2026:1", null), NOW);
    assertThat(i.url()).isEqualTo("https://fr.hespress.com");
    assertThat(i.urlKind()).isEqualTo(UrlKind.HOMEPAGE);
    assertThat(i.key()).isEqualTo("g:tag:hespress,2026:1"); // the homepage never becomes the key
  }

  @Test
  void aJavascriptLinkGivesTheHomepage() {
    Item i =
        ItemNormalizer.normalize(
            OUTLET, "https://fr.hespress.com/feed", entry(null, "javascript:void(0)"), NOW);
    assertThat(i.url()).isEqualTo("https://fr.hespress.com");
    assertThat(i.urlKind()).isEqualTo(UrlKind.HOMEPAGE);
    assertThat(i.key()).startsWith("h:"); // entries sharing the homepage are not merged
    Item other =
        ItemNormalizer.normalize(
            OUTLET,
            "https://fr.hespress.com/feed",
            new ParsedEntry(
                null,
                "javascript:void(0)",
                "Un autre titre",
                null,
                null,
                null,
                List.of(),
                null,
                null),
            NOW);
    assertThat(other.key()).isNotEqualTo(i.key());
  }

  @Test
  void aRelativeLinkWithNothingToResolveItAgainstGivesTheHomepage() {
    Item i =
        ItemNormalizer.normalize(OUTLET, null, entry(null, "/2026/11/28/article-412.html"), NOW);
    assertThat(i.url()).isEqualTo("https://fr.hespress.com");
    assertThat(i.urlKind()).isEqualTo(UrlKind.HOMEPAGE);
  }

  @Test
  void withoutAConfiguredHomepageTheFeedsOriginStandsIn() {
    OutletConfig noHome =
        new OutletConfig(
            "le360-fr",
            "Le360",
            null,
            "fr",
            null,
            null,
            Duration.ofSeconds(60),
            null,
            null,
            List.of("https://user:pw@fr.le360.ma:8443/rss/fr?x=1"),
            null,
            true,
            null);
    Item i = ItemNormalizer.normalize(noHome, null, entry(null, "javascript:alert(1)"), NOW);
    assertThat(i.url()).isEqualTo("https://fr.le360.ma:8443/");
    assertThat(i.urlKind()).isEqualTo(UrlKind.HOMEPAGE);
    OutletConfig unsafeHome =
        new OutletConfig(
            "x",
            "X",
            "javascript:alert(1)",
            "fr",
            null,
            null,
            Duration.ofSeconds(60),
            null,
            null,
            List.of("http://x.ma/feed"),
            null,
            true,
            null);
    assertThat(ItemNormalizer.normalize(unsafeHome, null, entry(null, null), NOW).url())
        .isEqualTo("http://x.ma/");
  }

  @Test
  void anAbsoluteHttpGuidIsTheArticle() {
    Item i =
        ItemNormalizer.normalize(
            OUTLET,
            "https://fr.hespress.com/feed",
            entry("https://fr.hespress.com/?p=9&utm_source=rss", null),
            NOW);
    assertThat(i.url()).isEqualTo("https://fr.hespress.com/?p=9");
    assertThat(i.urlKind()).isEqualTo(UrlKind.ARTICLE);
    // a guid that only looks like a path is not resolved against the feed: it names nothing
    Item path =
        ItemNormalizer.normalize(
            OUTLET, "https://fr.hespress.com/feed", entry("http-412", null), NOW);
    assertThat(path.urlKind()).isEqualTo(UrlKind.HOMEPAGE);
    Item ftp =
        ItemNormalizer.normalize(
            OUTLET, "https://fr.hespress.com/feed", entry("ftp://fr.hespress.com/1", null), NOW);
    assertThat(ftp.urlKind()).isEqualTo(UrlKind.HOMEPAGE);
  }

  @Test
  void aPermalinkGuidWithoutLinkIsTheArticle() throws Exception {
    String rss =
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><link>https://fr.hespress.com/</link>"
            + "<description>d</description><item><title>Sans lien</title>"
            + "<guid isPermaLink=\"true\">https://fr.hespress.com/politique/412-sans-lien.html</guid></item></channel></rss>";
    var feed =
        FeedParser.parse(
            rss.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/rss+xml");
    Item i =
        ItemNormalizer.normalize(OUTLET, "https://fr.hespress.com/feed", feed.entries(), NOW)
            .get(0);
    assertThat(i.url()).isEqualTo("https://fr.hespress.com/politique/412-sans-lien.html");
    assertThat(i.urlKind()).isEqualTo(UrlKind.ARTICLE);
  }

  @Test
  void aUsableLinkIsTheArticle() {
    Item i =
        ItemNormalizer.normalize(OUTLET, "https://fr.hespress.com/feed", entry("g-1", "/a/1"), NOW);
    assertThat(i.url()).isEqualTo("https://fr.hespress.com/a/1");
    assertThat(i.urlKind()).isEqualTo(UrlKind.ARTICLE);
    assertThat(i.linksToArticle()).isTrue();
  }

  private static ParsedEntry entry(String guid, String link) {
    return new ParsedEntry(guid, link, "Titre", null, null, null, List.of(), null, null);
  }

  static List<Item> items(String fixture, String feedUrl) throws Exception {
    var feed =
        FeedParser.parse(
            ma.manchette.support.Fixtures.bytes("feeds/" + fixture), "application/rss+xml");
    return ItemNormalizer.normalize(OUTLET, feedUrl, feed.entries(), NOW);
  }

  @Test
  void datesFromModuleNamespacesAndObsoleteZones_areThePublishedInstant() throws Exception {
    List<Item> items = items("rss20-namespace-dates.xml", "https://modules.example.ma/feed");
    assertThat(items)
        .extracting(Item::publishedAt)
        .containsExactly(
            Instant.parse("2002-09-28T20:01:19Z"),
            Instant.parse("2026-11-28T17:42:10Z"),
            Instant.parse("2026-11-28T17:42:10Z"),
            Instant.parse("2026-11-28T17:42:10Z"),
            Instant.parse(
                "2026-11-28T17:42:10Z"), // R: five hours east of UTC, as RFC 822 defines it
            NOW, // no date: the detection time
            NOW); // unreadable: the detection time
  }

  @Test
  void namespaceTitles_permaLinkFalseGuids_commentFragments_andCapitalCharacterReferences()
      throws Exception {
    List<Item> items = items("rss20-namespace-titles.xml", "https://titres.example.ma/feed");
    assertThat(items).hasSize(8);
    assertThat(items.get(0).title()).isEqualTo("Titre en Dublin Core");
    assertThat(items.get(2).title()).isEqualTo("Titre échappé deux fois");
    Item internal = items.get(4);
    assertThat(internal.url()).isEqualTo("https://fr.hespress.com"); // never the internal guid
    assertThat(internal.urlKind()).isEqualTo(UrlKind.HOMEPAGE);
    assertThat(items.get(5).url()).isEqualTo("https://titres.example.ma/article/#comment-11");
    assertThat(items.get(6).url()).isEqualTo("https://titres.example.ma/article/#comment-12");
    assertThat(items.get(5).key()).isNotEqualTo(items.get(6).key());
    assertThat(items.get(7).title()).isEqualTo("Référence aux capitales");
  }
}
