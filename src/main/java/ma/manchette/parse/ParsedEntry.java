package ma.manchette.parse;

import java.time.Instant;
import java.util.List;

/** One entry as a feed or page gave it: raw strings, not yet cleaned or resolved. */
public record ParsedEntry(
    String guid,
    String link,
    String title,
    String summary,
    String image,
    String author,
    List<String> categories,
    Instant publishedAt,
    String rawDate) {

  public ParsedEntry {
    categories = categories == null ? List.of() : List.copyOf(categories);
  }
}
