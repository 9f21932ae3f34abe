package ma.manchette.config;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The keys each configuration file may hold. A key nobody reads is a typo that would silently do
 * nothing ({@code intervall: 5m}), so it is refused naming the file, line and key. SnakeYAML's node
 * tree keeps lines.
 *
 * <p>A shape is a {@code Map<String, Object>} of allowed keys whose values are {@code null} (any
 * value), a nested shape (an object), or a one-element {@code List} holding the shape of each list
 * element.
 */
public final class KnownKeys {
  private KnownKeys() {}

  public static final Map<String, Object> SCRAPE =
      Map.of("url", "", "item", "", "title", "", "link", "", "image", "", "date", "");
  public static final Map<String, Object> OUTLET =
      Map.ofEntries(
          Map.entry("id", ""),
          Map.entry("name", ""),
          Map.entry("homepage", ""),
          Map.entry("lang", ""),
          Map.entry("section", ""),
          Map.entry("region", ""),
          Map.entry("interval", ""),
          Map.entry("minInterval", ""),
          Map.entry("maxInterval", ""),
          Map.entry("feeds", ""),
          Map.entry("scrape", SCRAPE),
          Map.entry("enabled", ""),
          Map.entry("disabledReason", ""));
  public static final Map<String, Object> OUTLETS_FILE = Map.of("outlets", List.of(OUTLET));
  public static final Map<String, Object> API_KEYS_FILE =
      Map.of(
          "keys",
          List.of(Map.of("name", "", "key", "", "requestsPerMinute", "", "maxStreams", "")));
  public static final Map<String, Object> FETCH_ALLOW_FILE = Map.of("allow", "");
  public static final Map<String, Object> FULLTEXT_FILE = Map.of("eager", "");

  /**
   * Throws IllegalArgumentException "file:line: unknown key 'k' (known: ...)" for the first key not
   * in the shape.
   */
  public static void check(String file, String yaml, Map<String, Object> shape) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(yaml));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new IllegalArgumentException(
          file
              + (m == null ? "" : ":" + (m.getLine() + 1))
              + ": not valid YAML: "
              + e.getProblem());
    }
    if (root != null) walk(file, root, shape);
  }

  @SuppressWarnings("unchecked")
  private static void walk(String file, Node node, Object shape) {
    if (shape instanceof Map<?, ?> keys && node instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        String key =
            t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
        if (!keys.containsKey(key)) {
          throw new IllegalArgumentException(
              file
                  + ":"
                  + (t.getKeyNode().getStartMark().getLine() + 1)
                  + ": unknown key '"
                  + key
                  + "' (known: "
                  + String.join(", ", new TreeSet<>(((Map<String, Object>) keys).keySet()))
                  + ")");
        }
        walk(file, t.getValueNode(), keys.get(key));
      }
    } else if (shape instanceof List<?> element && node instanceof SequenceNode seq) {
      for (Node n : seq.getValue()) walk(file, n, element.get(0));
    }
  }

  /** The same rule for a JSON object given to the admin API, where there is no line to name. */
  public static void check(
      String where, com.fasterxml.jackson.databind.JsonNode node, Map<String, Object> shape) {
    if (node == null || !node.isObject()) return;
    var names = node.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!shape.containsKey(key)) {
        throw new IllegalArgumentException(
            where
                + "unknown field '"
                + key
                + "' (known: "
                + String.join(", ", new TreeSet<>(shape.keySet()))
                + ")");
      }
      if (shape.get(key) instanceof Map<?, ?> nested) {
        @SuppressWarnings("unchecked")
        Map<String, Object> n = (Map<String, Object>) nested;
        check(where + key + ".", node.get(key), n);
      }
    }
  }
}
