package ma.manchette.parse;

import java.util.List;
import org.jdom2.Element;

/**
 * The date an entry writes, as written, for when Rome could not read one: its masks miss many
 * writings, and it knows Dublin Core only under the one exact namespace URI. The normaliser reads
 * the text.
 */
final class EntryDates {
  /**
   * Publication before modification, whatever the namespace: RSS pubDate, dc:date,
   * dcterms:issued/created, Atom published (1.0) and issued/created (0.3), then the modified forms.
   */
  private static final List<String> ORDER =
      List.of("pubDate", "date", "issued", "published", "created", "modified", "updated");

  private EntryDates() {}

  static String rawDate(Element entry) {
    for (String name : ORDER) {
      for (Element child : entry.getChildren()) {
        if (name.equals(child.getName())) {
          String text = child.getTextNormalize();
          if (!text.isEmpty()) return text;
        }
      }
    }
    return null;
  }
}
