package ma.manchette.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.dankito.readability4j.Article;
import net.dankito.readability4j.extended.Readability4JExtended;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The main text of an article page as plain-text paragraphs (Readability: the block with the most
 * prose, menus, sharing bars and related links left out), plus its picture (og:image or the first
 * real, lazy-loaded image). CPU work: call on a worker thread.
 */
public final class ArticleText {
  public record Extract(String body, String image) {}

  static final int MAX_BODY = 20_000; // a long article; beyond it is comments or a page gone wrong
  private static final int MIN_PARAGRAPH = 2;

  private ArticleText() {}

  public static Extract extract(byte[] html, String contentType, String url) throws IOException {
    Document doc = Jsoup.parse(new ByteArrayInputStream(html), charset(contentType), url);
    String image = ArticleImage.find(html, contentType, url);
    Article article = new Readability4JExtended(url, doc).parse();
    Element content = article.getArticleContent();
    if (content == null) return new Extract(null, image);
    List<String> paragraphs = new ArrayList<>();
    int size = 0;
    for (Element p : content.select("p, h2, h3, li, blockquote")) {
      int inner =
          p.select("p, li").size() - (p.is("p, li") ? 1 : 0); // select() counts the element itself
      if (inner > 0) continue; // a container: its paragraphs come on their own
      String text =
          p.text().strip(); // Jsoup's text(): tags gone, entities decoded, whitespace collapsed
      if (text.length() < MIN_PARAGRAPH) continue;
      if (size + text.length() > MAX_BODY) break;
      paragraphs.add(text);
      size += text.length() + 2;
    }
    if (paragraphs.isEmpty()) {
      String all = content.text().strip();
      if (!all.isEmpty())
        paragraphs.add(all.length() > MAX_BODY ? all.substring(0, MAX_BODY) : all);
    }
    return new Extract(paragraphs.isEmpty() ? null : String.join("\n\n", paragraphs), image);
  }

  /** The charset named in Content-Type, else null so that Jsoup reads the BOM or meta tag. */
  private static String charset(String contentType) {
    if (contentType == null) return null;
    int i = contentType.toLowerCase(java.util.Locale.ROOT).indexOf("charset=");
    if (i < 0) return null;
    String cs = contentType.substring(i + 8).replace("\"", "").split(";")[0].trim();
    return java.nio.charset.Charset.isSupported(cs) ? cs : null;
  }
}
