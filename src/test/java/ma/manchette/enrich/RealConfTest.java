package ma.manchette.enrich;

import static ma.manchette.enrich.Items.item;
import static ma.manchette.enrich.Items.titled;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped rules (conf/sections.yaml, conf/regions.yaml) load and tag real-looking headlines in
 * four languages.
 */
class RealConfTest {
  static final SectionEnricher sections =
      load(() -> SectionEnricher.load(Path.of("conf/sections.yaml")));
  static final RegionEnricher regions =
      load(() -> RegionEnricher.load(Path.of("conf/regions.yaml")));

  interface Loader<T> {
    T load() throws Exception;
  }

  static <T> T load(Loader<T> l) {
    try {
      return l.load();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void sectionsFromTheShippedRules() {
    assertThat(
            sections
                .enrich(titled("fr", "Le chef du gouvernement reçoit les partis de l'opposition"))
                .section())
        .isEqualTo("politique");
    assertThat(sections.enrich(titled("ar", "البرلمان يصادق على مشروع قانون المالية")).section())
        .isEqualTo("politique");
    assertThat(
            sections
                .enrich(item("x", "en", "Title", null, "https://x.ma/en/sports/123", List.of()))
                .section())
        .isEqualTo("sport");
    assertThat(
            sections
                .enrich(
                    item(
                        "x",
                        "es",
                        "Título",
                        null,
                        "https://x.ma/p/1",
                        List.of("Portada", "Economía")))
                .section())
        .isEqualTo("economie"); // a front-page category only when nothing else maps
    assertThat(
            sections
                .enrich(item("x", "fr", "Titre", null, "https://x.ma/p/1", List.of("À la une")))
                .section())
        .isEqualTo("a-la-une");
  }

  @Test
  void regionsFromTheShippedGazetteer() {
    assertThat(regions.enrich(titled("fr", "Kénitra : un nouveau pont sur le Sebou")).region())
        .isEqualTo("rabat-sale-kenitra");
    assertThat(regions.enrich(titled("ar", "أمطار غزيرة بطنجة")).region())
        .isEqualTo("tanger-tetouan-al-hoceima");
    assertThat(regions.enrich(titled("en", "Marrakech hosts the climate summit")).region())
        .isEqualTo("marrakech-safi");
    assertThat(regions.enrich(titled("es", "Incendio forestal cerca de Chefchaouen")).region())
        .isEqualTo("tanger-tetouan-al-hoceima");
    assertThat(regions.enrich(titled("fr", "Un caramel salé qui fait fureur")).region()).isNull();
    assertThat(regions.enrich(titled("fr", "Incendie dans un entrepôt à Salé")).region())
        .isEqualTo("rabat-sale-kenitra");
  }
}
