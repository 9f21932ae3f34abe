package ma.manchette.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates conf/outlets.yaml; every error names the outlet and the field. */
public final class OutletsFile {
  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private OutletsFile() {}

  public static List<OutletConfig> read(Path file) throws IOException {
    String text = Files.readString(file);
    KnownKeys.check(file.toString(), text, KnownKeys.OUTLETS_FILE);
    JsonNode root = YAML.readTree(text);
    JsonNode list = root == null ? null : root.get("outlets");
    if (list == null || !list.isArray())
      throw new IllegalArgumentException(file + ": expected a top-level 'outlets' list");
    List<OutletConfig> outlets = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode node : list) {
      OutletConfig outlet = fromJson(node);
      if (!ids.add(outlet.id()))
        throw new IllegalArgumentException(file + ": duplicate outlet id '" + outlet.id() + "'");
      outlets.add(outlet);
    }
    return outlets;
  }

  /** Builds an outlet from its YAML/JSON form (also used by the admin API). */
  public static OutletConfig fromJson(JsonNode node) {
    String id = text(node, "id");
    if (id == null || !SLUG.matcher(id).matches())
      throw new IllegalArgumentException("outlet id '" + id + "' must be a lowercase slug");
    String where = "outlet '" + id + "': ";
    KnownKeys.check(where, node, KnownKeys.OUTLET);
    try {
      List<String> feeds = new ArrayList<>();
      JsonNode f = node.get("feeds");
      if (f != null && f.isArray()) f.forEach(n -> feeds.add(checkUrl(n.asText())));
      ScrapeRule scrape = null;
      JsonNode s = node.get("scrape");
      if (s != null && s.isObject()) {
        scrape =
            new ScrapeRule(
                checkUrl(text(s, "url")),
                text(s, "item"),
                text(s, "title"),
                text(s, "link"),
                text(s, "image"),
                text(s, "date"));
      }
      boolean enabled = !node.has("enabled") || node.get("enabled").asBoolean(true);
      if (enabled && feeds.isEmpty() && scrape == null)
        throw new IllegalArgumentException("needs feeds or a scrape rule");
      String homepage = text(node, "homepage");
      return new OutletConfig(
          id,
          textOr(node, "name", id),
          homepage == null ? null : checkUrl(homepage),
          textOr(node, "lang", "fr"),
          text(node, "section"),
          text(node, "region"),
          Durations.parse(text(node, "interval")),
          Durations.parse(text(node, "minInterval")),
          Durations.parse(text(node, "maxInterval")),
          feeds,
          scrape,
          enabled,
          text(node, "disabledReason"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
  }

  static String checkUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("bad URL '" + url + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException("URL must be absolute http(s): '" + url + "'");
    }
    return uri.toString();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String textOr(JsonNode node, String field, String fallback) {
    String v = text(node, field);
    return v == null || v.isBlank() ? fallback : v;
  }
}
