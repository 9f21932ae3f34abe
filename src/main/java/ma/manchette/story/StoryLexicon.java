package ma.manchette.story;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Words that say the same thing across languages (conf/story-lexicon.yaml): each listed word's
 * {@link HeadlineTerms} stem stands for a language-neutral concept, so that "inondations", "floods"
 * and "فيضانات" are one term to the grouper. A stem listed under two concepts is an error naming
 * both: it would silently link unrelated headlines.
 */
public final class StoryLexicon {
  /** No concepts: headlines meet on their own words only. */
  public static final StoryLexicon NONE = new StoryLexicon(Map.of());

  private static final List<String> SECTIONS = List.of("events", "places", "names");
  private final Map<String, String> conceptOfStem;

  private StoryLexicon(Map<String, String> conceptOfStem) {
    this.conceptOfStem = conceptOfStem;
  }

  public static StoryLexicon load(Path file) throws IOException {
    return parse(file.toString(), Files.readString(file));
  }

  /** Parses {@code yaml}; {@code name} is what errors call it. */
  @SuppressWarnings("unchecked")
  static StoryLexicon parse(String name, String yaml) throws IOException {
    Map<String, Object> root = new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
    Map<String, String> out = new HashMap<>();
    if (root == null) return new StoryLexicon(out);
    for (var section : root.entrySet()) {
      if (!SECTIONS.contains(section.getKey()) || !(section.getValue() instanceof Map<?, ?> m))
        throw new IllegalArgumentException(
            name + ": unknown section '" + section.getKey() + "' (expected " + SECTIONS + ")");
      for (var e : ((Map<String, Object>) m).entrySet()) {
        if (!(e.getValue() instanceof List<?> words))
          throw new IllegalArgumentException(name + ": " + e.getKey() + " is not a list of words");
        String concept = "#" + e.getKey(); // never a headline word: Words drops '#'
        for (Object w : words) {
          for (String stem : HeadlineTerms.of(String.valueOf(w), NONE)) {
            String was = out.putIfAbsent(stem, concept);
            if (was != null && !was.equals(concept))
              throw new IllegalArgumentException(
                  name
                      + ": '"
                      + w
                      + "' stems to '"
                      + stem
                      + "', listed under both "
                      + was.substring(1)
                      + " and "
                      + e.getKey());
          }
        }
      }
    }
    return new StoryLexicon(Map.copyOf(out));
  }

  /**
   * This lexicon plus the gazetteer's places (conf/regions.yaml): each one-word city or province
   * name, in whatever script, stands for its region ("Safi" and "آسفي" for marrakech-safi), so
   * places named in different scripts or at different granularity meet. The lexicon's own entries
   * win; a stem in two regions is left out (it says nothing about where).
   */
  @SuppressWarnings("unchecked")
  public StoryLexicon withPlaces(Path regionsFile) throws IOException {
    Map<String, Object> root =
        new ObjectMapper(new YAMLFactory()).readValue(Files.readString(regionsFile), Map.class);
    Map<String, String> places = new HashMap<>();
    Map<String, Boolean> ambiguous = new HashMap<>();
    Object regions = root == null ? null : root.get("regions");
    if (!(regions instanceof List<?> list)) return this;
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> r) || !(r.get("slug") instanceof String slug)) continue;
      if (!(r.get("terms") instanceof List<?> terms)) continue;
      for (Object t : terms) {
        var stems = HeadlineTerms.of(String.valueOf(t), NONE);
        if (stems.size() != 1) continue; // "Tanger Med", "طنجة تطوان الحسيمة": one-word names only
        String stem = stems.iterator().next();
        String was = places.putIfAbsent(stem, "#region:" + slug);
        if (was != null && !was.equals("#region:" + slug)) ambiguous.put(stem, true);
      }
    }
    Map<String, String> out = new HashMap<>(places);
    ambiguous.keySet().forEach(out::remove);
    out.putAll(conceptOfStem);
    return new StoryLexicon(Map.copyOf(out));
  }

  /** The concept a stem stands for, or the stem itself. */
  String termOf(String stem) {
    return conceptOfStem.getOrDefault(stem, stem);
  }

  /** Stems known, for the memory figure in docs. */
  public int size() {
    return conceptOfStem.size();
  }
}
