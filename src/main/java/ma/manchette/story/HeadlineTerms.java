package ma.manchette.story;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import ma.manchette.text.Words;

/**
 * The words that say what a headline is about, normalised so that two outlets' wordings meet:
 * folded, function words dropped, Latin words cut to 5 letters (a crude stem:
 * "inondés"/"inondation" → "inond"), Arabic words through {@link ArabicStem} (normalised, without
 * the article, its clitics and common plural/feminine/pronoun endings).
 */
final class HeadlineTerms {
  private static final Set<String> STOP =
      Set.copyOf(
          List.of(
              // fr
              "les",
              "des",
              "une",
              "dans",
              "pour",
              "par",
              "sur",
              "avec",
              "sans",
              "aux",
              "est",
              "son",
              "ses",
              "sa",
              "leur",
              "qui",
              "que",
              "plus",
              "pas",
              "apres",
              "avant",
              "entre",
              "selon",
              "cette",
              "ces",
              "lui",
              "nouvelle",
              "nouveau",
              "nouvel",
              "face",
              "pres",
              "ont",
              "fait",
              "etat",
              "contre",
              "vers",
              "chez",
              "tout",
              "tous",
              // en
              "the",
              "and",
              "for",
              "with",
              "from",
              "into",
              "after",
              "over",
              "amid",
              "its",
              "his",
              "her",
              "their",
              "new",
              "says",
              "has",
              "have",
              "are",
              "was",
              "were",
              "will",
              "near",
              "this",
              "that",
              "out",
              "more",
              "than",
              "by",
              // es
              "las",
              "los",
              "del",
              "una",
              "por",
              "para",
              "con",
              "sin",
              "sus",
              "que",
              "mas",
              "entre",
              "tras",
              "sobre",
              "este",
              "esta",
              "nuevo",
              "nueva",
              "durante",
              // ar (folded)
              "في",
              "من",
              "الى",
              "علي",
              "عن",
              "مع",
              "بعد",
              "قبل",
              "حول",
              "خلال",
              "بين",
              "هذا",
              "هذه",
              "التي",
              "الذي",
              "دون",
              "يوم",
              "لمده",
              "المائه",
              // everywhere in Moroccan news, so never a sign of the same event
              "maroc",
              "marocain",
              "marocaine",
              "morocco",
              "moroccan",
              "marruecos",
              "marroqui",
              "المغرب",
              "المغربي",
              "المغربيه",
              // the kingdom is Morocco again; "new" is a stop word in every language
              "royau",
              "kingd",
              "reino",
              "مملك",
              "جديد"));

  /** Shorter skeletons are too common to name anyone ("RBT" is Rabat but also a bond). */
  static final int MIN_SKELETON = 3;

  /**
   * A word neither the lexicon nor its names know still stands for its skeleton when that is this
   * long (an unlisted minister's name in Latin and Arabic script): "~BNKRN". Not for a Latin text's
   * first word, capitalised whatever it is.
   */
  static final int OPEN_SKELETON = 3;

  private HeadlineTerms() {}

  static Set<String> of(String text) {
    return of(text, StoryLexicon.NONE);
  }

  /**
   * The terms of {@code text}, each stem the lexicon knows replaced by its concept. An Arabic word
   * the lexicon does not know as it stands may still be known without a leading و ف ب ل ك or a
   * trailing pronoun (بآسفي, لأخنوش); a capitalised Latin word or an Arabic word it does not know
   * at all may name one of its people or places in another spelling or script (Akhanouch, Tetuán),
   * through {@link Skeleton}, or an unlisted name, its skeleton standing for it in every script.
   */
  static Set<String> of(String text, StoryLexicon lexicon) {
    Set<String> out = new LinkedHashSet<>();
    if (text == null) return out;
    boolean first = true;
    for (String raw : rawWords(Figures.normalise(text))) {
      boolean initial = first;
      first = false;
      for (String t : Words.of(raw)) {
        if (STOP.contains(t)) continue;
        boolean arabic = Words.isArabic(t.charAt(0));
        String stem = arabic ? ArabicStem.of(t) : latinStem(t);
        if (stem == null || STOP.contains(stem)) continue;
        String term =
            lexicon.knows(stem)
                ? lexicon.termOf(stem)
                : lookThrough(t, raw, arabic, initial, lexicon);
        out.add(term == null ? stem : term);
      }
    }
    return out;
  }

  /** A concept for a word the lexicon does not list as it stands, or null. */
  private static String lookThrough(
      String t, String raw, boolean arabic, boolean initial, StoryLexicon lexicon) {
    if (lexicon.size() == 0) return null;
    if (arabic) {
      String bare = ArabicStem.withoutClitic(t);
      if (bare != null && lexicon.knows(bare)) return lexicon.termOf(bare);
      if (t.length() < 4) return null;
    } else if (t.length() < 5 || !Character.isUpperCase(raw.charAt(0))) return null;
    String sk = Skeleton.of(t);
    if (sk.length() < MIN_SKELETON) return null;
    String known = lexicon.conceptOfSkeleton(sk);
    if (known != null || sk.length() < OPEN_SKELETON || (!arabic && initial)) return known;
    return "~" + sk;
  }

  /** Words as written (case kept), cut where {@link Words} cuts them. */
  private static List<String> rawWords(String text) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      boolean word =
          Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK;
      if (word && start < 0) start = i;
      if (!word && start >= 0) {
        out.add(text.substring(start, i));
        start = -1;
      }
    }
    return out;
  }

  private static String latinStem(String t) {
    // figures whole, single digits too: "7 morts" is "sept morts" is "seven killed"
    if (Character.isDigit(t.charAt(0))) return t;
    if (t.length() < 3) return null;
    return t.length() > 5 ? t.substring(0, 5) : t;
  }
}
