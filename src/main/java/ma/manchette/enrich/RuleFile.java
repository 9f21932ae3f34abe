package ma.manchette.enrich;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A regions or sections rules file checked for shape before use: a typo in an operator's file is a
 * start-up error naming the file and line ({@link IllegalArgumentException}), never a rule set that
 * quietly matches nothing. SnakeYAML's node tree is read directly because it keeps the line of
 * every value.
 */
final class RuleFile {
  /**
   * The top-level key asking for the file to be laid over the built-in rules rather than replace
   * them.
   */
  static final String EXTENDS = "extends";

  private static final Set<String> BUILTIN_NAMES = Set.of("builtin", "built-in");
  // slugs reach clients as item fields and filter values: a plain lowercase token only
  private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  enum Kind {
    REGIONS,
    SECTIONS
  }

  final String name;
  final Map<String, Object> values;
  final boolean extendsBuiltin;

  private RuleFile(String name, Map<String, Object> values, boolean extendsBuiltin) {
    this.name = name;
    this.values = values;
    this.extendsBuiltin = extendsBuiltin;
  }

  /**
   * Parses and checks {@code text}; {@code name} (a path or "built-in regions.yaml") is what errors
   * cite.
   */
  static RuleFile parse(String name, String text, Kind kind) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new IllegalArgumentException(
          at(name, m)
              + "not valid YAML: "
              + (e.getProblem() != null ? e.getProblem() : e.getMessage()));
    } catch (YAMLException e) {
      throw new IllegalArgumentException(name + ": not valid YAML: " + e.getMessage());
    }
    if (root == null)
      throw new IllegalArgumentException(
          name + ": empty file (expected a mapping with `" + listKey(kind) + ":`)");
    RuleFile.Checker c = new Checker(name);
    Map<String, Node> top =
        c.keys(
            root,
            "the top level",
            kind == Kind.REGIONS
                ? Set.of("regions", "context", EXTENDS)
                : Set.of("sections", "outlets", EXTENDS));
    boolean ext = false;
    if (top.containsKey(EXTENDS)) {
      String v = c.scalar(top.get(EXTENDS), EXTENDS);
      if (v == null || !BUILTIN_NAMES.contains(v))
        throw c.bad(top.get(EXTENDS), "`extends` can only be `builtin`");
      ext = true;
    }
    if (!top.containsKey(listKey(kind)) && !ext) {
      throw c.bad(
          root,
          "no `"
              + listKey(kind)
              + ":` list (add `extends: builtin` to only adjust the built-in rules)");
    }
    if (kind == Kind.REGIONS) {
      c.entries(
          top.get("regions"),
          "regions",
          Set.of("slug", "names", "terms", "ambiguous"),
          (e, where) -> {
            c.perLanguage(e.get("names"), where + ".names");
            c.strings(e.get("terms"), where + ".terms");
            c.strings(e.get("ambiguous"), where + ".ambiguous");
          });
      c.strings(top.get("context"), "context");
    } else {
      c.entries(
          top.get("sections"),
          "sections",
          Set.of("slug", "labels", "categories", "paths", "keywords"),
          (e, where) -> {
            c.perLanguage(e.get("labels"), where + ".labels");
            c.strings(e.get("categories"), where + ".categories");
            c.strings(e.get("paths"), where + ".paths");
            c.perLanguage(e.get("keywords"), where + ".keywords");
          });
      Node outlets = top.get("outlets");
      if (outlets != null && !c.isNull(outlets)) {
        for (NodeTuple t : c.mapping(outlets, "outlets").getValue()) {
          String outlet = c.scalar(t.getKeyNode(), "an outlet id");
          Map<String, Node> rules = c.keys(t.getValueNode(), "outlets." + outlet, Set.of("paths"));
          Node paths = rules.get("paths");
          if (paths != null && !c.isNull(paths)) {
            for (NodeTuple p : c.mapping(paths, "outlets." + outlet + ".paths").getValue()) {
              c.scalar(p.getKeyNode(), "a path");
              c.slug(p.getValueNode(), "outlets." + outlet + ".paths");
            }
          }
        }
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> values = (Map<String, Object>) plain(root);
    values.remove(EXTENDS);
    return new RuleFile(name, values, ext);
  }

  static String listKey(Kind kind) {
    return kind == Kind.REGIONS ? "regions" : "sections";
  }

  /**
   * This file over {@code base}: an entry whose slug is already there replaces it in place, a new
   * slug is added at the end; the regions' {@code context} words are added to the base's; an
   * outlet's path rules replace the base's rules for that outlet.
   */
  Map<String, Object> over(Map<String, Object> base, Kind kind) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    String key = listKey(kind);
    List<Object> merged = new ArrayList<>(YamlConf.list(base.get(key)));
    for (Object o : YamlConf.list(values.get(key))) {
      Object slug = YamlConf.map(o).get("slug");
      int at = -1;
      for (int i = 0; i < merged.size(); i++)
        if (slug.equals(YamlConf.map(merged.get(i)).get("slug"))) at = i;
      if (at >= 0) merged.set(at, o);
      else merged.add(o);
    }
    out.put(key, merged);
    if (kind == Kind.REGIONS) {
      List<String> context = new ArrayList<>(YamlConf.strings(base.get("context")));
      for (String w : YamlConf.strings(values.get("context")))
        if (!context.contains(w)) context.add(w);
      out.put("context", context);
    } else {
      Map<String, Object> outlets = new LinkedHashMap<>(YamlConf.map(base.get("outlets")));
      outlets.putAll(YamlConf.map(values.get("outlets")));
      out.put("outlets", outlets);
    }
    return out;
  }

  /** Plain maps, lists and strings (null for YAML null), the shape the enrichers read. */
  private static Object plain(Node n) {
    if (n instanceof MappingNode m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue())
        out.put(((ScalarNode) t.getKeyNode()).getValue(), plain(t.getValueNode()));
      return out;
    }
    if (n instanceof SequenceNode s) {
      List<Object> out = new ArrayList<>();
      for (Node x : s.getValue()) out.add(plain(x));
      return out;
    }
    ScalarNode s = (ScalarNode) n;
    return Tag.NULL.equals(s.getTag()) ? null : s.getValue();
  }

  private static String at(String name, Mark m) {
    return m == null
        ? name + ": "
        : name + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": ";
  }

  interface EntryCheck {
    void check(Map<String, Node> entry, String where);
  }

  /** Shape checks; each failure names the file, line and column of the offending value. */
  private static final class Checker {
    private final String name;

    Checker(String name) {
      this.name = name;
    }

    IllegalArgumentException bad(Node n, String message) {
      return new IllegalArgumentException(at(name, n.getStartMark()) + message);
    }

    boolean isNull(Node n) {
      return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    MappingNode mapping(Node n, String what) {
      if (n instanceof MappingNode m) return m;
      throw bad(n, what + " must be a mapping (key: value), not " + describe(n));
    }

    String scalar(Node n, String what) {
      if (n instanceof ScalarNode s) return Tag.NULL.equals(s.getTag()) ? null : s.getValue();
      throw bad(n, what + " must be a single value, not " + describe(n));
    }

    String slug(Node n, String what) {
      String v = scalar(n, what);
      if (v == null || !SLUG.matcher(v).matches()) {
        throw bad(
            n, what + ": '" + v + "' is not a slug (lowercase letters, digits and single hyphens)");
      }
      return v;
    }

    /** The keys of a mapping, each a plain value, no key twice, none outside {@code allowed}. */
    Map<String, Node> keys(Node n, String what, Set<String> allowed) {
      Map<String, Node> out = new LinkedHashMap<>();
      for (NodeTuple t : mapping(n, what).getValue()) {
        String k = scalar(t.getKeyNode(), "a key of " + what);
        if (!allowed.contains(k))
          throw bad(
              t.getKeyNode(),
              "unknown key '"
                  + k
                  + "' in "
                  + what
                  + " (expected one of "
                  + new java.util.TreeSet<>(allowed)
                  + ")");
        if (out.put(k, t.getValueNode()) != null)
          throw bad(t.getKeyNode(), "'" + k + "' given twice in " + what);
      }
      return out;
    }

    /** A list of plain values; absent or null reads as empty. */
    void strings(Node n, String what) {
      if (n == null || isNull(n)) return;
      if (!(n instanceof SequenceNode s))
        throw bad(n, what + " must be a list, not " + describe(n));
      for (Node x : s.getValue()) scalar(x, "an item of " + what);
    }

    /** A list of plain values, or per language ({fr: [...], ar: "..."}) lists or single values. */
    void perLanguage(Node n, String what) {
      if (n == null || isNull(n)) return;
      if (n instanceof SequenceNode) {
        strings(n, what);
        return;
      }
      for (NodeTuple t : mapping(n, what).getValue()) {
        String lang = scalar(t.getKeyNode(), "a language of " + what);
        if (t.getValueNode() instanceof SequenceNode) strings(t.getValueNode(), what + "." + lang);
        else scalar(t.getValueNode(), what + "." + lang);
      }
    }

    /** A list of entries, each a mapping with a unique slug. */
    void entries(Node n, String what, Set<String> allowed, EntryCheck each) {
      if (n == null || isNull(n)) return;
      if (!(n instanceof SequenceNode s))
        throw bad(n, what + " must be a list of entries (- slug: ...), not " + describe(n));
      Set<String> seen = new HashSet<>();
      int i = 0;
      for (Node x : s.getValue()) {
        Map<String, Node> e = keys(x, what + "[" + i + "]", allowed);
        if (!e.containsKey("slug")) throw bad(x, what + "[" + i + "] has no slug");
        String slug = slug(e.get("slug"), what + "[" + i + "].slug");
        if (!seen.add(slug))
          throw bad(e.get("slug"), "slug '" + slug + "' listed twice in " + what);
        each.check(e, what + "." + slug);
        i++;
      }
    }

    private static String describe(Node n) {
      if (n instanceof MappingNode) return "a mapping";
      if (n instanceof SequenceNode) return "a list";
      return "'" + ((ScalarNode) n).getValue() + "'";
    }
  }
}
