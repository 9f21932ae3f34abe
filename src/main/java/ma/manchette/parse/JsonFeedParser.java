package ma.manchette.parse;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** JSON Feed 1.0/1.1 objects and WordPress REST API post arrays ({@code /wp-json/wp/v2/posts}). */
final class JsonFeedParser {
  private JsonFeedParser() {}

  static ParsedFeed parse(String json) throws FeedParseException {
    try {
      if (json.startsWith("[")) return wordpress(new JsonArray(json));
      JsonObject feed = new JsonObject(json);
      String version = feed.getString("version", "");
      if (!version.contains("jsonfeed.org"))
        throw new FeedParseException(
            "JSON document is neither a JSON Feed nor a WordPress post list");
      return jsonFeed(feed);
    } catch (DecodeException | ClassCastException e) {
      throw new FeedParseException("malformed JSON feed: " + e.getMessage(), e);
    }
  }

  private static ParsedFeed jsonFeed(JsonObject feed) {
    List<ParsedEntry> out = new ArrayList<>();
    JsonArray items = feed.getJsonArray("items", new JsonArray());
    for (int i = 0; i < items.size(); i++) {
      if (!(items.getValue(i) instanceof JsonObject it)) continue;
      String summary =
          firstNonNull(
              it.getString("summary"), it.getString("content_text"), it.getString("content_html"));
      String author = null;
      JsonArray authors = it.getJsonArray("authors");
      if (authors != null && !authors.isEmpty() && authors.getValue(0) instanceof JsonObject a)
        author = a.getString("name");
      if (author == null && it.getValue("author") instanceof JsonObject a)
        author = a.getString("name");
      List<String> tags = new ArrayList<>();
      JsonArray t = it.getJsonArray("tags");
      if (t != null) t.forEach(x -> tags.add(String.valueOf(x)));
      Object id = it.getValue("id");
      out.add(
          new ParsedEntry(
              id == null ? null : String.valueOf(id),
              it.getString("url"),
              it.getString("title"),
              summary,
              firstNonNull(it.getString("image"), it.getString("banner_image")),
              author,
              tags,
              date(it.getString("date_published")),
              it.getString("date_published")));
    }
    String hub = null;
    JsonArray hubs = feed.getJsonArray("hubs");
    if (hubs != null && !hubs.isEmpty() && hubs.getValue(0) instanceof JsonObject h)
      hub = h.getString("url");
    return new ParsedFeed("json-feed", out, hub, feed.getString("feed_url"));
  }

  private static ParsedFeed wordpress(JsonArray posts) {
    List<ParsedEntry> out = new ArrayList<>();
    for (int i = 0; i < posts.size(); i++) {
      if (!(posts.getValue(i) instanceof JsonObject p)) continue;
      String image = p.getString("jetpack_featured_media_url");
      if (image == null
          && p.getValue("yoast_head_json") instanceof JsonObject y
          && y.getValue("og_image") instanceof JsonArray og
          && !og.isEmpty()
          && og.getValue(0) instanceof JsonObject o) {
        image = o.getString("url");
      }
      String gmt = p.getString("date_gmt");
      Object guid =
          p.getValue("guid") instanceof JsonObject g ? g.getString("rendered") : p.getValue("id");
      out.add(
          new ParsedEntry(
              guid == null ? null : String.valueOf(guid),
              p.getString("link"),
              rendered(p, "title"),
              rendered(p, "excerpt"),
              image,
              null,
              List.of(),
              gmt != null ? parseLocal(gmt) : date(p.getString("date")),
              gmt));
    }
    return new ParsedFeed("wordpress-api", out, null, null);
  }

  private static String rendered(JsonObject p, String field) {
    Object v = p.getValue(field);
    if (v instanceof JsonObject o) return o.getString("rendered");
    return v == null ? null : String.valueOf(v);
  }

  private static Instant date(String s) {
    if (s == null) return null;
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Instant parseLocal(String gmt) {
    try {
      return LocalDateTime.parse(gmt).toInstant(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T v : values) if (v != null) return v;
    return null;
  }
}
