package ma.manchette.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;
import ma.manchette.model.Item;

/**
 * "Lire aussi" from PostgreSQL full-text search: the item's own title and summary words (folded, at
 * least 4 letters, common function words left out) searched in the other items of the surrounding
 * 30 days. An item must share at least two such words to count; other outlets come first, then the
 * most shared words and rank.
 */
public final class RelatedItemsStore {
  /** Frequent 4+ letter words of fr/en/es/ar headlines that say nothing about the subject. */
  private static final String[] COMMON = {
    "pour",
    "dans",
    "avec",
    "sans",
    "sous",
    "plus",
    "mais",
    "sont",
    "leur",
    "leurs",
    "cette",
    "elle",
    "nous",
    "vous",
    "apres",
    "avant",
    "entre",
    "selon",
    "depuis",
    "comme",
    "tout",
    "tous",
    "toute",
    "deux",
    "trois",
    "maroc",
    "with",
    "from",
    "this",
    "that",
    "will",
    "have",
    "after",
    "over",
    "into",
    "about",
    "morocco",
    "moroccan",
    "para",
    "como",
    "sobre",
    "entre",
    "desde",
    "tras",
    "marruecos",
    "este",
    "esta",
    "pero",
    "segun",
    "المغرب",
    "المغربية",
    "المغربي",
    "التي",
    "الذي",
    "هذا",
    "هذه",
    "على",
    "الى",
    "بعد",
    "قبل",
    "حول",
    "خلال",
    "بين"
  };

  private static final String SQL =
      "WITH me AS (SELECT id, outlet_id, detected_at, search FROM items WHERE id = $1), "
          + "words AS (SELECT array_agg(DISTINCT u.lexeme) AS w FROM me, unnest(ts_filter(me.search, '{a,b}')) u "
          + "  WHERE length(u.lexeme) >= 4 AND u.lexeme !~ '^[0-9]+$' AND NOT (u.lexeme = ANY($3))), "
          + "candidates AS (SELECT i.*, (i.outlet_id <> me.outlet_id) AS other, "
          + "  (SELECT count(*) FROM unnest(i.search) x WHERE x.lexeme = ANY(words.w)) AS shared, "
          + "  ts_rank(i.search, to_tsquery('simple', array_to_string(ARRAY(SELECT quote_literal(x) FROM unnest(words.w) x), ' | '))) AS rank "
          + "  FROM items i, me, words WHERE words.w IS NOT NULL AND i.id <> me.id AND NOT i.hidden "
          + "  AND i.detected_at BETWEEN me.detected_at - interval '30 days' AND me.detected_at + interval '30 days' "
          + "  AND i.search @@ to_tsquery('simple', array_to_string(ARRAY(SELECT quote_literal(x) FROM unnest(words.w) x), ' | '))) "
          + "SELECT "
          + ItemRows.COLUMNS
          + " FROM candidates WHERE shared >= 2 "
          + "ORDER BY other DESC, shared DESC, rank DESC, id DESC LIMIT $2";

  private final Pool pool;
  private final Function<String, String> outletName;

  public RelatedItemsStore(Pool pool, Function<String, String> outletName) {
    this.pool = pool;
    this.outletName = outletName;
  }

  /** "Lire aussi" for one item: the web's ItemsApi.RelatedItems, passed as {@code ::of}. */
  public Future<List<Item>> of(Item item, int limit) {
    return pool.preparedQuery(SQL)
        .execute(Tuple.of(item.id(), limit, COMMON))
        .map(rows -> ItemRows.all(rows, outletName));
  }
}
