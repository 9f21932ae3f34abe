package ma.manchette.enrich;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import ma.manchette.model.Item;

/**
 * Headlines as the normaliser hands them to enrichers: outlet defaults filled in, nothing enriched
 * yet.
 */
final class Items {
  static final Path SECTIONS = Path.of("src/test/resources/fixtures/conf/sections.yaml");
  static final Path REGIONS = Path.of("src/test/resources/fixtures/conf/regions.yaml");

  private Items() {}

  static Item item(
      String outlet,
      String lang,
      String title,
      String summary,
      String url,
      List<String> categories) {
    return new Item(
        0,
        outlet,
        outlet,
        url,
        title,
        url,
        summary,
        null,
        null,
        null,
        lang,
        null,
        categories,
        null,
        Instant.parse("2026-11-28T10:00:00Z"),
        null);
  }

  static Item titled(String lang, String title) {
    return item("test", lang, title, null, "https://example.ma/article/1", List.of());
  }
}
