package ma.manchette.enrich;

import static ma.manchette.enrich.Items.titled;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RegionEnricherTest {
  static RegionEnricher regions;

  @BeforeAll
  static void load() throws Exception {
    regions = RegionEnricher.load(Items.REGIONS);
  }

  @Test
  void citiesInFourLanguagesAndSpellings() {
    assertThat(region("fr", "Kénitra : inauguration d'un nouvel hôpital"))
        .isEqualTo("rabat-sale-kenitra");
    assertThat(region("fr", "KENITRA: le tramway attendu en 2027")).isEqualTo("rabat-sale-kenitra");
    assertThat(region("ar", "افتتاح مستشفى جديد بالقنيطرة"))
        .isEqualTo("rabat-sale-kenitra"); // ب glued on
    assertThat(region("en", "Tangier port breaks its container record"))
        .isEqualTo("tanger-tetouan-al-hoceima");
    assertThat(region("es", "Tánger y Tetuán acogen el festival"))
        .isEqualTo("tanger-tetouan-al-hoceima");
    assertThat(region("ar", "أمطار غزيرة في الدار البيضاء"))
        .isEqualTo("casablanca-settat"); // two-word name
    assertThat(region("fr", "Agadir accueille le salon de l'halieutis")).isEqualTo("souss-massa");
  }

  @Test
  void ambiguousWordsNeedAContextWord() {
    assertThat(region("fr", "Un caramel salé qui fait fureur")).isNull();
    assertThat(region("fr", "Incendie dans un entrepôt à Salé")).isEqualTo("rabat-sale-kenitra");
    assertThat(region("fr", "Ma tata adore le couscous")).isNull();
    assertThat(region("ar", "الوضع في الشرق الأوسط")).isNull(); // "the Middle East"
    assertThat(region("ar", "مشاريع تنموية جديدة في جهة الشرق")).isEqualTo("oriental");
    assertThat(region("en", "Oriental rugs at the fair")).isNull();
    assertThat(region("en", "Drought worries farmers in Oriental")).isEqualTo("oriental");
  }

  @Test
  void wholeWordsOnlyAndMostMentionedWins() {
    assertThat(region("fr", "Les casaniers restent chez eux")).isNull(); // "casa" inside a word
    assertThat(region("fr", "Rabat et Casablanca: Casablanca en tête, Mohammedia suit"))
        .isEqualTo("casablanca-settat");
    assertThat(
            regions
                .enrich(
                    Items.item(
                        "o",
                        "fr",
                        "Un titre",
                        "Un accident près de Berkane",
                        "https://o.ma/1",
                        List.of()))
                .region())
        .isEqualTo("oriental"); // the summary counts too
  }

  @Test
  void outletRegionIsKept() {
    assertThat(regions.enrich(titled("fr", "Casablanca").withRegion("souss-massa")).region())
        .isEqualTo("souss-massa");
  }

  private static String region(String lang, String title) {
    return regions.enrich(titled(lang, title)).region();
  }
}
