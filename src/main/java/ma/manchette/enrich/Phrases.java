package ma.manchette.enrich;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ma.manchette.text.Words;

/**
 * Multi-word phrases matched on whole folded tokens (so "Fès" matches "fes" but "Tata" never
 * matches inside "tatami"); Arabic clitics glued to the first word (و ب ف ك ل, "لل" for "ال") are
 * looked through.
 */
final class Phrases<V> {
  record Hit<V>(V value, int start, int length, boolean guarded) {}

  private record Entry<V>(List<String> tokens, V value, boolean guarded) {}

  private final Map<String, List<Entry<V>>> byFirst = new HashMap<>();

  /**
   * A phrase; a guarded one counts only when the caller accepts its context (see {@link #find}).
   */
  void add(String phrase, V value, boolean guarded) {
    List<String> t = Words.of(phrase);
    if (t.isEmpty()) return;
    byFirst.computeIfAbsent(t.get(0), k -> new ArrayList<>()).add(new Entry<>(t, value, guarded));
  }

  boolean isEmpty() {
    return byFirst.isEmpty();
  }

  /** Every phrase occurrence, longest phrase first at each position. */
  List<Hit<V>> find(List<String> text) {
    List<Hit<V>> hits = new ArrayList<>();
    for (int i = 0; i < text.size(); i++) {
      Hit<V> best = null;
      List<String> forms = variants(text.get(i));
      for (int f = 0; f < forms.size(); f++) {
        for (Entry<V> e : byFirst.getOrDefault(forms.get(f), List.of())) {
          if (f > 0 && e.guarded)
            continue; // clitics are looked through for sure terms only (لوزان is not وزان)
          if (matchesRest(text, i, e.tokens) && (best == null || e.tokens.size() > best.length())) {
            best = new Hit<>(e.value, i, e.tokens.size(), e.guarded);
          }
        }
      }
      if (best != null) hits.add(best);
    }
    return hits;
  }

  private static boolean matchesRest(List<String> text, int at, List<String> phrase) {
    if (at + phrase.size() > text.size()) return false;
    for (int k = 1; k < phrase.size(); k++) {
      if (!text.get(at + k).equals(phrase.get(k))) return false;
    }
    return true;
  }

  /**
   * The token itself and, for Arabic words, the word without a leading و/ف then ب/ك/ل ("لل" read as
   * "ال").
   */
  static List<String> variants(String token) {
    if (token.length() < 4 || !Words.isArabic(token.charAt(0))) return List.of(token);
    List<String> v = new ArrayList<>(4);
    v.add(token);
    char c = token.charAt(0);
    if (c == 'و' || c == 'ف') v.add(token.substring(1));
    for (int i = 0, n = v.size(); i < n; i++) {
      String t = v.get(i);
      if (t.startsWith("لل") && t.length() > 3) v.add("ال" + t.substring(2));
      else if (t.length() > 3 && "بكل".indexOf(t.charAt(0)) >= 0) v.add(t.substring(1));
    }
    return v;
  }
}
