package ma.manchette.story;

import java.util.regex.Pattern;

/**
 * One writing for the figures of a headline, whatever its language: Eastern Arabic digits as
 * Western ones, "4.600" and "4,600" as 4600, "2,25 %" and "2.25%" as one figure "2d25" (a decimal
 * point {@link ma.manchette.text.Words} keeps inside a word), ordinals without their suffix (27e,
 * 27th), and a figure glued to an Arabic clitic (بـ30) set apart from it.
 */
final class Figures {
  private static final Pattern THOUSANDS =
      Pattern.compile("(?<=\\d)[.,\u066C\u00A0\u202F](?=\\d{3}(?!\\d))");
  private static final Pattern DECIMAL = Pattern.compile("(?<=\\d)[.,\u066B](?=\\d)");
  private static final Pattern ORDINAL =
      Pattern.compile("(?<=\\d)(?:e|er|ère|eme|ème|th|st|nd|rd|º|ª)\\b");
  private static final Pattern ARABIC_GLUE = Pattern.compile("(?<=[\u0600-\u06FF])\u0640*(?=\\d)");

  private Figures() {}

  static String normalise(String text) {
    StringBuilder b = new StringBuilder(text.length());
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '\u0660' && c <= '\u0669') c = (char) ('0' + c - '\u0660');
      else if (c >= '\u06F0' && c <= '\u06F9') c = (char) ('0' + c - '\u06F0');
      any |= c >= '0' && c <= '9';
      b.append(c);
    }
    if (!any) return text;
    String s = THOUSANDS.matcher(b).replaceAll("");
    s = DECIMAL.matcher(s).replaceAll("d");
    s = ORDINAL.matcher(s).replaceAll("");
    return ARABIC_GLUE.matcher(s).replaceAll(" ");
  }
}
