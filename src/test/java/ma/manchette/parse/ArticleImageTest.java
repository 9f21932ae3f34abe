package ma.manchette.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The picture of an article page, from real page fixtures. */
class ArticleImageTest {
  private static byte[] page(String name) throws Exception {
    return Files.readAllBytes(
        Path.of(ArticleImageTest.class.getResource("/fixtures/pages/" + name).toURI()));
  }

  @Test
  void ogImageWinsOverTheLogoAndIsResolvedAgainstThePage() throws Exception {
    assertThat(
            ArticleImage.find(
                page("article-og-image.html"), "text/html", "https://fr.example.ma/eco/tanger-med"))
        .isEqualTo("https://fr.example.ma/wp-content/uploads/2026/11/tanger-med.jpg");
  }

  @Test
  void aLazyImageIsReadFromDataSrcNotThePlaceholder() throws Exception {
    assertThat(
            ArticleImage.find(
                page("article-lazy-image.html"),
                "text/html; charset=utf-8",
                "https://ar.example.ma/a/1"))
        .isEqualTo("https://ar.example.ma/uploads/salon-livre.jpg");
  }

  @Test
  void aNoscriptFallbackIsRead() throws Exception {
    assertThat(
            ArticleImage.find(
                page("article-noscript-image.html"), null, "https://es.example.ma/n/2"))
        .isEqualTo("https://cdn.example.ma/fotos/ferry.jpg");
  }

  @Test
  void aPageWithoutPictureGivesNothingUsable() throws Exception {
    String found =
        ArticleImage.find(page("article-no-image.html"), "text/html", "https://en.example.ma/b");
    assertThat(ma.manchette.text.SafeUrl.resolve("https://en.example.ma/b", found)).isNull();
  }
}
