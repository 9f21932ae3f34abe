package ma.manchette.enrich;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfile;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import ma.manchette.ingest.Enricher;
import ma.manchette.model.Item;

/**
 * The language of a headline from its title and summary (outlets such as Hespress or Yabiladi
 * publish in several). Text with fewer than {@link #MIN_LETTERS} letters, or no confident answer,
 * keeps the outlet's language.
 */
public final class LanguageEnricher implements Enricher {
  static final int MIN_LETTERS = 20;

  /**
   * Enough text to tell the languages apart; n-gram extraction costs in proportion to the length.
   */
  static final int MAX_CHARS = 300;

  private static final double MIN_PROBABILITY = 0.80;

  /**
   * The languages Moroccan outlets publish in, plus close neighbours so that those are not forced
   * into French.
   */
  private static final List<String> LANGUAGES =
      List.of("ar", "fr", "en", "es", "de", "it", "pt", "nl");

  private final LanguageDetector detector;
  private final TextObjectFactory texts = CommonTextObjectFactories.forDetectingShortCleanText();

  public LanguageEnricher() {
    try {
      List<LanguageProfile> profiles =
          new LanguageProfileReader()
              .readBuiltIn(
                  LANGUAGES.stream()
                      .map(com.optimaize.langdetect.i18n.LdLocale::fromString)
                      .toList());
      detector =
          LanguageDetectorBuilder.create(NgramExtractors.standard()).withProfiles(profiles).build();
    } catch (IOException e) {
      throw new UncheckedIOException("language profiles missing from the classpath", e);
    }
  }

  @Override
  public Item enrich(Item item) {
    String text = item.summary() == null ? item.title() : item.title() + ". " + item.summary();
    String lang = detect(text);
    return lang == null || lang.equals(item.lang()) ? item : item.withLang(lang);
  }

  /** The detected ISO 639-1 code, or null when the text is too short or the detector is unsure. */
  String detect(String text) {
    if (text == null) return null;
    if (text.length() > MAX_CHARS) text = text.substring(0, MAX_CHARS);
    int letters = 0;
    int arabic = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isLetter(c)) continue;
      letters++;
      if (Character.UnicodeScript.of(c) == Character.UnicodeScript.ARABIC) arabic++;
    }
    if (letters < MIN_LETTERS) return null;
    // Arabic is the only language written in Arabic script among those detected: no n-grams needed
    if (arabic >= letters * 0.9) return "ar";
    List<DetectedLanguage> probs = detector.getProbabilities(texts.forText(text));
    if (probs.isEmpty() || probs.get(0).getProbability() < MIN_PROBABILITY) return null;
    return probs.get(0).getLocale().getLanguage();
  }
}
