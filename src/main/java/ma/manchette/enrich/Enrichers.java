package ma.manchette.enrich;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ma.manchette.ingest.Enricher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The enrichment chain in the order it runs: language, then section, then region. */
public final class Enrichers {
  private static final Logger LOG = LoggerFactory.getLogger(Enrichers.class);

  private Enrichers() {}

  /** Where a rule set came from and how big it is: the start-up log line and /health/ready. */
  public record RuleSet(String file, boolean extendsBuiltin, int entries, int terms) {
    /** "built-in", the file's path, or the path followed by "(extends built-in)". */
    public String source() {
      return file == null ? "built-in" : extendsBuiltin ? file + " (extends built-in)" : file;
    }

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", file == null ? "built-in" : extendsBuiltin ? "file+built-in" : "file");
      m.put("file", file);
      m.put("count", entries);
      m.put("terms", terms);
      return m;
    }
  }

  /** The chain and the rules in force. */
  public record Loaded(List<Enricher> chain, RuleSet regions, RuleSet sections) {
    public String summary() {
      return "enrichment: "
          + regions.entries()
          + " regions ("
          + regions.terms()
          + " names) from "
          + regions.source()
          + ", "
          + sections.entries()
          + " sections ("
          + sections.terms()
          + " terms) from "
          + sections.source();
    }

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("regions", regions.toMap());
      m.put("sections", sections.toMap());
      return m;
    }
  }

  /**
   * Region and section rules: the file named by MANCHETTE_REGIONS / MANCHETTE_SECTIONS ({@code
   * regionsFile}, {@code sectionsFile}, may be null), else regions.yaml / sections.yaml in {@code
   * confDir}, else the rules built into the jar. A file with {@code extends: builtin} is laid over
   * the built-in rules (see {@link RuleFile#over}); one without replaces them. A broken file throws
   * {@link IllegalArgumentException} naming file and line. Blocking: call on a worker thread.
   */
  public static Loaded load(Path confDir, Path regionsFile, Path sectionsFile) {
    Resolved regions = resolve(RuleFile.Kind.REGIONS, confDir, regionsFile);
    Resolved sections = resolve(RuleFile.Kind.SECTIONS, confDir, sectionsFile);
    List<Enricher> chain = new ArrayList<>();
    chain.add(new LanguageEnricher());
    chain.add(new SectionEnricher(sections.values));
    chain.add(new RegionEnricher(regions.values));
    Loaded loaded =
        new Loaded(
            List.copyOf(chain),
            regions.info(regionTerms(regions.values)),
            sections.info(sectionTerms(sections.values)));
    LOG.info("{}", loaded.summary());
    return loaded;
  }

  /** The chain with the rules in {@code confDir}, else built in (benchmarks, tests). */
  public static List<Enricher> load(Path confDir) {
    return load(confDir, null, null).chain();
  }

  private record Resolved(
      String file, boolean extendsBuiltin, Map<String, Object> values, String listKey) {
    RuleSet info(int terms) {
      int entries = 0;
      for (Object o : YamlConf.list(values.get(listKey)))
        if (YamlConf.map(o).get("slug") != null) entries++;
      return new RuleSet(file, extendsBuiltin, entries, terms);
    }
  }

  private static Resolved resolve(RuleFile.Kind kind, Path confDir, Path named) {
    String fileName = RuleFile.listKey(kind) + ".yaml";
    Path file = named != null ? named : confDir == null ? null : confDir.resolve(fileName);
    RuleFile builtin = RuleFile.parse("built-in " + fileName, builtin(fileName), kind);
    if (file == null || (named == null && !Files.isRegularFile(file))) {
      return new Resolved(null, false, builtin.values, RuleFile.listKey(kind));
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage(), e);
    }
    RuleFile own = RuleFile.parse(file.toString(), text, kind);
    Map<String, Object> values = own.extendsBuiltin ? own.over(builtin.values, kind) : own.values;
    return new Resolved(file.toString(), own.extendsBuiltin, values, RuleFile.listKey(kind));
  }

  private static String builtin(String fileName) {
    try (InputStream in = Enrichers.class.getResourceAsStream("builtin/" + fileName)) {
      if (in == null)
        throw new IllegalStateException(
            "built-in " + fileName + " missing from the classpath (build with Maven)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int regionTerms(Map<String, Object> conf) {
    int n = 0;
    for (Object o : YamlConf.list(conf.get("regions"))) {
      Map<String, Object> r = YamlConf.map(o);
      n +=
          YamlConf.allStrings(r.get("names")).size()
              + YamlConf.strings(r.get("terms")).size()
              + YamlConf.strings(r.get("ambiguous")).size();
    }
    return n;
  }

  private static int sectionTerms(Map<String, Object> conf) {
    int n = 0;
    for (Object o : YamlConf.list(conf.get("sections"))) {
      Map<String, Object> s = YamlConf.map(o);
      n +=
          YamlConf.strings(s.get("categories")).size()
              + YamlConf.strings(s.get("paths")).size()
              + YamlConf.allStrings(s.get("keywords")).size();
    }
    for (Object rules : YamlConf.map(conf.get("outlets")).values())
      n += YamlConf.map(YamlConf.map(rules).get("paths")).size();
    return n;
  }

  /**
   * Outlets whose article text is fetched right after detection rather than on first view:
   * conf/fulltext.yaml, {@code eager: [outlet-id, ...]}. Absent or unreadable: none (with a log
   * line when unreadable).
   */
  public static java.util.Set<String> eagerFullText(Path confDir) {
    Path file = confDir.resolve("fulltext.yaml");
    if (!Files.exists(file)) return java.util.Set.of();
    try {
      ma.manchette.config.KnownKeys.check(
          file.toString(), Files.readString(file), ma.manchette.config.KnownKeys.FULLTEXT_FILE);
      return java.util.Set.copyOf(YamlConf.strings(YamlConf.read(file).get("eager")));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }
}
