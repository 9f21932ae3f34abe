package ma.manchette.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The picture an entry carries itself, from fixtures written after the published specs. */
class EntryPictureTest {

  private static List<ParsedEntry> entries(String fixture) throws Exception {
    return FeedParser.parse(FeedParserTest.fixture(fixture), "application/rss+xml").entries();
  }

  @Test
  void mediaRss_imageContentBeforeAVideosThumbnail_imageInAGroup_thumbnailAlone() throws Exception {
    List<ParsedEntry> e = entries("rss20-media-rss.xml");
    assertThat(e.get(0).image()).isEqualTo("https://news.example.ma/uploads/terminal.jpg");
    // the group's video is skipped; the relative image is resolved against the item link later
    assertThat(e.get(1).image()).isEqualTo("/uploads/agadir-plage.webp");
    assertThat(e.get(2).image()).isEqualTo("https://news.example.ma/uploads/ifrane-thumb.jpg");
    assertThat(e.get(3).image()).isNull();
  }

  @Test
  void podcast_itunesImageWhenTheEnclosureIsAudio_anImageEnclosureAmongSeveral() throws Exception {
    List<ParsedEntry> e = entries("rss20-itunes-podcast.xml");
    assertThat(e.get(0).image()).isEqualTo("https://news.example.ma/podcast/episode-42.jpg");
    assertThat(e.get(1).image()).isEqualTo("https://news.example.ma/podcast/episode-41-cover.png");
  }

  @Test
  void contentEncoded_firstRealImage_pastEmojiPixelsAndDataUris_lazyAndSrcsetIncluded()
      throws Exception {
    List<ParsedEntry> e = entries("rss20-content-encoded.xml");
    assertThat(e.get(0).image()).isEqualTo("/uploads/2026/11/tramway.jpg");
    assertThat(e.get(1).image()).isEqualTo("https://news.example.ma/uploads/parc-480.jpg");
    assertThat(e.get(2).image()).isNull(); // a javascript: image is no picture
  }
}
