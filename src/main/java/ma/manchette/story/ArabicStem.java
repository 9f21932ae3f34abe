package ma.manchette.story;

import org.apache.lucene.analysis.ar.ArabicNormalizer;
import org.apache.lucene.analysis.ar.ArabicStemmer;

/**
 * Light stemming of one Arabic headline word, for matching: Lucene's normaliser (hamza forms to
 * alef, ى to ي, ة to ه, no tashkeel or tatweel) and its light stemmer (the article with و ب ك ف ل
 * before it, و alone, and plural, dual, feminine and pronoun endings). Lucene strips a lone ب ل ك ف
 * only with the article, since stripping it blindly eats the first letter of words such as برلمان;
 * {@link #withoutClitic} offers that stripped form for the lexicon to confirm.
 */
final class ArabicStem {
  private static final ArabicNormalizer NORMALIZER = new ArabicNormalizer();
  private static final ArabicStemmer STEMMER = new ArabicStemmer();
  private static final String[] PRONOUNS = {"هما", "هم", "كم", "نا"};

  private ArabicStem() {}

  /** The stem of a (folded) Arabic word, or null when too little is left to mean anything. */
  static String of(String word) {
    char[] c = word.toCharArray();
    int n = NORMALIZER.normalize(c, c.length);
    // a lone و is left to withoutClitic: stripped blindly, وزير would stem to زير but الوزير to
    // وزير
    boolean conjunction = n > 1 && c[0] == 'و' && !(n > 3 && c[1] == 'ا' && c[2] == 'ل');
    if (!conjunction) n = STEMMER.stemPrefix(c, n);
    n = STEMMER.stemSuffix(c, n);
    return n >= 2 ? new String(c, 0, n) : null;
  }

  /**
   * The word without one leading conjunction (و ف) and/or preposition (ب ل ك) and a trailing
   * pronoun (هم هما كم نا), stemmed; null when it has none. Only a lexicon hit makes it count.
   */
  static String withoutClitic(String word) {
    String s = word;
    if (s.length() > 4 && (s.charAt(0) == 'و' || s.charAt(0) == 'ف')) s = s.substring(1);
    if (s.length() > 3 && "بلك".indexOf(s.charAt(0)) >= 0) s = s.substring(1);
    for (String p : PRONOUNS)
      if (s.length() > p.length() + 2 && s.endsWith(p)) {
        s = s.substring(0, s.length() - p.length());
        break;
      }
    return s.equals(word) ? null : of(s);
  }
}
