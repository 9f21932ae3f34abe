package ma.manchette.parse;

import java.time.Instant;
import java.util.List;

/**
 * One entry as a feed or page gave it: raw strings, not yet cleaned or resolved. {@code
 * titleFromSummary}: the entry had no title and this one is the summary's first words. {@code
 * guidIsPermaLink}: false when the feed says its guid is no address (RSS isPermaLink="false").
 */
public record ParsedEntry(
    String guid,
    String link,
    String title,
    String summary,
    String image,
    String author,
    List<String> categories,
    Instant publishedAt,
    String rawDate,
    boolean titleFromSummary,
    boolean guidIsPermaLink) {

  public ParsedEntry {
    categories = categories == null ? List.of() : List.copyOf(categories);
  }

  public ParsedEntry(
      String guid,
      String link,
      String title,
      String summary,
      String image,
      String author,
      List<String> categories,
      Instant publishedAt,
      String rawDate) {
    this(guid, link, title, summary, image, author, categories, publishedAt, rawDate, false, true);
  }
}
