package ma.manchette.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import ma.manchette.text.TextFold;

/**
 * What a subscriber or a REST query wants: within a field, any value matches (OR); across fields,
 * all must (AND). An empty set means "any". {@code q} keywords must all appear, case- and
 * accent-insensitively.
 */
public record Filter(
    Set<String> outlets,
    Set<String> sections,
    Set<String> langs,
    Set<String> regions,
    Set<String> authors,
    Set<String> topics,
    String q,
    List<String> terms,
    Set<EventType> events) {
  public static final Filter ALL =
      new Filter(
          Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), null, List.of(), Set.of());
  public static final List<String> FIELDS =
      List.of("outlet", "section", "lang", "region", "author", "topic", "q", "events");

  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Pattern LANG = Pattern.compile("[a-z]{2,3}");
  private static final int MAX_VALUES = 50;

  /** From query parameters (comma-separated lists), e.g. {@code ?outlet=a,b&lang=fr}. */
  public static Filter fromQuery(Function<String, String> param) {
    return new Filter(
        set("outlet", split(param.apply("outlet")), SLUG),
        set("section", split(param.apply("section")), SLUG),
        set("lang", split(param.apply("lang")), LANG),
        set("region", split(param.apply("region")), SLUG),
        free("author", split(param.apply("author"))),
        free("topic", split(param.apply("topic"))),
        query(param.apply("q")),
        terms(query(param.apply("q"))),
        events(split(param.apply("events"))));
  }

  /** From a WebSocket subscribe message: each field a string or an array of strings. */
  public static Filter fromJson(JsonObject json) {
    if (json == null) return ALL;
    for (String key : json.fieldNames()) {
      if (!FIELDS.contains(key))
        throw new InvalidParameter(
            key, "unknown filter field '" + key + "' (known: " + FIELDS + ")");
    }
    Object qv = json.getValue("q");
    if (qv != null && !(qv instanceof String))
      throw new InvalidParameter("q", "q must be a string");
    String q = query((String) qv);
    return new Filter(
        set("outlet", values(json, "outlet"), SLUG),
        set("section", values(json, "section"), SLUG),
        set("lang", values(json, "lang"), LANG),
        set("region", values(json, "region"), SLUG),
        free("author", values(json, "author")),
        free("topic", values(json, "topic")),
        q,
        terms(q),
        events(values(json, "events")));
  }

  /** Whether this kind of event is asked for ({@code events}; without it, every kind). */
  public boolean wants(EventType type) {
    return events.isEmpty() || events.contains(type);
  }

  public boolean matches(Item item) {
    // immutable sets throw on contains(null): an item without a section or region simply does not
    // match one
    return (outlets.isEmpty() || item.outlet() != null && outlets.contains(item.outlet()))
        && (sections.isEmpty() || item.section() != null && sections.contains(item.section()))
        && (langs.isEmpty() || item.lang() != null && langs.contains(item.lang()))
        && (regions.isEmpty() || item.region() != null && regions.contains(item.region()))
        && (authors.isEmpty()
            || (item.author() != null && authors.contains(TextFold.fold(item.author()))))
        && (topics.isEmpty()
            || item.categories().stream().anyMatch(c -> topics.contains(TextFold.fold(c))));
  }

  /** Whether keywords are asked for: only then is an event's folded text needed. */
  public boolean hasTerms() {
    return !terms.isEmpty();
  }

  /**
   * The keywords against a text folded as " word word …" (see EncodedEvent), each a word prefix.
   */
  public boolean matchesText(String folded) {
    for (String t : terms) if (!folded.contains(" " + t)) return false;
    return true;
  }

  public boolean isAll() {
    return this.equals(ALL);
  }

  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    Map.of(
            "outlet", outlets, "section", sections, "lang", langs, "region", regions, "author",
            authors, "topic", topics)
        .forEach(
            (k, v) -> {
              if (!v.isEmpty()) o.put(k, new JsonArray(new ArrayList<>(v)));
            });
    if (q != null) o.put("q", q);
    if (!events.isEmpty())
      o.put("events", new JsonArray(events.stream().map(t -> t.wire).sorted().toList()));
    return o;
  }

  private static List<String> split(String raw) {
    if (raw == null || raw.isBlank()) return List.of();
    List<String> out = new ArrayList<>();
    for (String s : raw.split(",")) if (!s.isBlank()) out.add(s.trim());
    return out;
  }

  private static List<String> values(JsonObject json, String field) {
    Object v = json.getValue(field);
    if (v == null) return List.of();
    if (v instanceof String s) return split(s);
    if (v instanceof JsonArray a) {
      List<String> out = new ArrayList<>();
      for (Object o : a) {
        if (!(o instanceof String s))
          throw new InvalidParameter(field, field + " must hold strings");
        out.add(s.trim());
      }
      return out;
    }
    throw new InvalidParameter(field, field + " must be a string or an array of strings");
  }

  private static Set<String> set(String field, List<String> values, Pattern form) {
    if (values.size() > MAX_VALUES)
      throw new InvalidParameter(field, "at most " + MAX_VALUES + " values for " + field);
    Set<String> out = new LinkedHashSet<>();
    for (String v : values) {
      if (!form.matcher(v).matches())
        throw new InvalidParameter(field, "invalid " + field + " '" + shorten(v) + "'");
      out.add(v);
    }
    return Set.copyOf(out);
  }

  private static Set<String> free(String field, List<String> values) {
    if (values.size() > MAX_VALUES)
      throw new InvalidParameter(field, "at most " + MAX_VALUES + " values for " + field);
    Set<String> out = new LinkedHashSet<>();
    for (String v : values) {
      if (v.length() > 120)
        throw new InvalidParameter(field, field + " values are at most 120 characters");
      out.add(TextFold.fold(v));
    }
    return Set.copyOf(out);
  }

  private static Set<EventType> events(List<String> names) {
    Set<EventType> out = new LinkedHashSet<>();
    for (String n : names) {
      EventType t = EventType.ofWire(n);
      if (t == null)
        throw new InvalidParameter(
            "events",
            "unknown event '" + shorten(n) + "' (known: headline, update, retract, story)");
      out.add(t);
    }
    return Set.copyOf(out);
  }

  private static String query(String q) {
    if (q == null || q.isBlank()) return null;
    if (q.length() > 200) throw new InvalidParameter("q", "q is at most 200 characters");
    return q.strip();
  }

  private static List<String> terms(String q) {
    if (q == null) return List.of();
    List<String> out = new ArrayList<>();
    for (String t : TextFold.fold(q).split("[^\\p{L}\\p{N}]+")) if (!t.isEmpty()) out.add(t);
    return List.copyOf(out);
  }

  private static String shorten(String v) {
    return v.length() > 40 ? v.substring(0, 40) + "…" : v;
  }
}
