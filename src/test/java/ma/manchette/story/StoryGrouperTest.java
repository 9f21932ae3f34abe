package ma.manchette.story;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ma.manchette.support.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Story grouping on the labelled sets under fixtures/stories: pairwise precision and recall on the
 * tuning sets (headlines*.tsv) and on the held-out ones (heldout*.tsv).
 */
class StoryGrouperTest {
  /** Threshold used by the server (StoryGrouping.THRESHOLD); the sweep below shows why. */
  static final double THRESHOLD = StoryGrouping.THRESHOLD;

  record Labelled(int line, String event, String outlet, String lang, int minutes, String title) {}

  /**
   * Pairwise counts: true pairs found ({@code tp}), wrongly merged ({@code fp}), missed ({@code
   * fn}), same- and cross-language true pairs and those found; byLanguagePair maps "ar-fr" (sorted)
   * to {true pairs, found, wrongly merged}. Counts, so that several sets add up.
   */
  record Score(
      long tp,
      long fp,
      long fn,
      long samePairs,
      long sameFound,
      long crossPairs,
      long crossFound,
      Map<String, long[]> byLanguagePair) {
    double precision() {
      return tp + fp == 0 ? 1 : (double) tp / (tp + fp);
    }

    double recall() {
      return tp + fn == 0 ? 1 : (double) tp / (tp + fn);
    }

    double sameLanguageRecall() {
      return samePairs == 0 ? 1 : (double) sameFound / samePairs;
    }

    double crossLanguageRecall() {
      return crossPairs == 0 ? 1 : (double) crossFound / crossPairs;
    }

    Score plus(Score o) {
      Map<String, long[]> pairs = new TreeMap<>();
      for (var m : List.of(byLanguagePair, o.byLanguagePair))
        m.forEach(
            (k, c) -> {
              long[] sum = pairs.computeIfAbsent(k, x -> new long[3]);
              for (int i = 0; i < 3; i++) sum[i] += c[i];
            });
      return new Score(
          tp + o.tp,
          fp + o.fp,
          fn + o.fn,
          samePairs + o.samePairs,
          sameFound + o.sameFound,
          crossPairs + o.crossPairs,
          crossFound + o.crossFound,
          pairs);
    }
  }

  /**
   * The lexicon the server loads (conf/story-lexicon.yaml, plus the places of conf/regions.yaml).
   */
  static StoryLexicon lexicon() {
    try {
      return StoryLexicon.load(Path.of("conf/story-lexicon.yaml"))
          .withPlaces(Path.of("conf/regions.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Labelled> headlines() {
    return headlines("stories/headlines.tsv");
  }

  /** The tuning sets: the lexicon and the threshold are chosen on these. */
  static final List<String> TUNING =
      List.of("stories/headlines.tsv", "stories/headlines-2.tsv", "stories/headlines-3.tsv");

  /** Each set replayed on its own grouper (their clocks are unrelated), the counts summed. */
  static Score scoreAll(List<String> fixtures, double threshold, StoryLexicon lexicon) {
    Score sum = null;
    for (String f : fixtures) {
      Score s = score(headlines(f), threshold, lexicon);
      sum = sum == null ? s : sum.plus(s);
    }
    return sum;
  }

  static List<Labelled> headlines(String fixture) {
    List<Labelled> out = new ArrayList<>();
    String[] lines = new String(Fixtures.bytes(fixture), StandardCharsets.UTF_8).split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank() || lines[i].startsWith("#")) continue;
      String[] f = lines[i].split("\t");
      out.add(new Labelled(i, f[0], f[1], f[2], Integer.parseInt(f[3]), f[4]));
    }
    out.sort(
        Comparator.comparingInt(
            Labelled::minutes)); // stable: interleaves events as a live day would
    return out;
  }

  static Score score(double threshold) {
    return score(headlines(), threshold, StoryLexicon.NONE);
  }

  /**
   * Pairwise scores; byLanguagePair maps "ar-fr" (sorted) to {true pairs, found, wrongly merged}.
   */
  static Score score(List<Labelled> hs, double threshold, StoryLexicon lexicon) {
    StoryGrouper g = new StoryGrouper(Duration.ofHours(48), threshold, lexicon);
    Instant t0 = Instant.parse("2026-11-28T08:00:00Z");
    String[] predicted = new String[hs.size()];
    for (int i = 0; i < hs.size(); i++) {
      Labelled h = hs.get(i);
      StoryGrouper.Joined j =
          g.add(
              i + 1,
              h.outlet(),
              t0.plusSeconds(h.minutes() * 60L + i),
              h.title(),
              null); // ids from 1
      predicted[i] = j == null ? "alone-" + i : j.story();
      if (j != null && j.founder() != 0) predicted[(int) j.founder() - 1] = j.story();
    }
    long tp = 0, fp = 0, fn = 0, sameLangPairs = 0, sameLangFound = 0;
    long crossPairs = 0, crossFound = 0;
    Map<String, long[]> byPair = new TreeMap<>();
    for (int a = 0; a < hs.size(); a++) {
      for (int b = a + 1; b < hs.size(); b++) {
        boolean truth =
            !hs.get(a).event().equals("-") && hs.get(a).event().equals(hs.get(b).event());
        boolean pred = predicted[a].equals(predicted[b]);
        if (truth && pred) tp++;
        if (!truth && pred) fp++;
        if (truth && !pred) fn++;
        if (truth && hs.get(a).lang().equals(hs.get(b).lang())) {
          sameLangPairs++;
          if (pred) sameLangFound++;
        }
        if (truth && !hs.get(a).lang().equals(hs.get(b).lang())) {
          crossPairs++;
          if (pred) crossFound++;
        }
        String la = hs.get(a).lang(), lb = hs.get(b).lang();
        long[] c =
            byPair.computeIfAbsent(
                la.compareTo(lb) <= 0 ? la + "-" + lb : lb + "-" + la, k -> new long[3]);
        if (truth) c[0]++;
        if (truth && pred) c[1]++;
        if (!truth && pred) c[2]++;
      }
    }
    return new Score(tp, fp, fn, sameLangPairs, sameLangFound, crossPairs, crossFound, byPair);
  }

  @Test
  void groupingOnTheLabelledSetHoldsPrecisionAndRecall() {
    List<Labelled> hs = headlines();
    System.out.printf(
        "story grouping: %d headlines, %d events, %d singletons%n",
        hs.size(),
        hs.stream().map(Labelled::event).filter(e -> !e.equals("-")).distinct().count(),
        hs.stream().filter(h -> h.event().equals("-")).count());
    for (double t = 0.15; t <= 0.501; t += 0.05) {
      Score s = score(t);
      System.out.printf(
          "  threshold %.2f: precision %.3f recall %.3f (same-language recall %.3f)%n",
          t, s.precision(), s.recall(), s.sameLanguageRecall());
    }
    Score s = score(THRESHOLD);
    System.out.printf(
        "STORY GROUPING at %.2f: pairwise precision %.3f, recall %.3f, same-language recall %.3f%n",
        THRESHOLD, s.precision(), s.recall(), s.sameLanguageRecall());
    // Floors (README): a wrong merge misleads readers, a missed one only leaves two stories, so
    // precision is held
    // high; word-based grouping links few cross-language pairs, so overall recall is capped by the
    // set's mix of
    // languages and same-language recall is the figure that shows the method working. Each floor
    // sits below the
    // measured value with room for the 0.05 threshold steps of the sweep.
    assertThat(s.precision()).isGreaterThanOrEqualTo(0.95);
    assertThat(s.sameLanguageRecall()).isGreaterThanOrEqualTo(0.85);
    assertThat(s.recall()).isGreaterThanOrEqualTo(0.35);
  }

  static void print(String what, Score s) {
    System.out.printf(
        "%s: precision %.3f recall %.3f (same-language %.3f, cross-language %.3f)%n",
        what, s.precision(), s.recall(), s.sameLanguageRecall(), s.crossLanguageRecall());
  }

  static void printPairs(Score s) {
    s.byLanguagePair()
        .forEach(
            (pair, c) ->
                System.out.printf(
                    "  %s: %d true pairs, recall %.3f, %d wrongly merged%n",
                    pair, c[0], c[0] == 0 ? 1.0 : (double) c[1] / c[0], c[2]));
  }

  @Test
  void theLexiconLinksHeadlinesAcrossLanguagesOnTheTuningSets() {
    StoryLexicon lexicon = lexicon();
    for (double t = 0.16; t <= 0.321; t += 0.02)
      print(String.format("  lexicon, threshold %.2f", t), scoreAll(TUNING, t, lexicon));
    Score s = scoreAll(TUNING, StoryGrouping.THRESHOLD, lexicon);
    print(
        String.format("CROSS-LANGUAGE GROUPING (tuning sets) at %.2f", StoryGrouping.THRESHOLD), s);
    for (String f : TUNING) {
      Score one = score(headlines(f), StoryGrouping.THRESHOLD, lexicon);
      print("  " + f, one);
      // each set's near misses hold on their own: the sum could hide one set's wrong merges
      assertThat(one.precision()).as(f).isGreaterThanOrEqualTo(0.95);
    }
    printPairs(s);
    assertThat(s.precision()).isGreaterThanOrEqualTo(0.95);
    assertThat(s.recall()).isGreaterThanOrEqualTo(0.80);
    assertThat(s.crossLanguageRecall()).isGreaterThanOrEqualTo(0.70);
  }

  /**
   * Every fixtures/stories/heldout*.tsv: sets written by someone who saw neither the lexicon nor
   * the code, scored once the rules are fixed and never tuned on (a set that has been read for its
   * misses becomes tuning data under another name).
   */
  static List<String> heldOutSets() throws IOException {
    Path dir = Path.of("src/test/resources/fixtures/stories");
    try (var files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith("heldout") && n.endsWith(".tsv"))
          .sorted()
          .map(n -> "stories/" + n)
          .toList();
    }
  }

  @Test
  void theLexiconLinksHeadlinesAcrossLanguagesOnTheHeldOutSets() throws IOException {
    List<String> sets = heldOutSets();
    assertThat(sets).as("no held-out set (fixtures/stories/heldout*.tsv)").isNotEmpty();
    Score words = scoreAll(sets, StoryGrouping.THRESHOLD, StoryLexicon.NONE);
    Score s = scoreAll(sets, StoryGrouping.THRESHOLD, lexicon());
    System.out.println("HELD-OUT sets: " + sets);
    print("HELD-OUT without lexicon", words);
    print("HELD-OUT with lexicon", s);
    printPairs(s);
    // a wrong merge misleads readers: the precision floor is the product's, and it holds
    assertThat(s.precision()).isGreaterThanOrEqualTo(0.95);
    // recall: the product aims at 0.80 overall and 0.70 across languages (docs/enrichment.md);
    // heldout-3 scored 0.579 / 0.599 once, so these floors catch a regression, not the target
    assertThat(s.recall()).isGreaterThanOrEqualTo(0.50).isGreaterThan(2 * words.recall());
    assertThat(s.crossLanguageRecall()).isGreaterThanOrEqualTo(0.50);
  }

  /** The highest threshold (in 0.01 steps) at which the second headline joins the first. */
  static double joinsUpTo(Duration apart, StoryLexicon lexicon) {
    double highest = 0;
    for (int step = 1; step <= 100; step++) {
      StoryGrouper g = new StoryGrouper(Duration.ofHours(48), step / 100.0, lexicon);
      Instant t0 = Instant.parse("2026-11-28T08:00:00Z");
      g.add(1, "a", t0, "Incendie dans une usine de plastique à Aïn Sebaâ, trois blessés", null);
      if (g.add(
              2,
              "b",
              t0.plus(apart),
              "Three hurt as fire hits a plastics plant in Casablanca",
              null)
          != null) highest = step / 100.0;
    }
    return highest;
  }

  @Test
  void headlinesCloseInTimeJoinAtAHigherThresholdThanTheSameHeadlinesADayApart() {
    StoryLexicon lexicon = lexicon();
    double close = joinsUpTo(Duration.ofMinutes(20), lexicon);
    double far = joinsUpTo(Duration.ofHours(24), lexicon);
    assertThat(far).isPositive();
    assertThat(close).isGreaterThan(far);
    // the bonus is small: closeness alone never joins what shares too little
    assertThat(close).isLessThanOrEqualTo(far * (1 + StoryGrouper.TIME_BONUS) + 0.01);
  }

  @Test
  void unrelatedHeadlinesStayApartAndOldOnesLeaveTheWindow() {
    StoryGrouper g = new StoryGrouper(Duration.ofHours(48), THRESHOLD);
    Instant t0 = Instant.parse("2026-11-28T08:00:00Z");
    assertThat(g.add(1, "a", t0, "Séisme de magnitude 5,2 ressenti à Agadir et Taroudant", null))
        .isNull();
    assertThat(g.add(2, "b", t0.plusSeconds(60), "Le Raja change d'entraîneur", null)).isNull();
    // the same outlet's follow-up alone does not make a story
    assertThat(
            g.add(
                3,
                "a",
                t0.plusSeconds(300),
                "Séisme à Agadir : magnitude 5,2, les habitants dans la rue",
                null))
        .isNull();
    StoryGrouper.Joined j =
        g.add(
            4,
            "b",
            t0.plusSeconds(600),
            "Agadir : un séisme de magnitude 5,2 secoue Taroudant",
            null);
    assertThat(j).isEqualTo(new StoryGrouper.Joined("1", 1));
    StoryGrouper.Joined k =
        g.add(5, "c", t0.plusSeconds(900), "Séisme à Agadir : magnitude 5,2 selon l'ING", null);
    assertThat(k.story()).isEqualTo("1"); // the story already existed
    // three days later the same words start a new story
    assertThat(
            g.add(
                6,
                "b",
                t0.plus(Duration.ofDays(3)),
                "Séisme de magnitude 5,2 ressenti à Agadir et Taroudant",
                null))
        .isNull();
    assertThat(g.size()).isEqualTo(1);
  }
}
