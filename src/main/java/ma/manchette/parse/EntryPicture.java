package ma.manchette.parse;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import ma.manchette.text.SafeUrl;
import org.jdom2.Element;
import org.jsoup.parser.ParseSettings;
import org.jsoup.parser.Parser;

/**
 * The picture a feed entry carries itself, so that no article page has to be fetched for it. In
 * order: Media RSS ({@code media:content} of an image, {@code media:thumbnail}, also inside {@code
 * media:group}), an image {@code enclosure}, {@code itunes:image}, then the first real {@code
 * <img>} of the description or {@code content:encoded}. Pure; worker threads.
 */
final class EntryPicture {
  private static final String MEDIA_NS = "http://search.yahoo.com/mrss";
  private static final String ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd";
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  private static final Pattern IMAGE_FILE =
      Pattern.compile("(?i).*\\.(jpe?g|png|gif|webp|avif)([?#].*)?");
  private static final String[] LAZY = {
    "data-src", "data-lazy-src", "data-original", "data-srcset", "srcset"
  };

  private EntryPicture() {}

  /**
   * The URL as the feed wrote it (relative ones are resolved later, against the item link), or
   * null. A candidate that can never be an http(s) URL ({@code data:}, {@code javascript:}) is
   * skipped, so the next source still has its chance.
   */
  static String of(SyndEntry e, String link) {
    String media = fromMedia(e.getForeignMarkup(), link);
    if (media != null) return media;
    for (SyndEnclosure enc : e.getEnclosures()) {
      String type = enc.getType();
      boolean image =
          type == null || type.isBlank()
              ? enc.getUrl() != null && IMAGE_FILE.matcher(enc.getUrl()).matches()
              : type.toLowerCase(Locale.ROOT).startsWith("image/");
      if (image && usable(enc.getUrl(), link)) return enc.getUrl().strip();
    }
    for (Element el : e.getForeignMarkup()) {
      if ("image".equals(el.getName()) && ITUNES_NS.equals(el.getNamespaceURI())) {
        String href = el.getAttributeValue("href");
        if (usable(href, link)) return href.strip();
      }
    }
    if (e.getDescription() != null) {
      String img = firstImage(e.getDescription().getValue(), link);
      if (img != null) return img;
    }
    for (SyndContent c : e.getContents()) {
      String img = firstImage(c.getValue(), link);
      if (img != null) return img;
    }
    return null;
  }

  /**
   * An image {@code media:content} before any thumbnail: it is the picture itself, a thumbnail only
   * its preview (and the only picture a video has).
   */
  private static String fromMedia(List<Element> elements, String link) {
    String thumbnail = null;
    for (Element el : elements) {
      if (!isMedia(el)) continue;
      switch (el.getName()) {
        case "content" -> {
          if (isImage(el) && usable(el.getAttributeValue("url"), link))
            return el.getAttributeValue("url").strip();
          if (thumbnail == null) thumbnail = thumbnailOf(el.getChildren(), link);
        }
        case "group" -> {
          String inGroup = fromMedia(el.getChildren(), link);
          if (inGroup != null) return inGroup;
        }
        case "thumbnail" -> {
          if (thumbnail == null && usable(el.getAttributeValue("url"), link))
            thumbnail = el.getAttributeValue("url").strip();
        }
        default -> {}
      }
    }
    return thumbnail;
  }

  private static String thumbnailOf(List<Element> children, String link) {
    for (Element c : children)
      if (isMedia(c) && "thumbnail".equals(c.getName()) && usable(c.getAttributeValue("url"), link))
        return c.getAttributeValue("url").strip();
    return null;
  }

  private static boolean isMedia(Element el) {
    String ns = el.getNamespaceURI();
    return ns != null && ns.startsWith(MEDIA_NS); // written with and without the trailing slash
  }

  /** Media RSS: {@code medium} says what it is; else the MIME type; else the file's extension. */
  private static boolean isImage(Element content) {
    String medium = content.getAttributeValue("medium");
    if (medium != null && !medium.isBlank()) return medium.strip().equalsIgnoreCase("image");
    String type = content.getAttributeValue("type");
    if (type != null && !type.isBlank())
      return type.strip().toLowerCase(Locale.ROOT).startsWith("image/");
    String url = content.getAttributeValue("url");
    return url != null && IMAGE_FILE.matcher(url.strip()).matches();
  }

  /**
   * The first image of an entry's HTML that is a picture: not a tracking pixel, an emoji or an
   * inline {@code data:} image; lazy-loading attributes ({@code data-src}, {@code srcset}) count.
   */
  static String firstImage(String html, String link) {
    if (html == null) return null;
    // only each <img> tag goes through Jsoup, not the whole article around it (content:encoded
    // often holds the full text)
    for (int i = imgTag(html, 0); i >= 0; i = imgTag(html, i + 4)) {
      int end = html.indexOf('>', i);
      if (end < 0) return null;
      org.jsoup.nodes.Element img = imgElement(html.substring(i, end + 1));
      String src = img == null || isDecoration(img) ? null : source(img, link);
      if (src != null) return src;
    }
    return null;
  }

  /**
   * One tag alone: the XML parser, with HTML's case-folding, reads its attributes without building
   * an html/head/body tree around it (cheaper than an HTML fragment parse).
   */
  private static org.jsoup.nodes.Element imgElement(String tag) {
    return Parser.xmlParser()
        .settings(ParseSettings.htmlDefault)
        .parseInput(tag, "")
        .selectFirst("img");
  }

  private static String source(org.jsoup.nodes.Element img, String link) {
    String src = img.attr("src").strip();
    if (!src.isEmpty() && !isPlaceholder(src) && usable(src, link)) return src;
    for (String attr : LAZY) {
      String v = img.attr(attr).strip();
      if (v.isEmpty()) continue;
      String first = v.split("[\\s,]+")[0]; // srcset: "a.jpg 480w, b.jpg 800w"
      if (!isPlaceholder(first) && usable(first, link)) return first;
    }
    return null;
  }

  /** A 1×1 tracking pixel, a smiley: images, but never the picture of a headline. */
  private static boolean isDecoration(org.jsoup.nodes.Element img) {
    if (tiny(img.attr("width")) || tiny(img.attr("height"))) return true;
    String cls = img.className().toLowerCase(Locale.ROOT);
    if (cls.contains("emoji") || cls.contains("smiley")) return true;
    String src = img.attr("src").toLowerCase(Locale.ROOT);
    return src.contains("/emoji/")
        || src.contains("/smilies/")
        || src.contains("feeds.feedburner.com/~r/")
        || src.contains("pixel.wp.com")
        || src.contains("stats.wordpress.com")
        || src.contains("/pixel.")
        || src.contains("/1x1.");
  }

  private static boolean tiny(String size) {
    String s = size.strip().toLowerCase(Locale.ROOT).replace("px", "");
    return s.equals("0") || s.equals("1");
  }

  private static boolean isPlaceholder(String src) {
    String s = src.toLowerCase(Locale.ROOT);
    return s.startsWith("data:") || s.endsWith("blank.gif") || s.contains("placeholder");
  }

  /**
   * Absolute: it must be http(s). Relative: it must resolve as one against the item link, or, when
   * the entry has none, it is left for the normaliser to resolve against the feed URL.
   */
  private static boolean usable(String url, String link) {
    if (url == null || url.isBlank()) return false;
    String u = url.strip();
    if (SCHEME.matcher(u).find()) return SafeUrl.resolve(null, u) != null;
    String base = SafeUrl.resolve(null, link);
    return base == null || SafeUrl.resolve(base, u) != null;
  }

  /** Where the next {@code <img} tag starts, by a plain scan (no regex), or -1. */
  private static int imgTag(String html, int from) {
    for (int i = html.indexOf('<', from); i >= 0; i = html.indexOf('<', i + 1)) {
      if (html.regionMatches(true, i + 1, "img", 0, 3)
          && i + 4 < html.length()
          && (Character.isWhitespace(html.charAt(i + 4)) || html.charAt(i + 4) == '/')) return i;
    }
    return -1;
  }
}
