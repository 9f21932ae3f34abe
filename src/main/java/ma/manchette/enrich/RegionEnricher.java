package ma.manchette.enrich;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ma.manchette.ingest.Enricher;
import ma.manchette.model.Item;
import ma.manchette.text.Words;

/**
 * One of Morocco's 12 regions from the gazetteer (conf/regions.yaml), matched on whole folded words
 * in the title and summary. Ambiguous words ("Salé" is also "salty", "الشرق" also "the East") count
 * only right after a context word ("ville de", "à", "مدينة"...). The most-mentioned region wins;
 * ties go to the first mentioned.
 */
public final class RegionEnricher implements Enricher {
  private final Phrases<String> terms = new Phrases<>();
  private final List<List<String>> context = new ArrayList<>();

  /**
   * The rules of one file on its own (no built-in rules under it); a wrong shape names the file and
   * line.
   */
  public static RegionEnricher load(Path file) throws IOException {
    return new RegionEnricher(
        RuleFile.parse(file.toString(), java.nio.file.Files.readString(file), RuleFile.Kind.REGIONS)
            .values);
  }

  RegionEnricher(Map<String, Object> conf) {
    for (Object o : YamlConf.list(conf.get("regions"))) {
      Map<String, Object> r = YamlConf.map(o);
      String slug = (String) r.get("slug");
      if (slug == null) continue;
      for (String n : YamlConf.allStrings(r.get("names"))) terms.add(n, slug, false);
      for (String t : YamlConf.strings(r.get("terms"))) terms.add(t, slug, false);
      for (String t : YamlConf.strings(r.get("ambiguous"))) terms.add(t, slug, true);
    }
    for (String c : YamlConf.strings(conf.get("context"))) {
      List<String> t = Words.of(c);
      if (!t.isEmpty()) context.add(t);
    }
  }

  @Override
  public Item enrich(Item item) {
    if (item.region() != null) return item;
    String text = item.summary() == null ? item.title() : item.title() + " \n " + item.summary();
    String region = regionOf(text);
    return region == null ? item : item.withRegion(region);
  }

  String regionOf(String text) {
    if (text == null) return null;
    List<String> tokens = Words.of(text);
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Integer> firstAt = new HashMap<>();
    for (var h : terms.find(tokens)) {
      if (h.guarded() && !afterContext(tokens, h.start())) continue;
      counts.merge(h.value(), 1, Integer::sum);
      firstAt.putIfAbsent(h.value(), h.start());
    }
    String best = null;
    for (var e : counts.entrySet()) {
      if (best == null
          || e.getValue() > counts.get(best)
          || (e.getValue().equals(counts.get(best))
              && firstAt.get(e.getKey()) < firstAt.get(best))) {
        best = e.getKey();
      }
    }
    return best;
  }

  /** Whether the words just before {@code at} are one of the context phrases. */
  private boolean afterContext(List<String> tokens, int at) {
    for (List<String> c : context) {
      int from = at - c.size();
      if (from < 0) continue;
      if (tokens.subList(from, at).equals(c)) return true;
    }
    return false;
  }
}
