package ma.manchette.store;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import ma.manchette.ingest.Item;

/** Maps items to and from table rows; all column lists live here. */
final class ItemRows {
  static final String COLUMNS = "id, outlet_id, item_key, title, url, summary, image, author, section, lang, region, "
      + "categories, published_at, detected_at, story, image_hidden";

  static final String INSERT = "INSERT INTO items (id, outlet_id, item_key, title, url, summary, image, author, section, "
      + "lang, region, categories, published_at, detected_at, story, live) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) "
      + "ON CONFLICT (outlet_id, item_key) DO NOTHING";

  private ItemRows() {}

  static Tuple insertTuple(Item i) {
    return Tuple.tuple()
        .addLong(i.id()).addString(i.outlet()).addString(i.key()).addString(i.title()).addString(i.url())
        .addString(i.summary()).addString(i.image()).addString(i.author()).addString(i.section())
        .addString(i.lang()).addString(i.region()).addArrayOfString(i.categories().toArray(String[]::new))
        .addOffsetDateTime(i.publishedAt() == null ? null : i.publishedAt().atOffset(ZoneOffset.UTC))
        .addOffsetDateTime(i.detectedAt().atOffset(ZoneOffset.UTC))
        .addString(i.story());
  }

  /** Every row of a result as an item, in the result's order. */
  static List<Item> all(RowSet<Row> rows, Function<String, String> outletName) {
    List<Item> out = new java.util.ArrayList<>(rows.size());
    for (Row r : rows) out.add(fromRow(r, outletName));
    return out;
  }

  static Item fromRow(Row r, Function<String, String> outletName) {
    OffsetDateTime published = r.getOffsetDateTime("published_at");
    String[] cats = r.getArrayOfStrings("categories");
    String outlet = r.getString("outlet_id");
    boolean imageHidden = Boolean.TRUE.equals(r.getBoolean("image_hidden"));
    return new Item(r.getLong("id"), outlet, outletName.apply(outlet), r.getString("item_key"), r.getString("title"),
        r.getString("url"), r.getString("summary"), imageHidden ? null : r.getString("image"), r.getString("author"),
        r.getString("section"), r.getString("lang"), r.getString("region"), cats == null ? List.of() : List.of(cats),
        published == null ? null : published.toInstant(), r.getOffsetDateTime("detected_at").toInstant(),
        r.getString("story"));
  }
}
