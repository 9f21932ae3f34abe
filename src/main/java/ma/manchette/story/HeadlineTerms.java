package ma.manchette.story;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import ma.manchette.text.Words;

/**
 * The words that say what a headline is about, normalised so that two outlets' wordings meet:
 * folded, function words dropped, Latin words cut to 5 letters (a crude stem:
 * "inondés"/"inondation" → "inond"), Arabic words without clitics, the article and common
 * plural/feminine endings.
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
              "one",
              "two",
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
              "المغربيه"));

  private static final String[] ENDINGS = {"ات", "ين", "ون", "يه", "ه", "ي"};

  private HeadlineTerms() {}

  static Set<String> of(String text) {
    return of(text, StoryLexicon.NONE);
  }

  /** The terms of {@code text}, each stem the lexicon knows replaced by its concept. */
  static Set<String> of(String text, StoryLexicon lexicon) {
    Set<String> out = new LinkedHashSet<>();
    if (text == null) return out;
    for (String t : Words.of(text)) {
      if (STOP.contains(t)) continue;
      String term = Words.isArabic(t.charAt(0)) ? arabicStem(t) : latinStem(t);
      if (term != null && !STOP.contains(term)) out.add(lexicon.termOf(term));
    }
    return out;
  }

  private static String latinStem(String t) {
    boolean digits = t.chars().allMatch(Character::isDigit);
    if (digits) return t.length() >= 2 ? t : null; // years, scores, figures: "2027", "47"
    if (t.length() < 3) return null;
    return t.length() > 5 ? t.substring(0, 5) : t;
  }

  private static String arabicStem(String t) {
    String s = t;
    if (s.length() > 3 && (s.charAt(0) == 'و' || s.charAt(0) == 'ف')) s = s.substring(1);
    if (s.startsWith("لل") && s.length() > 4) s = s.substring(2);
    else if (s.length() > 4
        && "بكل".indexOf(s.charAt(0)) >= 0
        && s.charAt(1) == 'ا'
        && s.charAt(2) == 'ل') s = s.substring(1);
    if (s.startsWith("ال") && s.length() > 4) s = s.substring(2);
    for (String end : ENDINGS) {
      if (s.length() > 4 && s.endsWith(end)) {
        s = s.substring(0, s.length() - end.length());
        break;
      }
    }
    return s.length() >= 2 ? s : null;
  }
}
