package ma.manchette.enrich;

import static ma.manchette.enrich.Items.item;
import static ma.manchette.enrich.Items.titled;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageEnricherTest {
  static final LanguageEnricher languages = new LanguageEnricher();

  @Test
  void detectsEachOfFourLanguagesRegardlessOfTheOutletsLanguage() {
    // a multilingual outlet configured as French
    assertThat(
            lang("fr", "Le gouvernement présente le projet de loi de finances devant le parlement"))
        .isEqualTo("fr");
    assertThat(lang("fr", "الحكومة تقدم مشروع قانون المالية أمام البرلمان")).isEqualTo("ar");
    assertThat(lang("fr", "The government presents the finance bill to parliament on Monday"))
        .isEqualTo("en");
    assertThat(
            lang(
                "fr", "El gobierno presenta el proyecto de ley de presupuestos ante el parlamento"))
        .isEqualTo("es");
  }

  @Test
  void summaryHelpsAShortTitle() {
    var i =
        item(
            "o",
            "ar",
            "Maroc: bilan",
            "Le ministère de la santé annonce une baisse des cas cette semaine",
            "https://o.ma/1",
            List.of());
    assertThat(languages.enrich(i).lang()).isEqualTo("fr");
  }

  @Test
  void shortTextKeepsTheOutletsLanguage() {
    assertThat(lang("es", "Raja-Wydad: 1-1")).isEqualTo("es");
    assertThat(lang("ar", "Vidéo")).isEqualTo("ar");
    assertThat(lang("fr", "")).isEqualTo("fr");
  }

  private static String lang(String outletLang, String title) {
    return languages.enrich(titled(outletLang, title)).lang();
  }
}
