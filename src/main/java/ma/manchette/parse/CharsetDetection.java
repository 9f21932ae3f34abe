package ma.manchette.parse;

import com.ibm.icu.text.CharsetDetector;
import com.ibm.icu.text.CharsetMatch;
import java.nio.charset.StandardCharsets;

/**
 * ICU4J's statistical detector, asked only for bytes that are not UTF-8 and carry no declaration
 * they agree with. It gives the charset's name; {@link CharsetSniffer} turns that into a Charset.
 */
final class CharsetDetection {
  /**
   * Below this ICU's guesses among single-byte charsets are little better than chance; a real
   * Arabic or French feed scores 50 or more.
   */
  static final int MIN_CONFIDENCE = 20;

  private CharsetDetection() {}

  /** The likeliest charset's name, or null when none is likely enough. */
  static String likeliest(byte[] bytes) {
    CharsetDetector detector = new CharsetDetector();
    detector.enableInputFilter(true); // markup is ASCII in every candidate: judge the text alone
    detector.setText(bytes);
    for (CharsetMatch match : detector.detectAll()) {
      if (match.getConfidence() < MIN_CONFIDENCE) return null;
      // the caller has seen the bytes are not valid UTF-8, whatever ICU thinks
      if (!match.getName().equalsIgnoreCase(StandardCharsets.UTF_8.name())) return match.getName();
    }
    return null;
  }
}
