package ma.manchette.bench;

import java.nio.file.Path;
import ma.manchette.story.StoryLexicon;

/**
 * Heap the story lexicon holds (conf/story-lexicon.yaml plus the gazetteer's places): used heap
 * after full collections with and without it loaded, the median of a few rounds. Not a test: run
 * java -cp target/test-classes:target/classes:$(deps) ma.manchette.bench.LexiconHeap
 */
public final class LexiconHeap {
  private LexiconHeap() {}

  public static void main(String[] args) throws Exception {
    Path conf = Path.of(args.length > 0 ? args[0] : "conf");
    StoryLexicon.load(conf.resolve("story-lexicon.yaml")); // load the classes first, then measure
    long[] deltas = new long[5];
    for (int r = 0; r < deltas.length; r++) {
      long before = used();
      StoryLexicon l =
          StoryLexicon.load(conf.resolve("story-lexicon.yaml"))
              .withPlaces(conf.resolve("regions.yaml"));
      long after = used();
      deltas[r] = after - before;
      if (l.size() == 0) System.out.println("empty"); // keeps l reachable until after
      System.out.printf("round %d: %d stems, %d KB%n", r, l.size(), deltas[r] / 1024);
    }
    java.util.Arrays.sort(deltas);
    System.out.printf("lexicon heap: median %d KB%n", deltas[deltas.length / 2] / 1024);
  }

  private static long used() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }
}
