package ma.manchette.story;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups headlines about the same event into stories, in arrival order, within a sliding window (48 h).
 * Similarity is a Jaccard index over {@link HeadlineTerms}, each term weighted by its rarity in the window
 * (idf), so that shared names and figures ("Agadir", "5,2") count and everyday words do not. Candidates come
 * from an inverted index (the latest {@value #MAX_CANDIDATES_PER_TERM} per term), so the comparison is exact and
 * costs only recent items that share a term; at a few thousand headlines per window no MinHash approximation is needed. A new headline joins the story of its
 * most similar predecessor at or above the threshold. Not thread-safe: one ingest context owns it.
 */
public final class StoryGrouper {
  /** A headline joined a story; {@code founder} is set when its predecessor had none until now. */
  public record Joined(String story, long founder) {}

  /** Posting-list entries looked at per term, newest first: a term every headline shares cannot make the cost grow with the window. */
  static final int MAX_CANDIDATES_PER_TERM = 500;

  /** Compared by identity: a record's hash would walk its terms on every candidate lookup. */
  private static final class Entry {
    final long id;
    final String outlet;
    final Instant at;
    final Set<String> terms;
    String story;

    Entry(long id, String outlet, Instant at, Set<String> terms, String story) {
      this.id = id;
      this.outlet = outlet;
      this.at = at;
      this.terms = terms;
      this.story = story;
    }
  }

  private final Duration window;
  private final double threshold;
  private final ArrayDeque<Entry> recent = new ArrayDeque<>();
  private final Map<String, List<Entry>> index = new HashMap<>();

  public StoryGrouper(Duration window, double threshold) {
    this.window = window;
    this.threshold = threshold;
  }

  /**
   * Adds a headline; returns the story it joins, or null when it stands alone (for now). Stories are across
   * outlets: a headline joins through another outlet's headline (an outlet's own follow-ups join once another
   * outlet is in the story), so one outlet's series of similar titles is not a story by itself.
   */
  public Joined add(long id, String outlet, Instant at, String title, String summary) {
    evictBefore(at.minus(window));
    Set<String> terms = HeadlineTerms.of(summary == null ? title : title + " " + summary);
    Entry me = new Entry(id, outlet, at, terms, null);
    Entry best = null;
    double bestScore = 0;
    Set<Entry> seen = new HashSet<>();
    Map<String, Double> weights = new HashMap<>(); // each term's idf computed once per headline
    for (String t : terms) {
      List<Entry> postings = index.getOrDefault(t, List.of());
      for (int i = postings.size() - 1; i >= Math.max(0, postings.size() - MAX_CANDIDATES_PER_TERM); i--) {
        Entry other = postings.get(i);
        if (other.outlet.equals(outlet) || !seen.add(other)) continue;
        double s = similarity(terms, other.terms, weights);
        if (s > bestScore) {
          bestScore = s;
          best = other;
        }
      }
    }
    recent.addLast(me);
    for (String t : terms) index.computeIfAbsent(t, k -> new ArrayList<>()).add(me);
    if (best == null || bestScore < threshold) return null;
    long founder = 0;
    if (best.story == null) {
      best.story = Long.toString(best.id); // the story is named after its first headline
      founder = best.id;
    }
    me.story = best.story;
    return new Joined(me.story, founder);
  }

  /** Remembers a headline already in a story (warm-up after a restart) without grouping it again. */
  public void seed(long id, String outlet, Instant at, String title, String summary, String story) {
    evictBefore(at.minus(window));
    Entry e = new Entry(id, outlet, at, HeadlineTerms.of(summary == null ? title : title + " " + summary), story);
    recent.addLast(e);
    for (String t : e.terms) index.computeIfAbsent(t, k -> new ArrayList<>()).add(e);
  }

  public int size() {
    return recent.size();
  }

  private double similarity(Set<String> a, Set<String> b, Map<String, Double> weights) {
    double shared = 0;
    double union = 0;
    for (String t : a) {
      double w = weights.computeIfAbsent(t, this::weight);
      union += w;
      if (b.contains(t)) shared += w;
    }
    for (String t : b) if (!a.contains(t)) union += weights.computeIfAbsent(t, this::weight);
    return union == 0 ? 0 : shared / union;
  }

  /** Rarer terms weigh more: log((N + 1) / (df + 1)) + 1 over the window (the new headline not yet counted). */
  private double weight(String term) {
    List<Entry> with = index.get(term);
    int df = with == null ? 0 : with.size();
    return Math.log((recent.size() + 1.0) / (df + 1.0)) + 1.0;
  }

  private void evictBefore(Instant floor) {
    while (!recent.isEmpty() && recent.peekFirst().at.isBefore(floor)) {
      Entry old = recent.removeFirst();
      for (String t : old.terms) {
        List<Entry> l = index.get(t);
        if (l == null) continue;
        l.remove(old); // the oldest entry sits first: cheap
        if (l.isEmpty()) index.remove(t);
      }
    }
  }
}
