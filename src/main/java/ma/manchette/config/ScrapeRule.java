package ma.manchette.config;

/** CSS selectors that turn a page without a feed into entries; "sel@attr" reads an attribute. */
public record ScrapeRule(
    String url, String item, String title, String link, String image, String date) {
  public ScrapeRule {
    if (url == null || item == null || title == null || link == null) {
      throw new IllegalArgumentException("scrape needs url, item, title and link");
    }
  }
}
