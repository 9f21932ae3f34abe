package ma.manchette.support;

import java.time.Instant;
import java.util.List;
import ma.manchette.model.Item;

/** Small items for unit tests: only the fields a test looks at are chosen, the rest is fixed. */
public final class TestItems {
  private static final Instant DETECTED = Instant.parse("2026-03-01T10:00:00Z");

  private TestItems() {}

  public static Item item(long id, String lang, String title) {
    return item(id, "o", "g:" + id, title, null).withLang(lang);
  }

  public static Item item(long id, String outlet, String key, String title, String summary) {
    return new Item(
        id,
        outlet,
        outlet.toUpperCase(),
        key,
        title,
        "https://example.ma/" + key,
        summary,
        null,
        null,
        null,
        "fr",
        null,
        List.of(),
        null,
        DETECTED,
        null);
  }
}
