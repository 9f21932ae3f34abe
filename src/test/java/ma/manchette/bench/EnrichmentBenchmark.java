package ma.manchette.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import ma.manchette.enrich.Enrichers;
import ma.manchette.ingest.Enricher;
import ma.manchette.model.Item;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Cost of the whole enrichment chain (language, section, region) for one headline, in µs, over a
 * mix of French, Arabic, English and Spanish headlines. Uses conf/ when its rules files exist, else
 * the test copies. Run: mvn -B -q test-compile, then java -cp
 * target/test-classes:target/classes:$(deps) ma.manchette.bench.EnrichmentBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnrichmentBenchmark {
  private List<Enricher> chain;
  private Item[] items;
  private int next;

  @Setup
  public void setUp() {
    Path conf =
        Files.exists(Path.of("conf/sections.yaml"))
            ? Path.of("conf")
            : Path.of("src/test/resources/fixtures/conf");
    chain = Enrichers.load(conf);
    items =
        new Item[] {
          item(
              "fr",
              "Le chef du gouvernement reçoit les partis de la majorité à Rabat",
              "Réunion consacrée au projet de loi de finances et aux élections de 2026."),
          item(
              "fr",
              "الوداد يفوز على الرجاء في ديربي الدار البيضاء",
              "فاز فريق الوداد على غريمه التقليدي الرجاء في مباراة مثيرة"),
          item(
              "fr",
              "Bank Al-Maghrib keeps its key rate unchanged as inflation slows in Morocco",
              null),
          item(
              "fr",
              "El puerto de Tánger Med bate su récord de contenedores este año",
              "La plataforma portuaria supera sus cifras."),
          item("fr", "Un caramel salé qui fait fureur", null),
          item("fr", "Vidéo", null)
        };
  }

  private static Item item(String lang, String title, String summary) {
    return new Item(
        1,
        "bench",
        "Bench",
        "k",
        title,
        "https://example.ma/article/123-titre",
        summary,
        null,
        null,
        null,
        lang,
        null,
        List.of("Actualités"),
        null,
        Instant.EPOCH,
        null);
  }

  @Benchmark
  public Item enrichOneItem() {
    Item i = items[next++ % items.length];
    for (Enricher e : chain) i = e.enrich(i);
    return i;
  }

  /**
   * Story grouping of one live headline against a full window: headlines arrive one a minute, so
   * the 48 h window holds 2,880 of them, cycling through the labelled set's titles from 7 outlets.
   */
  @State(Scope.Benchmark)
  public static class Window {
    ma.manchette.story.StoryGrouper grouper;
    List<String> titles;
    long n;

    /** "none": words only; "conf": with conf/story-lexicon.yaml (cross-language concepts). */
    @org.openjdk.jmh.annotations.Param({"none", "conf"})
    public String lexicon;

    @Setup
    public void fill() throws Exception {
      titles =
          Files.readAllLines(Path.of("src/test/resources/fixtures/stories/headlines.tsv")).stream()
              .filter(l -> !l.startsWith("#") && !l.isBlank())
              .map(l -> l.split("\t")[4])
              .toList();
      grouper =
          new ma.manchette.story.StoryGrouper(
              java.time.Duration.ofHours(48),
              ma.manchette.story.StoryGrouping.THRESHOLD,
              lexicon.equals("conf")
                  ? ma.manchette.story.StoryLexicon.load(Path.of("conf/story-lexicon.yaml"))
                      .withPlaces(Path.of("conf/regions.yaml"))
                  : ma.manchette.story.StoryLexicon.NONE);
      for (int i = 0; i < 2_880; i++) next();
    }

    Object next() {
      n++;
      return grouper.add(
          n,
          "outlet-" + (n % 7),
          Instant.EPOCH.plusSeconds(60 * n),
          titles.get((int) (n % titles.size())),
          null);
    }
  }

  @Benchmark
  public Object groupOneHeadline(Window w) {
    return w.next();
  }

  public static void main(String[] args) throws Exception {
    new Runner(new OptionsBuilder().include(EnrichmentBenchmark.class.getSimpleName()).build())
        .run();
  }
}
