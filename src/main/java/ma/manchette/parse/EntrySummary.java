package ma.manchette.parse;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import java.util.List;
import org.jdom2.Element;

/**
 * The summary of a feed entry as written (HTML or text; cleaned later): its description, else its
 * content ({@code content:encoded}, Atom content), else {@code media:description} (also inside
 * {@code media:content} or {@code media:group}), else {@code itunes:summary}. Pure; worker threads.
 */
final class EntrySummary {
  private static final String MEDIA_NS = "http://search.yahoo.com/mrss";
  private static final String ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd";

  private EntrySummary() {}

  static String of(SyndEntry e) {
    SyndContent d = e.getDescription();
    if (d != null && hasText(d.getValue())) return d.getValue();
    for (SyndContent c : e.getContents()) if (hasText(c.getValue())) return c.getValue();
    String media = mediaDescription(e.getForeignMarkup());
    if (media != null) return media;
    for (Element el : e.getForeignMarkup())
      if ("summary".equals(el.getName())
          && ITUNES_NS.equals(el.getNamespaceURI())
          && hasText(el.getText())) return el.getText();
    return d != null ? d.getValue() : null;
  }

  private static String mediaDescription(List<Element> elements) {
    for (Element el : elements) {
      String ns = el.getNamespaceURI();
      if (ns == null || !ns.startsWith(MEDIA_NS)) continue;
      if ("description".equals(el.getName()) && hasText(el.getText())) return el.getText();
      if ("group".equals(el.getName()) || "content".equals(el.getName())) {
        String inner = mediaDescription(el.getChildren());
        if (inner != null) return inner;
      }
    }
    return null;
  }

  /**
   * Text outside tags: a description holding only an image or empty paragraphs is no summary, and
   * the next source gets its turn.
   */
  static boolean hasText(String html) {
    if (html == null) return false;
    boolean inTag = false;
    for (int i = 0; i < html.length(); i++) {
      char c = html.charAt(i);
      if (c == '<') inTag = true;
      else if (c == '>') inTag = false;
      else if (!inTag && !Character.isWhitespace(c) && c != '\u00a0') return true;
    }
    return false;
  }
}
