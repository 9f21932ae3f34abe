package ma.manchette.enrich;

import static ma.manchette.enrich.Items.item;
import static ma.manchette.enrich.Items.titled;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import ma.manchette.model.Item;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SectionEnricherTest {
  static SectionEnricher sections;

  @BeforeAll
  static void load() throws Exception {
    sections = SectionEnricher.load(Items.SECTIONS);
  }

  @Test
  void outletsConfiguredSectionIsKept() {
    Item i =
        item(
                "x",
                "fr",
                "Le gouvernement adopte le budget",
                null,
                "https://x.ma/sport/1",
                List.of("Économie"))
            .withSection("journaux");
    assertThat(sections.enrich(i).section()).isEqualTo("journaux");
  }

  @Test
  void perOutletPathRuleBeatsCategoriesAndGenericPaths() {
    Item i =
        item(
            "le360-fr",
            "fr",
            "Un titre sans indice",
            null,
            "https://fr.le360.ma/monde/abc_123/",
            List.of("Politique"));
    assertThat(sections.enrich(i).section()).isEqualTo("international");
    Item other =
        item(
            "another",
            "fr",
            "Un titre sans indice",
            null,
            "https://fr.le360.ma/monde/abc_123/",
            List.of());
    assertThat(sections.enrich(other).section())
        .isEqualTo("international"); // /monde is also a generic path
    Item foot =
        item(
            "hespress-fr",
            "fr",
            "Un titre",
            null,
            "https://fr.hespress.com/tag/foot/ziyech",
            List.of());
    assertThat(sections.enrich(foot).section()).isEqualTo("sport");
  }

  @Test
  void feedCategoriesInFourLanguagesFoldedCaseAndAccents() {
    assertThat(section(item("a", "fr", "Titre", null, "https://a.ma/p/1", List.of("ECONOMIE"))))
        .isEqualTo("economie");
    assertThat(section(item("a", "ar", "عنوان", null, "https://a.ma/p/1", List.of("رياضة"))))
        .isEqualTo("sport");
    assertThat(
            section(
                item("a", "en", "Title", null, "https://a.ma/p/1", List.of("misc", "Politics"))))
        .isEqualTo("politique");
    assertThat(section(item("a", "es", "Título", null, "https://a.ma/p/1", List.of("Política"))))
        .isEqualTo("politique");
  }

  @Test
  void urlPathSegment() {
    assertThat(
            section(
                item(
                    "a",
                    "fr",
                    "Titre",
                    null,
                    "https://a.ma/fr/politique/123-titre.html",
                    List.of())))
        .isEqualTo("politique");
    assertThat(section(item("a", "en", "Title", null, "https://a.ma/en/sports/456", List.of())))
        .isEqualTo("sport");
    assertThat(
            section(
                item(
                    "a",
                    "ar",
                    "عنوان",
                    null,
                    "https://a.ma/%D8%B1%D9%8A%D8%A7%D8%B6%D8%A9/789",
                    List.of())))
        .isEqualTo("sport");
    // a path that merely contains a section word is not a section segment
    assertThat(
            section(
                item("a", "fr", "Titre", null, "https://a.ma/sportifs-du-dimanche/1", List.of())))
        .isNull();
  }

  @Test
  void titleKeywordsInFourLanguages() {
    assertThat(sections.enrich(titled("fr", "Le chef du gouvernement reçoit les partis")).section())
        .isEqualTo("politique");
    assertThat(sections.enrich(titled("ar", "المنتخب المغربي يفوز في مباراة ودية")).section())
        .isEqualTo("sport");
    assertThat(sections.enrich(titled("en", "Inflation slows as investment grows")).section())
        .isEqualTo("economie");
    assertThat(
            sections
                .enrich(titled("es", "Un terremoto sacude el norte; la policía evacua escuelas"))
                .section())
        .isEqualTo("societe");
    assertThat(sections.enrich(titled("ar", "وللحكومة رأي آخر")).section())
        .isEqualTo("politique"); // clitics looked through
  }

  @Test
  void nothingMatchingLeavesNoSection() {
    assertThat(sections.enrich(titled("fr", "Une journée ensoleillée")).section()).isNull();
    assertThat(sections.enrich(titled("fr", "Les matchmakers du web")).section())
        .isNull(); // whole words only
  }

  private static String section(Item i) {
    return sections.enrich(i).section();
  }
}
