package ma.manchette.story;

import ma.manchette.text.Words;

/**
 * A script-neutral consonant skeleton of a name, so that transliterations meet: Akhannouch,
 * Akhanouch and أخنوش are all "KNX"; Tétouan, Tetuán and تطوان "TTN". Vowels (and the Arabic long
 * vowels ا و ي, ع and the hamza) are dropped, sounds that Latin spellings render alike share a
 * letter (ت ط ث = t = th; س ص = s; ش = ch = sh; ك ق خ = k = q = kh = hard c and g), a doubled Latin
 * letter counts once (Arabic writes it once). Lossy on purpose: only names and places are compared
 * on it, and only long skeletons.
 */
final class Skeleton {
  private Skeleton() {}

  /** The skeleton of a folded word (Latin or Arabic script), possibly empty. */
  static String of(String w) {
    StringBuilder out = new StringBuilder(w.length());
    if (!w.isEmpty() && Words.isArabic(w.charAt(0))) {
      String s = w.startsWith("ال") && w.length() > 4 ? w.substring(2) : w;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == 'ه' && i == s.length() - 1) continue; // ta marbuta, written "a" in Latin
        char k = arabic(c);
        if (k != 0) out.append(k);
      }
      return out.toString();
    }
    String s = w.startsWith("al-") ? w.substring(3) : w;
    char last = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
      if (c == last) continue; // "nn", "mm", "ss": one consonant
      last = c;
      char k;
      if (next == 'h' && "kcsgtdp".indexOf(c) >= 0) {
        k =
            switch (c) {
              case 'c', 's' -> 'X';
              case 'g' -> 'G';
              case 'p' -> 'F';
              default -> Character.toUpperCase(c);
            };
        i++;
        last = 'h';
      } else
        k =
            switch (c) {
              case 'b', 'p' -> 'B';
              case 'c', 'q', 'k' -> (c == 'c' && (next == 'e' || next == 'i')) ? 'S' : 'K';
              case 'g' -> (next == 'e' || next == 'i') ? 'J' : 'K';
              case 'd' -> 'D';
              case 'f', 'v' -> 'F';
              case 'h' -> 'H';
              case 'j' -> 'J';
              case 'l' -> 'L';
              case 'm' -> 'M';
              case 'n' -> 'N';
              case 'r' -> 'R';
              case 's' -> 'S';
              case 't' -> 'T';
              case 'z' -> 'Z';
              case 'x' -> 'X';
              default -> 0; // vowels, y, w, apostrophes
            };
      if (k != 0) out.append(k);
    }
    return out.toString();
  }

  private static char arabic(char c) {
    return switch (c) {
      case 'ب', 'پ' -> 'B';
      case 'ت', 'ط', 'ث' -> 'T';
      case 'ج' -> 'J';
      case 'ح', 'ه' -> 'H';
      case 'خ', 'ك', 'ق', 'ڭ', 'گ' -> 'K';
      case 'د', 'ض', 'ذ' -> 'D';
      case 'ر' -> 'R';
      case 'ز', 'ظ' -> 'Z';
      case 'س', 'ص' -> 'S';
      case 'ش' -> 'X';
      case 'غ' -> 'G';
      case 'ف', 'ڤ' -> 'F';
      case 'ل' -> 'L';
      case 'م' -> 'M';
      case 'ن' -> 'N';
      default -> 0; // ا و ي ى ء ع and the hamza seats
    };
  }
}
