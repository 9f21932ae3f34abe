package ma.manchette.enrich;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ma.manchette.ingest.Enricher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The enrichment chain in the order it runs: language, then section, then region. */
public final class Enrichers {
  private static final Logger LOG = LoggerFactory.getLogger(Enrichers.class);

  private Enrichers() {}

  /**
   * Reads sections.yaml and regions.yaml from {@code confDir}; a missing or broken file switches only that step
   * off (with a log line), so the server still streams headlines. Blocking: call on a worker thread.
   */
  public static List<Enricher> load(Path confDir) {
    List<Enricher> chain = new ArrayList<>();
    chain.add(new LanguageEnricher());
    Path sections = confDir.resolve("sections.yaml");
    Path regions = confDir.resolve("regions.yaml");
    try {
      if (Files.exists(sections)) chain.add(SectionEnricher.load(sections));
      else LOG.warn("no {}: sections come only from the outlets file", sections);
    } catch (Exception e) {
      LOG.error("{} unreadable, sections come only from the outlets file: {}", sections, e.getMessage());
    }
    try {
      if (Files.exists(regions)) chain.add(RegionEnricher.load(regions));
      else LOG.warn("no {}: regions come only from the outlets file", regions);
    } catch (Exception e) {
      LOG.error("{} unreadable, regions come only from the outlets file: {}", regions, e.getMessage());
    }
    return List.copyOf(chain);
  }

  /**
   * Outlets whose article text is fetched right after detection rather than on first view: conf/fulltext.yaml,
   * {@code eager: [outlet-id, ...]}. Absent or unreadable: none (with a log line when unreadable).
   */
  public static java.util.Set<String> eagerFullText(Path confDir) {
    Path file = confDir.resolve("fulltext.yaml");
    if (!Files.exists(file)) return java.util.Set.of();
    try {
      return java.util.Set.copyOf(YamlConf.strings(YamlConf.read(file).get("eager")));
    } catch (Exception e) {
      LOG.error("{} unreadable, article text only on first view: {}", file, e.getMessage());
      return java.util.Set.of();
    }
  }
}
