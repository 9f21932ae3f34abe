package ma.manchette.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Media RSS and iTunes summaries stand in when an entry has no description or content. */
class EntrySummaryTest {

  private static ParsedEntry entry(String fixture, int i) throws Exception {
    return FeedParser.parse(FeedParserTest.fixture(fixture), "application/rss+xml")
        .entries()
        .get(i);
  }

  @Test
  void mediaDescription_insideAGroupOrAlone_whenTheDescriptionIsMissingOrEmpty() throws Exception {
    assertThat(entry("rss20-media-rss.xml", 1).summary())
        .isEqualTo("Plus de deux millions de nuitées enregistrées depuis juin.");
    assertThat(entry("rss20-media-rss.xml", 2).summary())
        .isEqualTo("Les premières chutes de neige ont blanchi la ville.");
  }

  @Test
  void itunesSummary_whenNothingElseIs() throws Exception {
    assertThat(entry("rss20-itunes-podcast.xml", 0).summary())
        .isEqualTo("Un économiste explique<br>la flexibilisation du dirham.");
  }

  @Test
  void theDescriptionStillComesFirst() throws Exception {
    assertThat(entry("rss20-media-rss.xml", 0).summary())
        .isEqualTo("Le terminal traitera un million de conteneurs par an.");
  }
}
