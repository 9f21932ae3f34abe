package ma.manchette.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every feed format the outlets use, from real-looking fixture files. */
class FeedParserTest {

  static byte[] fixture(String name) {
    return ma.manchette.support.Fixtures.bytes("feeds/" + name);
  }

  @Test
  void rss20WithMediaCategoriesAndAuthor() throws Exception {
    ParsedFeed feed = FeedParser.parse(fixture("rss20-hespress-fr.xml"), "application/rss+xml");
    assertThat(feed.entries()).hasSize(2);
    ParsedEntry first = feed.entries().get(0);
    assertThat(first.title())
        .isEqualTo("Rabat : le Parlement adopte le projet de loi de finances 2027");
    assertThat(first.guid()).isEqualTo("https://fr.hespress.com/?p=412345");
    assertThat(first.author()).isEqualTo("Hespress FR");
    assertThat(first.categories()).containsExactly("Politique");
    assertThat(first.image())
        .isEqualTo("https://fr.hespress.com/wp-content/uploads/2026/11/parlement.jpg");
    assertThat(first.publishedAt()).isEqualTo(Instant.parse("2026-11-28T17:42:10Z"));
    assertThat(feed.entries().get(1).title())
        .isEqualTo("Botola Pro : le Wydad s’impose face au FUS");
    assertThat(feed.entries().get(1).image())
        .isEqualTo("/wp-content/uploads/2026/11/wydad.jpg"); // resolved later
    assertThat(feed.self()).isEqualTo("https://fr.hespress.com/feed");
  }

  @Test
  void atomWithHubAndOffsetDates() throws Exception {
    ParsedFeed feed = FeedParser.parse(fixture("atom-le360.xml"), "application/atom+xml");
    assertThat(feed.hub()).isEqualTo("https://pubsubhubbub.appspot.com/");
    ParsedEntry e = feed.entries().get(0);
    assertThat(e.title()).isEqualTo("Marrakech accueille le sommet africain de l'innovation");
    assertThat(e.link())
        .isEqualTo("https://fr.le360.ma/economie/marrakech-sommet-innovation_ABC123/");
    assertThat(e.author()).isEqualTo("Karim Benali");
    assertThat(e.publishedAt()).isEqualTo(Instant.parse("2026-11-28T15:30:00Z"));
  }

  @Test
  void pubDatesInEveryWritingOutletsUseGiveTheSameInstant() throws Exception {
    // rome.properties puts an RFC 822 mask first: the other writings must still come out right
    var entries =
        FeedParser.parse(fixture("rss20-date-variants.xml"), "application/rss+xml").entries();
    assertThat(entries).hasSize(7);
    for (ParsedEntry e : entries.subList(0, 6))
      assertThat(e.publishedAt()).as(e.title()).isEqualTo(Instant.parse("2026-11-28T17:42:10Z"));
    assertThat(entries.get(6).publishedAt()).isEqualTo(Instant.parse("2026-11-08T17:42:10Z"));
  }

  @Test
  void rss10AndRss091() throws Exception {
    ParsedEntry rdf = FeedParser.parse(fixture("rss10-rdf.xml"), "text/xml").entries().get(0);
    assertThat(rdf.title()).isEqualTo("Fès : ouverture du festival des musiques sacrées");
    assertThat(rdf.publishedAt()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
    ParsedEntry old = FeedParser.parse(fixture("rss091.xml"), "text/xml").entries().get(0);
    assertThat(old.title()).isEqualTo("Tanger : le port Tanger Med bat un record");
    assertThat(old.link()).isEqualTo("http://www.ancien.ma/article.php?id=77");
  }

  @Test
  void arabicInWindows1256DeclaredOnlyInTheProlog() throws Exception {
    ParsedEntry e = FeedParser.parse(fixture("rss20-windows1256.xml"), "text/xml").entries().get(0);
    assertThat(e.title()).isEqualTo("افتتاح معرض الكتاب بالدار البيضاء");
  }

  @Test
  void jsonFeedAndWordPressRestApi() throws Exception {
    ParsedEntry j =
        FeedParser.parse(fixture("jsonfeed.json"), "application/feed+json").entries().get(0);
    assertThat(j.title()).isEqualTo("MRE : les transferts atteignent un record");
    assertThat(j.author()).isEqualTo("Rédaction");
    assertThat(j.categories()).containsExactly("Diaspora");
    ParsedEntry wp =
        FeedParser.parse(fixture("wp-posts.json"), "application/json").entries().get(0);
    assertThat(wp.title())
        .isEqualTo(
            "Oujda&nbsp;: inauguration du nouveau CHU"); // entities are decoded by the normaliser
    assertThat(wp.publishedAt()).isEqualTo(Instant.parse("2026-11-28T17:10:00Z"));
    assertThat(wp.image()).isEqualTo("https://h24info.ma/wp-content/uploads/2026/11/chu.jpg");
  }

  @Test
  void anHtmlPageOrGarbageIsAClearError() {
    assertThatThrownBy(
            () ->
                FeedParser.parse(
                    "<!DOCTYPE html><html><body>Accueil</body></html>".getBytes(), "text/html"))
        .isInstanceOf(FeedParseException.class)
        .hasMessageContaining("HTML page");
    assertThatThrownBy(() -> FeedParser.parse(new byte[0], "text/xml"))
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> FeedParser.parse("{\"hello\":1}".getBytes(), "application/json"))
        .isInstanceOf(FeedParseException.class);
  }

  @Test
  void aDoctypeInTheProlog_withEntitiesAndAfterAComment_isDroppedAndNothingIsExpanded()
      throws Exception {
    String feed =
        "\uFEFF<?xml version=\"1.0\"?>\n<!-- <généré> -->\n<!DOCTYPE rss [<!ENTITY secret SYSTEM \"file:///etc/passwd\">"
            + "<!ENTITY a \"aaaaaaaaaa\">]>\n<rss version=\"2.0\"><channel><title>T</title><item><title>Titre &amp; suite</title>"
            + "<guid>g1</guid><description>&lt;p&gt;Un &lt;IMG src=\"https://x.ma/a.jpg\"&gt;&lt;/p&gt;</description></item></channel></rss>";
    ParsedFeed parsed =
        FeedParser.parse(
            feed.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/rss+xml");
    assertThat(parsed.entries()).hasSize(1);
    assertThat(parsed.entries().get(0).title()).isEqualTo("Titre & suite");
    assertThat(parsed.entries().get(0).image())
        .isEqualTo("https://x.ma/a.jpg"); // <IMG> found whatever its case
    assertThat(FeedParser.withoutDoctype("<?xml version=\"1.0\"?><rss><!DOCTYPE x></rss>"))
        .contains("<!DOCTYPE x>"); // only the prolog
  }

  @Test
  void aDoctypeWrittenInsideTheText_isKept_evenOnTheLenientPath() throws Exception {
    // the capital &#X48; is no XML character reference: only the lenient reading takes this feed
    var entries =
        FeedParser.parse(fixture("rss20-doctype-in-text.xml"), "application/rss+xml").entries();
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).title()).isEqualTo("Le HTML expliqué aux débutants");
    assertThat(entries.get(0).summary())
        .isEqualTo(
            "<p>Une page commence par <!DOCTYPE html suivi de la balise racine, puis le reste.</p>");
    assertThat(entries.get(1).summary()).isEqualTo("<p>Écrire <!DOCTYPE html> reste du texte</p>");
  }

  @Test
  void anEncodingNamedOutsideTheXmlDeclaration_doesNotDecideTheCharset() throws Exception {
    ParsedEntry e =
        FeedParser.parse(fixture("rss20-stylesheet-encoding.xml"), "text/xml").entries().get(0);
    assertThat(e.title()).isEqualTo("Fès : l’été des festivals");
  }

  @Test
  void atom03Base64AndUnknownModes_costAtMostTheirField() throws Exception {
    ParsedFeed feed = FeedParser.parse(fixture("atom03-content-modes.xml"), "application/atom+xml");
    assertThat(feed.entries()).hasSize(3);
    assertThat(feed.entries().get(0).summary()).isEqualTo("Fès : le festival ouvre ce soir");
    assertThat(feed.entries().get(1).summary()).isEqualTo("Un résumé lisible");
    assertThat(feed.entries().get(2).title()).isEqualTo("Rabat : le tram prolongé");
  }

  @Test
  void aFeedRomeRefusesWhole_isReadEntryByEntry() throws Exception {
    var entries =
        FeedParser.parse(fixture("rss20-unreadable-head.xml"), "application/rss+xml").entries();
    assertThat(entries)
        .extracting(ParsedEntry::title)
        .containsExactly("Premier article intact", "Second article intact");
    assertThat(entries.get(1).publishedAt()).isEqualTo(Instant.parse("2026-11-28T17:50:00Z"));
  }

  @Test
  void titlesFallBackToDcThenMediaThenTheSummary_whichIsFlagged() throws Exception {
    var entries =
        FeedParser.parse(fixture("rss20-namespace-titles.xml"), "application/rss+xml").entries();
    assertThat(entries.get(0).title()).isEqualTo("Titre en Dublin Core");
    assertThat(entries.get(1).title()).isEqualTo("Titre en Media RSS");
    assertThat(entries.get(2).title()).isEqualTo("Titre échappé deux fois");
    assertThat(entries.get(3).title())
        .isEqualTo("Le conseil municipal de Tanger a voté hier soir le budget de…");
    assertThat(entries.get(3).titleFromSummary()).isTrue();
    assertThat(entries.get(0).titleFromSummary()).isFalse();
    assertThat(entries.get(4).guidIsPermaLink()).isFalse();
  }

  @Test
  void datesRomeCannotRead_areHandedOnAsWritten() throws Exception {
    var entries =
        FeedParser.parse(fixture("rss20-namespace-dates.xml"), "application/rss+xml").entries();
    assertThat(entries.get(0).rawDate()).isEqualTo("2002-09-28T20:01:19Z");
    assertThat(entries.get(1).rawDate()).isEqualTo("20261128T174210Z");
    assertThat(entries.get(3).rawDate()).isEqualTo("Sat, 28 Nov 2026 19:42:10 GMT+2");
    assertThat(entries.get(5).rawDate()).isNull();
  }
}
