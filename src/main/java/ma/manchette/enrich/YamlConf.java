package ma.manchette.enrich;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loose reading of the rules files in conf/: lists and maps of strings, missing keys read as empty.
 */
final class YamlConf {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private YamlConf() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> read(Path file) throws IOException {
    Object root = YAML.readValue(file.toFile(), Object.class);
    if (!(root instanceof Map)) throw new IOException(file + ": expected a mapping at the top");
    return (Map<String, Object>) root;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map ? (Map<String, Object>) o : Map.of();
  }

  static List<Object> list(Object o) {
    return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
  }

  static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    for (Object x : list(o)) if (x != null) out.add(x.toString());
    return out;
  }

  /** Strings of a list, or of every list inside a per-language map ({fr:[..], ar:[..]}). */
  static List<String> allStrings(Object o) {
    if (o instanceof Map<?, ?> m) {
      List<String> out = new ArrayList<>();
      for (Object v : m.values()) out.addAll(strings(v));
      return out;
    }
    return strings(o);
  }
}
