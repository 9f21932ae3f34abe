package ma.manchette.ingest;

import java.util.List;

/**
 * What article-page fetches may ask of an outlet: its feed or page URLs (only pages on the same
 * site are fetched), and whether its fetches pass the SSRF guard (outlets added at run time): its
 * pages then do too.
 */
public record ArticleSources(List<String> feeds, boolean guarded) {
  public static final ArticleSources NONE = new ArticleSources(List.of(), false);
}
