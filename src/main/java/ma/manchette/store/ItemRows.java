package ma.manchette.store;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import ma.manchette.model.Item;

/** Maps items to and from table rows; all column lists live here. */
public final class ItemRows {
  public static final String COLUMNS =
      "id, outlet_id, item_key, title, url, summary, image, author, section, lang, region, "
          + "categories, published_at, detected_at, story, image_hidden, url_kind";

  /**
   * A whole batch in one statement: each column goes as one array and {@code unnest} turns them
   * back into rows, half the database time of a pipelined INSERT per row (one plan, one executor
   * start, one round of triggers). Categories travel joined by U+001F, which plain text never holds
   * (control characters are stripped).
   */
  static final String INSERT_ALL =
      "INSERT INTO items (id, outlet_id, item_key, title, url, summary, image, author, section, "
          + "lang, region, categories, published_at, detected_at, story, live, url_kind) "
          + "SELECT id, outlet_id, item_key, title, url, summary, image, author, section, lang, region, "
          + "coalesce(string_to_array(categories, chr(31)), '{}'), published_at, detected_at, story, live, url_kind FROM unnest("
          + "$1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], "
          + "$10::text[], $11::text[], $12::text[], $13::timestamptz[], $14::timestamptz[], $15::text[], $16::bool[], $17::text[]) "
          + "AS t(id, outlet_id, item_key, title, url, summary, image, author, section, lang, region, categories, "
          + "published_at, detected_at, story, live, url_kind) "
          + "ON CONFLICT (outlet_id, item_key) DO NOTHING";

  /**
   * Stories and pictures of a batch in one statement. Neither column feeds the search vector, so
   * PostgreSQL does not compute it again, and the fill factor (V8) leaves room for the new row
   * version on the same page.
   */
  static final String AMEND_ALL =
      "UPDATE items SET story = coalesce(a.story, items.story), image = coalesce(a.image, items.image), "
          + "updated_at = now() FROM unnest($1::bigint[], $2::text[], $3::text[]) AS a(id, story, image) WHERE items.id = a.id";

  private static final String CATEGORY_SEPARATOR = "\u001f";

  private ItemRows() {}

  /**
   * The arguments of {@link #AMEND_ALL}; an id appears once per batch (ItemWriter merges its
   * amendments).
   */
  static Tuple amendAllTuple(List<Item> items) {
    int n = items.size();
    Long[] ids = new Long[n];
    String[] stories = new String[n];
    String[] images = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = items.get(i).id();
      stories[i] = items.get(i).story();
      images[i] = items.get(i).image();
    }
    return Tuple.of(ids, stories, images);
  }

  /**
   * The arguments of {@link #INSERT_ALL}: one array per column, {@code live} flags beside the
   * items.
   */
  static Tuple insertAllTuple(List<Item> items, List<Boolean> live) {
    int n = items.size();
    Long[] ids = new Long[n];
    String[][] text = new String[12][n];
    OffsetDateTime[] published = new OffsetDateTime[n];
    OffsetDateTime[] detected = new OffsetDateTime[n];
    String[] kinds = new String[n];
    for (int k = 0; k < n; k++) {
      Item i = items.get(k);
      ids[k] = i.id();
      text[0][k] = i.outlet();
      text[1][k] = i.key();
      text[2][k] = i.title();
      text[3][k] = i.url();
      text[4][k] = i.summary();
      text[5][k] = i.image();
      text[6][k] = i.author();
      text[7][k] = i.section();
      text[8][k] = i.lang();
      text[9][k] = i.region();
      text[10][k] = String.join(CATEGORY_SEPARATOR, i.categories());
      text[11][k] = i.story();
      published[k] = i.publishedAt() == null ? null : i.publishedAt().atOffset(ZoneOffset.UTC);
      detected[k] = i.detectedAt().atOffset(ZoneOffset.UTC);
      kinds[k] = i.urlKind() == null ? null : i.urlKind().json();
    }
    Tuple t = Tuple.tuple().addArrayOfLong(ids);
    for (int c = 0; c <= 10; c++) t.addArrayOfString(text[c]);
    return t.addArrayOfOffsetDateTime(published)
        .addArrayOfOffsetDateTime(detected)
        .addArrayOfString(text[11])
        .addArrayOfBoolean(live.toArray(Boolean[]::new))
        .addArrayOfString(kinds);
  }

  /** Every row of a result as an item, in the result's order. */
  public static List<Item> all(RowSet<Row> rows, Function<String, String> outletName) {
    List<Item> out = new java.util.ArrayList<>(rows.size());
    for (Row r : rows) out.add(fromRow(r, outletName));
    return out;
  }

  public static Item fromRow(Row r, Function<String, String> outletName) {
    OffsetDateTime published = r.getOffsetDateTime("published_at");
    String[] cats = r.getArrayOfStrings("categories");
    String outlet = r.getString("outlet_id");
    boolean imageHidden = Boolean.TRUE.equals(r.getBoolean("image_hidden"));
    return new Item(
        r.getLong("id"),
        outlet,
        outletName.apply(outlet),
        r.getString("item_key"),
        r.getString("title"),
        r.getString("url"),
        r.getString("summary"),
        imageHidden ? null : r.getString("image"),
        r.getString("author"),
        r.getString("section"),
        r.getString("lang"),
        r.getString("region"),
        cats == null ? List.of() : List.of(cats),
        published == null ? null : published.toInstant(),
        r.getOffsetDateTime("detected_at").toInstant(),
        r.getString("story"),
        ma.manchette.model.UrlKind.parse(r.getString("url_kind")));
  }
}
