package ma.manchette.enrich;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ma.manchette.ingest.Enricher;
import ma.manchette.model.Item;
import ma.manchette.text.TextFold;
import ma.manchette.text.Words;

/**
 * The canonical section of a headline (conf/sections.yaml). Order of trust: the outlet's configured
 * section, the outlet's own URL path rules, the feed's categories, the URL path, then keywords in
 * the title.
 */
public final class SectionEnricher implements Enricher {
  private static final String FRONT_PAGE = "a-la-une";
  private final List<String> order = new ArrayList<>();
  private final Map<String, String> categories = new HashMap<>(); // folded category -> slug
  private final Map<String, String> paths = new HashMap<>(); // "/sport" -> slug
  private final Map<String, Map<String, String>> outletPaths = new HashMap<>();
  private final Phrases<String> keywords = new Phrases<>();

  /**
   * The rules of one file on its own (no built-in rules under it); a wrong shape names the file and
   * line.
   */
  public static SectionEnricher load(Path file) throws IOException {
    return new SectionEnricher(
        RuleFile.parse(
                file.toString(), java.nio.file.Files.readString(file), RuleFile.Kind.SECTIONS)
            .values);
  }

  SectionEnricher(Map<String, Object> conf) {
    for (Object o : YamlConf.list(conf.get("sections"))) {
      Map<String, Object> s = YamlConf.map(o);
      String slug = (String) s.get("slug");
      if (slug == null) continue;
      order.add(slug);
      for (String c : YamlConf.strings(s.get("categories")))
        categories.putIfAbsent(foldKey(c), slug);
      for (String p : YamlConf.strings(s.get("paths"))) paths.putIfAbsent(pathKey(p), slug);
      for (String k : YamlConf.allStrings(s.get("keywords"))) keywords.add(k, slug, false);
    }
    YamlConf.map(conf.get("outlets"))
        .forEach(
            (outlet, rules) -> {
              Map<String, String> m = new LinkedHashMap<>();
              YamlConf.map(YamlConf.map(rules).get("paths"))
                  .forEach((p, slug) -> m.put(pathKey(p), String.valueOf(slug)));
              outletPaths.put(outlet, m);
            });
  }

  @Override
  public Item enrich(Item item) {
    if (item.section() != null) return item;
    String slug = fromOutletPaths(item);
    if (slug == null) slug = fromCategories(item);
    if (slug == null && item.linksToArticle())
      slug = fromPath(item.url()); // a homepage's path says nothing of the item
    if (slug == null) slug = fromKeywords(item.title());
    return slug == null ? item : item.withSection(slug);
  }

  private String fromOutletPaths(Item item) {
    Map<String, String> rules = outletPaths.get(item.outlet());
    if (rules == null || !item.linksToArticle()) return null;
    String path = urlPath(item.url());
    for (var r : rules.entrySet()) {
      if (path.equals(r.getKey()) || path.startsWith(r.getKey() + "/")) return r.getValue();
    }
    return null;
  }

  /**
   * The first category that maps, "a-la-une" only when no other does (a front-page item is also
   * about something).
   */
  private String fromCategories(Item item) {
    String front = null;
    for (String c : item.categories()) {
      String slug = categories.get(foldKey(c));
      if (FRONT_PAGE.equals(slug)) front = slug;
      else if (slug != null) return slug;
    }
    return front;
  }

  /** Any segment of the path that names a section: /fr/politique/123-titre -> politique. */
  private String fromPath(String url) {
    if (url == null) return null;
    for (String seg : urlPath(url).split("/")) {
      if (seg.isEmpty()) continue;
      String slug = paths.get("/" + seg);
      if (slug != null) return slug;
    }
    return null;
  }

  /**
   * The section with the most keyword hits in the title; ties go to the one listed first in the
   * file.
   */
  private String fromKeywords(String title) {
    if (title == null || keywords.isEmpty()) return null;
    Map<String, Integer> counts = new HashMap<>();
    for (var h : keywords.find(Words.of(title))) counts.merge(h.value(), 1, Integer::sum);
    String best = null;
    for (String slug : order) {
      int n = counts.getOrDefault(slug, 0);
      if (n > 0 && (best == null || n > counts.get(best))) best = slug;
    }
    return best;
  }

  private static String urlPath(String url) {
    try {
      String p = URI.create(url).getRawPath();
      return p == null
          ? ""
          : TextFold.fold(java.net.URLDecoder.decode(p, java.nio.charset.StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static String pathKey(String p) {
    String f = TextFold.fold(p.trim());
    if (!f.startsWith("/")) f = "/" + f;
    while (f.length() > 1 && f.endsWith("/")) f = f.substring(0, f.length() - 1);
    return f;
  }

  private static String foldKey(String s) {
    return String.join(" ", Words.of(s));
  }
}
