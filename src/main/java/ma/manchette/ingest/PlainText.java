package ma.manchette.ingest;

import org.jsoup.Jsoup;

/** Reduces whatever an outlet sent (HTML, entities, scripts) to plain text of a bounded length. */
public final class PlainText {
  private PlainText() {}

  public static String of(String html, int maxChars) {
    if (html == null) return null;
    // parse as a body fragment: tags and scripts go, entities are decoded, whitespace folds
    String text = Jsoup.parseBodyFragment(html).text();
    if (text.indexOf('<') >= 0 || text.indexOf('&') >= 0) text = Jsoup.parseBodyFragment(text).text(); // double-escaped feeds
    text = text.replaceAll("[\\p{Cc}\\p{Cf}&&[^\\u200f\\u200e]]", "").strip();
    if (text.isEmpty()) return null;
    if (text.length() > maxChars) {
      int cut = text.lastIndexOf(' ', maxChars - 1);
      text = text.substring(0, cut > maxChars / 2 ? cut : maxChars - 1) + "…";
    }
    return text;
  }
}
