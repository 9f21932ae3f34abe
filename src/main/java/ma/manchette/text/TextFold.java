package ma.manchette.text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Case- and diacritics-insensitive form of a text, for keyword matching ("Fès" = "fes"). */
public final class TextFold {
  private static final Pattern MARKS =
      Pattern.compile("[\\p{Mn}\\u0640]+"); // combining marks, Arabic harakat, tatweel

  private TextFold() {}

  public static String fold(String s) {
    if (s == null) return "";
    String n = Normalizer.normalize(s, Normalizer.Form.NFD);
    n = MARKS.matcher(n).replaceAll("");
    n = n.replace('أ', 'ا').replace('إ', 'ا').replace('آ', 'ا');
    return n.toLowerCase(Locale.ROOT);
  }
}
