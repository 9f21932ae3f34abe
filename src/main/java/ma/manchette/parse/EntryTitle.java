package ma.manchette.parse;

import org.jdom2.Element;
import org.jsoup.Jsoup;

/**
 * An entry's title in a documented order: the feed's own title, then dc:title, then media:title
 * (also inside media:group or media:content), then the first words of the summary, flagged.
 */
record EntryTitle(String text, boolean fromSummary) {
  private static final String DC = "http://purl.org/dc/elements/1.1/";
  private static final String MEDIA = "http://search.yahoo.com/mrss/";
  private static final int SUMMARY_WORDS = 12;

  static EntryTitle of(String title, Element entry, String summary) {
    if (title != null && !title.isBlank()) return new EntryTitle(withoutCdataMarkers(title), false);
    if (entry != null) {
      String dc = child(entry, "title", DC);
      if (dc != null) return new EntryTitle(withoutCdataMarkers(dc), false);
      String media = media(entry);
      if (media != null) return new EntryTitle(withoutCdataMarkers(media), false);
    }
    String words = firstWords(summary);
    return words == null ? new EntryTitle(title, false) : new EntryTitle(words, true);
  }

  /**
   * A title escaped twice keeps the markers of its CDATA section as text: drop them, keep what they
   * held.
   */
  static String withoutCdataMarkers(String title) {
    if (!title.contains("<![CDATA[")) return title;
    return title.replace("<![CDATA[", "").replace("]]>", "");
  }

  private static String media(Element entry) {
    String direct = child(entry, "title", MEDIA);
    if (direct != null) return direct;
    for (Element el : entry.getChildren()) {
      if (!MEDIA.equals(el.getNamespaceURI())) continue;
      String nested = child(el, "title", MEDIA);
      if (nested != null) return nested;
      for (Element inner : el.getChildren()) {
        String deeper = child(inner, "title", MEDIA);
        if (deeper != null) return deeper;
      }
    }
    return null;
  }

  private static String child(Element parent, String name, String namespace) {
    for (Element el : parent.getChildren()) {
      if (name.equals(el.getName()) && namespace.equals(el.getNamespaceURI())) {
        String text = el.getTextNormalize();
        if (!text.isEmpty()) return text;
      }
    }
    return null;
  }

  private static String firstWords(String summary) {
    if (summary == null || summary.isBlank()) return null;
    String text = Jsoup.parseBodyFragment(summary).text().strip();
    if (text.isEmpty()) return null;
    String[] words = text.split("\\s+");
    if (words.length <= SUMMARY_WORDS) return text;
    return String.join(" ", java.util.Arrays.copyOf(words, SUMMARY_WORDS)) + "…";
  }
}
