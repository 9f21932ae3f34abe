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

  /**
   * Elements whose removal would glue their neighbours together (Jsoup's text() turns "one<img>two"
   * into "onetwo"): a space goes before each of their tags, as before a comment. By first letter,
   * so the common p, a, b, strong, br tags are dismissed at once.
   */
  private static String[] removedStartingWith(char c) {
    return switch (c) {
      case 'i', 'I' -> new String[] {"img", "iframe", "input"};
      case 't', 'T' -> new String[] {"td", "th", "textarea"};
      case 's', 'S' -> new String[] {"script", "style", "svg", "select", "source"};
      case 'v', 'V' -> new String[] {"video"};
      case 'a', 'A' -> new String[] {"audio"};
      case 'o', 'O' -> new String[] {"object"};
      case 'e', 'E' -> new String[] {"embed"};
      case 'c', 'C' -> new String[] {"canvas"};
      case 'n', 'N' -> new String[] {"noscript"};
      case 'm', 'M' -> new String[] {"math"};
      default -> NONE;
    };
  }

  private static final String[] NONE = {};

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
    String text = looksLikeHtml(html) ? textOf(html) : SPACES.matcher(html).replaceAll(" ");
    if (looksLikeHtml(text)) text = textOf(text); // double-escaped feeds
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

  private static String textOf(String html) {
    return Jsoup.parseBodyFragment(spacedWhereRemoved(html)).text();
  }

  /** A plain scan of the tags (a regex over every summary cost a third more than the parse). */
  private static String spacedWhereRemoved(String html) {
    StringBuilder sb = null;
    int copied = 0;
    for (int i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) {
      if (!removedTagAt(html, i + 1)) continue;
      if (sb == null) sb = new StringBuilder(html.length() + 16);
      sb.append(html, copied, i).append(' ');
      copied = i;
    }
    return sb == null ? html : sb.append(html, copied, html.length()).toString();
  }

  private static boolean removedTagAt(String s, int at) {
    if (s.startsWith("!--", at)) return true;
    if (at < s.length() && s.charAt(at) == '/') at++;
    if (at >= s.length()) return false;
    for (String name : removedStartingWith(s.charAt(at))) {
      int end = at + name.length();
      if (end < s.length() && s.regionMatches(true, at, name, 0, name.length())) {
        char c = s.charAt(end);
        if (c == '>' || c == '/' || Character.isWhitespace(c)) return true;
      }
    }
    return false;
  }
}
