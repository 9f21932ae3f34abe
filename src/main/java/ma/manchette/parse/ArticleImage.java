package ma.manchette.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * The picture of an article page: its og:image / twitter:image, else the first real image of the
 * article, looking behind lazy-loading ({@code data-src} and friends, {@code <noscript>}
 * fallbacks). Pure; worker threads.
 */
public final class ArticleImage {
  private static final String[] META = {
    "meta[property=og:image:secure_url]", "meta[property=og:image]", "meta[property=og:image:url]",
    "meta[name=twitter:image]", "meta[name=twitter:image:src]", "meta[property=twitter:image]"
  };
  private static final String[] LAZY = {
    "data-src", "data-lazy-src", "data-original", "data-lazy", "data-srcset", "srcset"
  };

  private ArticleImage() {}

  /** An absolute URL as the page wrote it (the caller still checks it is http(s)), or null. */
  public static String find(byte[] html, String contentType, String pageUrl) {
    Document doc;
    try {
      var cs = CharsetSniffer.fromHeader(contentType);
      doc = Jsoup.parse(new ByteArrayInputStream(html), cs == null ? null : cs.name(), pageUrl);
    } catch (IOException e) {
      return null;
    }
    for (String css : META) {
      Element m = doc.selectFirst(css);
      if (m != null && !m.absUrl("content").isEmpty()) return m.absUrl("content");
    }
    Element link = doc.selectFirst("link[rel=image_src]");
    if (link != null && !link.absUrl("href").isEmpty()) return link.absUrl("href");
    Element scope = doc.selectFirst("article, main, [role=main]");
    if (scope == null) scope = doc.body();
    if (scope == null) return null;
    for (Element img : scope.select("img, noscript")) {
      String src = img.tagName().equals("noscript") ? fromNoscript(img, pageUrl) : fromImg(img);
      if (src != null) return src;
    }
    return null;
  }

  private static String fromImg(Element img) {
    String src = img.absUrl("src");
    if (!src.isEmpty() && !isPlaceholder(img.attr("src"))) return src;
    for (String attr : LAZY) {
      String v = img.attr(attr).trim();
      if (v.isEmpty()) continue;
      String first = v.split("[\\s,]+")[0]; // srcset: "a.jpg 480w, b.jpg 800w"
      String abs = resolve(img.baseUri(), first);
      if (abs != null) return abs;
    }
    return null;
  }

  /** A lazy image's real tag often sits in a noscript fallback, which parsers keep as text. */
  private static String fromNoscript(Element noscript, String pageUrl) {
    Element inner = noscript.selectFirst("img");
    if (inner == null)
      inner =
          Jsoup.parseBodyFragment(
                  noscript.html().isEmpty() ? noscript.data() : noscript.html(), pageUrl)
              .selectFirst("img");
    if (inner == null)
      inner =
          Jsoup.parseBodyFragment(Parser.unescapeEntities(noscript.html(), false), pageUrl)
              .selectFirst("img");
    return inner == null ? null : fromImg(inner);
  }

  private static boolean isPlaceholder(String src) {
    String s = src.trim().toLowerCase(Locale.ROOT);
    return s.startsWith("data:")
        || s.endsWith("blank.gif")
        || s.endsWith("pixel.gif")
        || s.contains("placeholder")
        || s.contains("lazy");
  }

  private static String resolve(String base, String link) {
    try {
      return URI.create(base).resolve(link.trim()).toString();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
