package ma.manchette.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import ma.manchette.config.ScrapeRule;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Turns a page without a feed into entries by the outlet's CSS rule. Pure; runs on worker threads.
 */
public final class PageScraper {
  private PageScraper() {}

  public static ParsedFeed scrape(byte[] bytes, String contentType, String pageUrl, ScrapeRule rule)
      throws FeedParseException {
    Document doc;
    try {
      var header = CharsetSniffer.fromHeader(contentType);
      doc =
          Jsoup.parse(
              new ByteArrayInputStream(bytes), header == null ? null : header.name(), pageUrl);
    } catch (IOException e) {
      throw new FeedParseException("unreadable page: " + e.getMessage(), e);
    }
    List<ParsedEntry> out = new ArrayList<>();
    for (Element item : doc.select(rule.item())) {
      String title = read(item, rule.title(), false);
      String link = read(item, rule.link(), true);
      if (title == null || link == null) continue;
      String image = rule.image() == null ? null : read(item, rule.image(), true);
      String date = rule.date() == null ? null : read(item, rule.date(), false);
      out.add(new ParsedEntry(null, link, title, null, image, null, List.of(), null, date));
    }
    if (out.isEmpty())
      throw new FeedParseException("scrape rule matched no item (selector '" + rule.item() + "')");
    return new ParsedFeed("scrape", out, null, null);
  }

  /** "h2 a" reads the text; "h2 a@href" reads an attribute, made absolute when it is a URL. */
  private static String read(Element item, String selector, boolean url) {
    String css = selector;
    String attr = null;
    int at = selector.lastIndexOf('@');
    if (at >= 0) {
      css = selector.substring(0, at).trim();
      attr = selector.substring(at + 1).trim();
    }
    Element el = css.isEmpty() ? item : item.selectFirst(css);
    if (el == null) return null;
    String v;
    if (attr == null) {
      v = el.text();
    } else if (url) {
      v = el.absUrl(attr);
      // lazy-loaded images keep the real address in data-src
      if ((v == null || v.isEmpty()) && attr.equals("src")) v = el.absUrl("data-src");
    } else {
      v = el.attr(attr);
    }
    return v == null || v.isBlank() ? null : v.trim();
  }
}
