package ma.manchette.parse;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jsoup.Jsoup;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.Parser;

/**
 * Pure function from feed bytes to entries: RSS 0.9x/1.0/2.0 and Atom through Rome, JSON Feed and
 * the WordPress REST API through {@link JsonFeedParser}. Runs on worker threads only.
 */
public final class FeedParser {
  private static final Pattern DOCTYPE =
      Pattern.compile("<!DOCTYPE[^>\\[]*(\\[[^]]*])?[^>]*>", Pattern.CASE_INSENSITIVE);

  private FeedParser() {}

  public static ParsedFeed parse(byte[] bytes, String contentType) throws FeedParseException {
    if (bytes.length == 0) throw new FeedParseException("empty body");
    String text = CharsetSniffer.decode(bytes, contentType).text();
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) return JsonFeedParser.parse(trimmed);
    String head = trimmed.substring(0, Math.min(trimmed.length(), 512)).toLowerCase(Locale.ROOT);
    if (head.startsWith("<!doctype html") || head.startsWith("<html")) {
      throw new FeedParseException("not a feed: the URL returned an HTML page");
    }
    // DTDs are never needed by a feed and are the door to XXE and entity bombs: drop them before
    // parsing
    String xml = withoutDoctype(text.startsWith("\uFEFF") ? text.substring(1) : text);
    Document doc;
    try {
      doc = FeedDocument.read(xml);
    } catch (Exception strict) {
      try {
        doc = FeedDocument.read(heal(xml));
      } catch (Exception lenient) {
        throw new FeedParseException("malformed feed: " + firstLine(strict.getMessage()), strict);
      }
    }
    Atom03Content.repair(doc);
    try {
      SyndFeed feed = FeedDocument.toFeed(doc);
      return fromRome(feed, feed.getEntries(), FeedDocument.entries(doc));
    } catch (Exception whole) {
      EntryByEntry.Result one = EntryByEntry.read(doc);
      if (one == null)
        throw new FeedParseException("malformed feed: " + firstLine(whole.getMessage()), whole);
      return fromRome(one.head(), one.entries(), one.elements());
    }
  }

  /**
   * Drops the DOCTYPE, looked for only in the prolog where it stands (a case-insensitive scan of a
   * whole feed cost more than Rome's parse of it).
   */
  static String withoutDoctype(String xml) {
    Matcher m = DOCTYPE.matcher(xml).region(0, prologEnd(xml));
    return m.find() ? xml.substring(0, m.start()) + xml.substring(m.end()) : xml;
  }

  /**
   * Where the root element starts: past the XML declaration, processing instructions, comments and
   * the DOCTYPE.
   */
  private static int prologEnd(String xml) {
    int i = 0;
    while ((i = xml.indexOf('<', i)) >= 0) {
      if (xml.startsWith("<!--", i)) {
        int end = xml.indexOf("-->", i + 4);
        if (end < 0) return xml.length();
        i = end + 3;
      } else if (xml.startsWith("<?", i) || xml.startsWith("<!", i)) {
        i += 2; // a DOCTYPE's internal subset holds more "<!" declarations: walk through them
      } else {
        return i;
      }
    }
    return xml.length();
  }

  /**
   * A lenient re-serialisation: Jsoup's XML parser closes unclosed tags and escapes stray
   * ampersands.
   */
  private static String heal(String xml) {
    org.jsoup.nodes.Document doc = Jsoup.parse(xml, "", Parser.xmlParser());
    // a DOCTYPE Jsoup finds past the prolog is markup, not text inside CDATA: drop it too
    doctypes(doc).forEach(DocumentType::remove);
    doc.outputSettings().prettyPrint(false).escapeMode(Entities.EscapeMode.xhtml).charset("UTF-8");
    return doc.outerHtml();
  }

  private static List<DocumentType> doctypes(org.jsoup.nodes.Document doc) {
    List<DocumentType> out = new ArrayList<>();
    for (var el : doc.getAllElements())
      for (var node : el.childNodes()) if (node instanceof DocumentType d) out.add(d);
    return out;
  }

  /**
   * Rome's entries, completed from their elements (paired by position when Rome listed them all):
   * title and date fallbacks, guid permalink.
   */
  private static ParsedFeed fromRome(
      SyndFeed feed, List<SyndEntry> romeEntries, List<Element> els) {
    List<ParsedEntry> entries = new ArrayList<>();
    boolean paired = els.size() == romeEntries.size();
    for (int i = 0; i < romeEntries.size(); i++) {
      SyndEntry e = romeEntries.get(i);
      Element el = paired ? els.get(i) : null;
      String summary = EntrySummary.of(e);
      EntryTitle title = EntryTitle.of(e.getTitle(), el, summary);
      Instant date =
          e.getPublishedDate() != null
              ? e.getPublishedDate().toInstant()
              : e.getUpdatedDate() != null ? e.getUpdatedDate().toInstant() : null;
      entries.add(
          new ParsedEntry(
              e.getUri(),
              link(e),
              title.text(),
              summary,
              EntryPicture.of(e, link(e)),
              author(e),
              categories(e),
              date,
              date == null && el != null ? EntryDates.rawDate(el) : null,
              title.fromSummary(),
              el == null || EntryLink.guidIsPermaLink(el)));
    }
    String hub = null;
    String self = null;
    for (SyndLink l : feed.getLinks()) {
      if ("hub".equals(l.getRel())) hub = l.getHref();
      if ("self".equals(l.getRel())) self = l.getHref();
    }
    for (Element el : feed.getForeignMarkup()) { // RSS carries atom:link rel=hub as foreign markup
      if ("link".equals(el.getName())) {
        if ("hub".equals(el.getAttributeValue("rel"))) hub = el.getAttributeValue("href");
        if ("self".equals(el.getAttributeValue("rel"))) self = el.getAttributeValue("href");
      }
    }
    return new ParsedFeed(feed.getFeedType(), entries, hub, self);
  }

  private static String link(SyndEntry e) {
    if (e.getLink() != null && !e.getLink().isBlank()) return e.getLink().trim();
    for (SyndLink l : e.getLinks())
      if (l.getRel() == null || "alternate".equals(l.getRel())) return l.getHref();
    return null;
  }

  private static String author(SyndEntry e) {
    if (e.getAuthor() != null && !e.getAuthor().isBlank()) return e.getAuthor();
    for (SyndPerson p : e.getAuthors()) if (p.getName() != null) return p.getName();
    return null;
  }

  private static List<String> categories(SyndEntry e) {
    List<String> out = new ArrayList<>();
    for (SyndCategory c : e.getCategories())
      if (c.getName() != null && !c.getName().isBlank()) out.add(c.getName().trim());
    return out;
  }

  private static String firstLine(String s) {
    if (s == null) return "unknown error";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
