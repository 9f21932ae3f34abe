package ma.manchette.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Article pages are only fetched from the outlet's own site. */
class ArticleImagesTest {
  @Test
  void sameSiteMeansTheFeedHostOrASiblingUnderItsDomain() {
    List<String> hespress = List.of("https://fr.hespress.com/feed");
    assertThat(ArticleImages.sameSite("https://fr.hespress.com/politique/123.html", hespress))
        .isTrue();
    assertThat(ArticleImages.sameSite("https://www.hespress.com/a", hespress)).isTrue();
    assertThat(ArticleImages.sameSite("https://hespress.com.evil.example/a", hespress)).isFalse();
    assertThat(ArticleImages.sameSite("https://evil.example/a", hespress)).isFalse();
    assertThat(
            ArticleImages.sameSite(
                "http://127.0.0.1:9000/a", List.of("http://127.0.0.1:9000/feed")))
        .isTrue();
    assertThat(ArticleImages.sameSite("http://10.0.0.1/a", List.of("http://127.0.0.1:9000/feed")))
        .isFalse();
    assertThat(
            ArticleImages.sameSite(
                "https://example.ma/articles/1", List.of("http://127.0.0.1:9000/feed")))
        .isFalse();
  }

  @Test
  void moroccanSecondLevelDomainsAreNotOneSite() {
    // press.ma, co.ma, gov.ma, org.ma are public suffixes: each name under them is a site of its
    // own
    List<String> albayane = List.of("https://albayane.press.ma/feed");
    assertThat(ArticleImages.sameSite("https://albayane.press.ma/article/1", albayane)).isTrue();
    assertThat(ArticleImages.sameSite("https://www.albayane.press.ma/article/1", albayane))
        .isTrue();
    assertThat(ArticleImages.sameSite("https://other.press.ma/article/1", albayane)).isFalse();
    assertThat(ArticleImages.sameSite("https://press.ma/article/1", albayane)).isFalse();
    assertThat(ArticleImages.sameSite("https://evil.co.ma/a", List.of("https://news.co.ma/feed")))
        .isFalse();
    assertThat(
            ArticleImages.sameSite("https://fr.news.co.ma/a", List.of("https://news.co.ma/feed")))
        .isTrue();
    assertThat(ArticleImages.sameSite("https://x.gov.ma/a", List.of("https://maroc.gov.ma/rss")))
        .isFalse();
    assertThat(ArticleImages.sameSite("https://x.org.ma/a", List.of("https://y.org.ma/rss")))
        .isFalse();
    assertThat(ArticleImages.sameSite("https://fr.le360.com/a", List.of("https://le360.com/rss")))
        .isTrue();
  }
}
