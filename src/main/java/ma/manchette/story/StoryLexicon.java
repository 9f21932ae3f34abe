package ma.manchette.story;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ma.manchette.text.Words;

/**
 * Words that say the same thing across languages (conf/story-lexicon.yaml): each listed word's
 * {@link HeadlineTerms} stem stands for a language-neutral concept, so that "inondations", "floods"
 * and "فيضانات" are one term to the grouper. A stem listed under two concepts is an error naming
 * both: it would silently link unrelated headlines.
 */
public final class StoryLexicon {
  /** No concepts: headlines meet on their own words only. */
  public static final StoryLexicon NONE = new StoryLexicon(Map.of(), Map.of());

  private static final List<String> SECTIONS = List.of("events", "places", "names", "numbers");

  /** A skeleton that stands for two concepts says nothing; this marks it while building. */
  private static final String AMBIGUOUS = "";

  private final Map<String, String> conceptOfStem;

  /** Places' and names' {@link Skeleton}s: other spellings and scripts of them. */
  private final Map<String, String> conceptOfSkeleton;

  private StoryLexicon(Map<String, String> conceptOfStem, Map<String, String> conceptOfSkeleton) {
    this.conceptOfStem = conceptOfStem;
    this.conceptOfSkeleton = conceptOfSkeleton;
  }

  /** Notes the skeleton of each word of {@code name} under {@code concept}. */
  private static void addSkeletons(Map<String, String> out, String name, String concept) {
    for (String w : Words.of(name)) {
      String sk = Skeleton.of(w);
      if (sk.length() < HeadlineTerms.MIN_SKELETON) continue;
      String was = out.putIfAbsent(sk, concept);
      if (was != null && !was.equals(concept)) out.put(sk, AMBIGUOUS);
    }
  }

  private static Map<String, String> withoutAmbiguous(Map<String, String> skeletons) {
    Map<String, String> out = new HashMap<>(skeletons);
    out.values().removeIf(AMBIGUOUS::equals);
    return Map.copyOf(out);
  }

  public static StoryLexicon load(Path file) throws IOException {
    return parse(file.toString(), Files.readString(file));
  }

  /** Parses {@code yaml}; {@code name} is what errors call it. */
  @SuppressWarnings("unchecked")
  static StoryLexicon parse(String name, String yaml) throws IOException {
    Map<String, Object> root = new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
    Map<String, String> out = new HashMap<>();
    Map<String, String> skeletons = new HashMap<>();
    List<String> clashes = new ArrayList<>();
    if (root == null) return new StoryLexicon(out, skeletons);
    for (var section : root.entrySet()) {
      if (!SECTIONS.contains(section.getKey()) || !(section.getValue() instanceof Map<?, ?> m))
        throw new IllegalArgumentException(
            name + ": unknown section '" + section.getKey() + "' (expected " + SECTIONS + ")");
      for (var e : ((Map<String, Object>) m).entrySet()) {
        if (!(e.getValue() instanceof List<?> words))
          throw new IllegalArgumentException(name + ": " + e.getKey() + " is not a list of words");
        // never a headline word: Words drops '#'; a number word stands for its figure
        boolean number = section.getKey().equals("numbers");
        String concept = number ? e.getKey() : "#" + e.getKey();
        boolean named = !number && !section.getKey().equals("events");
        for (Object w : words) {
          if (named) addSkeletons(skeletons, String.valueOf(w), concept);
          for (String stem : HeadlineTerms.of(String.valueOf(w), NONE)) {
            String was = out.putIfAbsent(stem, concept);
            if (was != null && !was.equals(concept))
              clashes.add(
                  "'"
                      + w
                      + "' stems to '"
                      + stem
                      + "', listed under both "
                      + name(was)
                      + " and "
                      + e.getKey());
          }
        }
      }
    }
    // all of them at once: a long list is fixed in one go
    if (!clashes.isEmpty())
      throw new IllegalArgumentException(name + ": " + String.join("; ", clashes));
    return new StoryLexicon(Map.copyOf(out), withoutAmbiguous(skeletons));
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
    Map<String, String> skeletons = new HashMap<>();
    Object regions = root == null ? null : root.get("regions");
    if (!(regions instanceof List<?> list)) return this;
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> r) || !(r.get("slug") instanceof String slug)) continue;
      if (!(r.get("terms") instanceof List<?> terms)) continue;
      for (Object t : terms) {
        var stems = HeadlineTerms.of(String.valueOf(t), NONE);
        if (stems.size() != 1) continue; // "Tanger Med", "طنجة تطوان الحسيمة": one-word names only
        String stem = stems.iterator().next();
        addSkeletons(
            skeletons, String.valueOf(t), conceptOfStem.getOrDefault(stem, "#region:" + slug));
        String was = places.putIfAbsent(stem, "#region:" + slug);
        if (was != null && !was.equals("#region:" + slug)) ambiguous.put(stem, true);
      }
    }
    Map<String, String> out = new HashMap<>(places);
    ambiguous.keySet().forEach(out::remove);
    out.putAll(conceptOfStem);
    // the lexicon's own names and places first; the gazetteer's fill in
    Map<String, String> sk = new HashMap<>(skeletons);
    sk.putAll(conceptOfSkeleton);
    return new StoryLexicon(Map.copyOf(out), withoutAmbiguous(sk));
  }

  private static String name(String concept) {
    return concept.startsWith("#") ? concept.substring(1) : concept;
  }

  /** The concept a stem stands for, or the stem itself. */
  String termOf(String stem) {
    return conceptOfStem.getOrDefault(stem, stem);
  }

  /** Whether the lexicon lists this stem. */
  boolean knows(String stem) {
    return conceptOfStem.containsKey(stem);
  }

  /** The place or person whose name has this {@link Skeleton}, or null. */
  String conceptOfSkeleton(String skeleton) {
    return conceptOfSkeleton.get(skeleton);
  }

  /** Skeletons known, for the docs. */
  public int skeletons() {
    return conceptOfSkeleton.size();
  }

  /** Stems known, for the memory figure in docs. */
  public int size() {
    return conceptOfStem.size();
  }
}
