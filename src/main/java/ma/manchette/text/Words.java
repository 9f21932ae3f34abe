package ma.manchette.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The one tokenizer behind rules, regions and stories, so a word is cut the same way everywhere.
 */
public final class Words {
  private Words() {}

  /** Folded (case, accents, Arabic hamza/ta marbuta/alif maqsura) words of a text, in order. */
  public static List<String> of(String text) {
    String f = TextFold.fold(text).replace('ة', 'ه').replace('ى', 'ي');
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= f.length(); i++) {
      boolean word = i < f.length() && Character.isLetterOrDigit(f.charAt(i));
      if (word && start < 0) start = i;
      if (!word && start >= 0) {
        out.add(f.substring(start, i));
        start = -1;
      }
    }
    return out;
  }

  /** Whether a character is in the Arabic block (stems and spelling variants differ there). */
  public static boolean isArabic(char c) {
    return c >= '\u0600' && c <= '\u06FF';
  }
}
