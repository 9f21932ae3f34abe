package ma.manchette.ingest;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ma.manchette.parse.ParsedEntry;
import ma.manchette.text.SafeUrl;

/**
 * A link's #fragment is dropped from links and keys, except where it is what tells two entries of
 * one feed apart (comment permalinks: post#comment-1, post#comment-2), which must not merge.
 */
final class EntryFragments {
  private EntryFragments() {}

  /** The canonical addresses that appear in {@code entries} with two or more fragments. */
  static Set<String> telling(String sourceUrl, List<ParsedEntry> entries) {
    Map<String, String> firstFragment = new HashMap<>();
    Set<String> telling = new HashSet<>();
    for (ParsedEntry e : entries) {
      note(SafeUrl.resolve(sourceUrl, e.link()), firstFragment, telling);
      if (e.guid() != null && e.guid().startsWith("http"))
        note(e.guid().strip(), firstFragment, telling);
    }
    return telling;
  }

  private static void note(String url, Map<String, String> firstFragment, Set<String> telling) {
    if (url == null) return;
    int hash = url.indexOf('#');
    String fragment = hash < 0 ? "" : url.substring(hash);
    String base = SafeUrl.canonical(url);
    String seen = firstFragment.putIfAbsent(base, fragment);
    if (seen != null && !seen.equals(fragment)) telling.add(base);
  }

  /** The canonical form, with the original's fragment put back when it tells entries apart. */
  static String keep(String original, String canonical, Set<String> telling) {
    if (canonical == null || !telling.contains(canonical)) return canonical;
    int hash = original.indexOf('#');
    return hash < 0 ? canonical : canonical + original.substring(hash);
  }
}
