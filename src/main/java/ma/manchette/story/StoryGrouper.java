package ma.manchette.story;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Groups headlines about the same event into stories, in arrival order, within a sliding window (48
 * h). Similarity is a Jaccard index over {@link HeadlineTerms}, each term weighted by its rarity in
 * the window (idf), so that shared names and figures ("Agadir", "5,2") count and everyday words do
 * not. A new headline joins the story of its most similar predecessor at or above the threshold (a
 * pair hours apart getting a small bonus, {@link #TIME_BONUS}). A summary counts by its lede (its
 * first {@value #LEDE_CHARS} characters): the event is told there, and the rest (background, "read
 * also") only adds words shared with unrelated headlines. Not thread-safe: one thread owns it
 * (StoryGrouping's).
 *
 * <p>Candidates come from an inverted index, the headline's rarest terms first (newest postings
 * first, at most {@value #MAX_CANDIDATES_PER_TERM} per term and {@value #MAX_VISITS} in all): once
 * the terms left weigh less than the threshold, no headline reached only through them could
 * qualify. Visiting sums each candidate's shared weight; the {@value #SCORED} with the most are
 * then scored exactly. So the cost of a headline is bounded even when every headline shares
 * boilerplate words: about 50 µs on the ingest bench's corpus, where it was 4 ms before the bound.
 */
public final class StoryGrouper {
  /** A headline joined a story; {@code founder} is set when its predecessor had none until now. */
  public record Joined(String story, long founder) {}

  /**
   * Posting-list entries looked at per term, newest first: a term every headline shares cannot make
   * the cost grow with the window.
   */
  static final int MAX_CANDIDATES_PER_TERM = 500;

  /** Posting-list entries looked at per headline, over all its terms (rarest first). */
  static final int MAX_VISITS = 1_000;

  /**
   * Candidates scored exactly per headline: those sharing the most weight among the terms visited.
   */
  static final int SCORED = 32;

  /** Distinct shared terms a join needs (a place alone, a name alone is another event). */
  static final int MIN_SIGNALS = 2;

  /**
   * How much an unshared plain word (one the lexicon does not know: no concept, name skeleton or
   * figure) counts against a pair, with a lexicon. It can only ever match within its own language,
   * so counting it fully makes a paraphrase in another language, or a longer one, look unrelated.
   */
  static final double PLAIN_WEIGHT = 0.4;

  /**
   * At most this much is added to the similarity of two headlines that close in time (a fraction of
   * it): one event's headlines come within hours, while a similar other event (another fire in the
   * same city) is as likely a day apart.
   */
  static final double TIME_BONUS = 0.2;

  /**
   * The bonus falls linearly from {@link #TIME_BONUS} at the same instant to none this far apart.
   */
  static final Duration CLOSE = Duration.ofHours(6);

  /** The part of a summary that counts. */
  static final int LEDE_CHARS = 200;

  /**
   * A term of the window: its postings (oldest first) and, for the headline being added, its
   * weight.
   */
  private static final class Term {
    final String text;
    final ArrayDeque<Entry> postings = new ArrayDeque<>();
    long weighedFor = -1;
    double weight;
    long markedBy = -1; // the headline being added has this term

    final boolean plain;

    Term(String text) {
      this.text = text;
      char c = text.charAt(0);
      // an unlisted name's skeleton is plain too: most are everyday Arabic words, not names
      this.plain = c != '#' && !Character.isDigit(c);
    }
  }

  /**
   * Compared by identity; the scratch fields belong to the headline being added ({@code
   * visitedBy}).
   */
  private static final class Entry {
    final long id;
    final String outlet;
    final Instant at;
    final Term[] terms;
    String story;
    long visitedBy = -1;
    int slot; // in the candidate arrays, for the headline being added

    Entry(long id, String outlet, Instant at, Term[] terms, String story) {
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
  private final Map<String, Term> index = new HashMap<>();
  private long adding;
  private double myPlain; // stamps the scratch fields of terms and entries for one add
  private Entry[] candidates = new Entry[256];
  private double[] shared = new double[256]; // beside candidates: selection reads no entry objects
  private final Map<String, String> outlets =
      new HashMap<>(); // one instance per outlet: compared by identity

  private final StoryLexicon lexicon;
  private final double plainWeight;

  public StoryGrouper(Duration window, double threshold) {
    this(window, threshold, StoryLexicon.NONE);
  }

  /** Headlines meet across languages through {@code lexicon}'s concepts. */
  public StoryGrouper(Duration window, double threshold, StoryLexicon lexicon) {
    this.window = window;
    this.threshold = threshold;
    this.lexicon = lexicon;
    // without concepts nothing crosses languages: every word may meet its match
    this.plainWeight = lexicon.size() == 0 ? 1 : PLAIN_WEIGHT;
  }

  /**
   * Adds a headline; returns the story it joins, or null when it stands alone (for now). Stories
   * are across outlets: a headline joins through another outlet's headline (an outlet's own
   * follow-ups join once another outlet is in the story), so one outlet's series of similar titles
   * is not a story by itself.
   */
  public Joined add(long id, String outlet, Instant at, String title, String summary) {
    evictBefore(at.minus(window));
    long stamp = ++adding;
    outlet = outlets.computeIfAbsent(outlet, o -> o);
    Term[] mine = terms(HeadlineTerms.of(text(title, summary), lexicon));
    double total = 0;
    myPlain = 0;
    for (Term t : mine) {
      t.markedBy = stamp;
      total += weight(t, stamp);
      if (t.plain) myPlain += t.weight;
    }
    // rarest first: they carry the most weight and have the shortest postings
    Arrays.sort(mine, (a, b) -> Double.compare(b.weight, a.weight));
    int found = 0;
    int visits = 0;
    double left = total;
    for (Term t : mine) {
      if (left < threshold / (1 + TIME_BONUS) * plainWeight * total || visits >= MAX_VISITS)
        break; // nobody reached only through the rest can qualify
      left -= t.weight;
      int n = 0;
      for (Iterator<Entry> it = t.postings.descendingIterator();
          it.hasNext() && n < MAX_CANDIDATES_PER_TERM && visits < MAX_VISITS;
          n++) {
        Entry other = it.next();
        visits++;
        if (other.visitedBy != stamp) {
          other.visitedBy = stamp;
          other.slot = -1;
          if (other.outlet != outlet) {
            if (found == candidates.length) {
              candidates = Arrays.copyOf(candidates, found * 2);
              shared = Arrays.copyOf(shared, found * 2);
            }
            other.slot = found;
            shared[found] = 0;
            candidates[found++] = other;
          }
        }
        if (other.slot >= 0) shared[other.slot] += t.weight;
      }
    }
    Entry best = null;
    double bestScore = 0;
    int scored = Math.min(SCORED, found);
    mostShared(found, scored);
    for (int i = 0; i < scored; i++) {
      Entry other = candidates[i];
      double s = similarity(total, other, stamp) * (1 + TIME_BONUS * closeness(other.at, at));
      if (s > bestScore
          || (s == bestScore && best != null && other.id > best.id)) { // ties: the newest
        bestScore = s;
        best = other;
      }
    }
    Arrays.fill(candidates, 0, found, null);
    Entry me = new Entry(id, outlet, at, mine, null);
    recent.addLast(me);
    for (Term t : mine) t.postings.addLast(me);
    if (best == null || bestScore < threshold) return null;
    long founder = 0;
    if (best.story == null) {
      best.story = Long.toString(best.id); // the story is named after its first headline
      founder = best.id;
    }
    me.story = best.story;
    return new Joined(me.story, founder);
  }

  /**
   * Remembers a headline already in a story (warm-up after a restart) without grouping it again.
   */
  public void seed(long id, String outlet, Instant at, String title, String summary, String story) {
    evictBefore(at.minus(window));
    Entry e =
        new Entry(
            id,
            outlets.computeIfAbsent(outlet, o -> o),
            at,
            terms(HeadlineTerms.of(text(title, summary), lexicon)),
            story);
    recent.addLast(e);
    for (Term t : e.terms) t.postings.addLast(e);
  }

  public int size() {
    return recent.size();
  }

  private static String text(String title, String summary) {
    if (summary == null) return title;
    if (summary.length() <= LEDE_CHARS) return title + " " + summary;
    int cut = summary.lastIndexOf(' ', LEDE_CHARS);
    return title + " " + summary.substring(0, cut > 0 ? cut : LEDE_CHARS);
  }

  private Term[] terms(Set<String> words) {
    Term[] out = new Term[words.size()];
    int i = 0;
    for (String w : words) out[i++] = index.computeIfAbsent(w, Term::new);
    return out;
  }

  /**
   * Moves the {@code k} candidates sharing the most weight to the front, in any order (quickselect:
   * linear on average).
   */
  private void mostShared(int found, int k) {
    int lo = 0;
    int hi = found - 1;
    while (k > 0 && k < found && lo < hi) {
      double pivot = shared[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (shared[i] > pivot) i++;
        while (shared[j] < pivot) j--;
        if (i <= j) swap(i++, j--);
      }
      // now [lo, j] share at least the pivot, [i, hi] at most
      if (k - 1 <= j) hi = j;
      else if (k - 1 >= i) lo = i;
      else return;
    }
  }

  private void swap(int i, int j) {
    Entry e = candidates[i];
    candidates[i] = candidates[j];
    candidates[j] = e;
    double d = shared[i];
    shared[i] = shared[j];
    shared[j] = d;
  }

  /**
   * Weighted Jaccard of the headline being added (its terms marked, weighing {@code mine}) and
   * another, an unshared plain word counting {@value #PLAIN_WEIGHT} of its weight; 0 when they
   * share fewer than {@value #MIN_SIGNALS} terms.
   */
  private double similarity(double mine, Entry other, long stamp) {
    double shared = 0;
    double theirs = 0;
    double sharedPlain = 0;
    double theirPlain = 0;
    int signals = 0;
    for (Term t : other.terms) {
      double w = weight(t, stamp);
      theirs += w;
      if (t.plain) theirPlain += w;
      if (t.markedBy == stamp) {
        shared += w;
        signals++;
        if (t.plain) sharedPlain += w;
      }
    }
    // one shared word, however rare, is a coincidence (a place, a name): an event takes two
    if (signals < MIN_SIGNALS) return 0;
    mine -= (1 - plainWeight) * (myPlain - sharedPlain);
    theirs -= (1 - plainWeight) * (theirPlain - sharedPlain);
    return shared / (mine + theirs - shared);
  }

  /** 1 at the same instant, falling linearly to 0 at {@link #CLOSE} apart. */
  private static double closeness(Instant a, Instant b) {
    double apart = Math.abs(Duration.between(a, b).toSeconds());
    return Math.max(0, 1 - apart / CLOSE.toSeconds());
  }

  /**
   * Rarer terms weigh more: log((N + 1) / (df + 1)) + 1 over the window (the new headline not yet
   * counted).
   */
  private double weight(Term t, long stamp) {
    if (t.weighedFor != stamp) {
      t.weighedFor = stamp;
      t.weight = Math.log((recent.size() + 1.0) / (t.postings.size() + 1.0)) + 1.0;
    }
    return t.weight;
  }

  private void evictBefore(Instant floor) {
    while (!recent.isEmpty() && recent.peekFirst().at.isBefore(floor)) {
      Entry old = recent.removeFirst();
      for (Term t : old.terms) {
        if (t.postings.peekFirst() == old) t.postings.removeFirst(); // the oldest entry sits first
        else t.postings.remove(old);
        if (t.postings.isEmpty()) index.remove(t.text);
      }
    }
  }
}
