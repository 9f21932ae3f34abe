package ma.manchette.support;

import java.time.Instant;

/** An entry a fake outlet publishes. */
public record FeedEntry(
    String guid, String title, String link, String description, Instant published) {
  public static FeedEntry of(String guid, String title) {
    return new FeedEntry(
        guid, title, "https://example.ma/articles/" + guid, "Résumé de " + title, Instant.now());
  }
}
