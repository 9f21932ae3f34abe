package ma.manchette.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.parser.Tag;

/** Reduces whatever an outlet sent (HTML, entities, scripts) to plain text of a bounded length. */
public final class PlainText {
  private static final Pattern ENTITY =
      Pattern.compile("&(#\\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);");
  private static final Pattern TAG = Pattern.compile("<\\s*/?\\s*([a-zA-Z][a-zA-Z0-9-]*)");

  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\u200f\\u200e]]");
  private static final Pattern ATTRIBUTED = Pattern.compile("<[a-zA-Z][a-zA-Z0-9-]*\\s+[^>]*=");

  private PlainText() {}

  /**
   * Markup worth parsing: an entity or an HTML tag. "Le Sénat <accord>" in a title is text, not a
   * tag.
   */
  static boolean looksLikeHtml(String s) {
    if (s.indexOf('&') >= 0 && ENTITY.matcher(s).find()) return true;
    if (s.indexOf('<') < 0) return false;
    Matcher m = TAG.matcher(s);
    while (m.find()) if (Tag.isKnownTag(m.group(1).toLowerCase(java.util.Locale.ROOT))) return true;
    // unknown names still count when they carry attributes or a closing tag (<svg onload=…>,
    // <x>…</x>)
    return s.contains("<!--") || s.contains("</") || ATTRIBUTED.matcher(s).find();
  }

  public static String of(String html, int maxChars) {
    if (html == null) return null;
    // parse as a body fragment: tags and scripts go, entities are decoded, whitespace folds
    String text =
        looksLikeHtml(html)
            ? Jsoup.parseBodyFragment(html).text()
            : SPACES.matcher(html).replaceAll(" ");
    if (looksLikeHtml(text)) text = Jsoup.parseBodyFragment(text).text(); // double-escaped feeds
    text =
        INVISIBLE
            .matcher(text)
            .replaceAll("")
            .strip(); // compiled once: String.replaceAll compiles per call
    if (text.isEmpty()) return null;
    if (text.length() > maxChars) {
      int cut = text.lastIndexOf(' ', maxChars - 1);
      text = text.substring(0, cut > maxChars / 2 ? cut : maxChars - 1) + "…";
    }
    return text;
  }
}
