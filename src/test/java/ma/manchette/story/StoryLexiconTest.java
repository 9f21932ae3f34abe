package ma.manchette.story;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoryLexiconTest {
  @Test
  void aWordInAnyLanguageBecomesItsConcept() throws Exception {
    StoryLexicon lexicon = StoryGrouperTest.lexicon();
    assertThat(HeadlineTerms.of("Inondations à Kénitra", lexicon))
        .containsExactly("#flood", "#kenitra");
    assertThat(HeadlineTerms.of("فيضانات بالقنيطرة", lexicon))
        .containsExactly("#flood", "#kenitra");
    assertThat(HeadlineTerms.of("Floods in Kenitra", lexicon))
        .containsExactly("#flood", "#kenitra");
    assertThat(HeadlineTerms.of("Akhannouch", lexicon))
        .isEqualTo(HeadlineTerms.of("أخنوش", lexicon));
  }

  @Test
  void theGazetteerPlacesMeetAcrossScripts() {
    StoryLexicon lexicon = StoryGrouperTest.lexicon();
    assertThat(HeadlineTerms.of("Safi", lexicon)).containsExactly("#region:marrakech-safi");
    assertThat(HeadlineTerms.of("آسفي", lexicon)).containsExactly("#region:marrakech-safi");
  }

  @Test
  void samePlaceAnotherEventStaysApart() {
    StoryGrouper g =
        new StoryGrouper(
            java.time.Duration.ofHours(48), StoryGrouping.THRESHOLD, StoryGrouperTest.lexicon());
    java.time.Instant t0 = java.time.Instant.parse("2026-11-28T08:00:00Z");
    assertThat(g.add(1, "a", t0, "Kénitra : des inondations après des pluies diluviennes", null))
        .isNull();
    assertThat(g.add(2, "b", t0.plusSeconds(60), "القنيطرة: تدشين مصنع جديد لأجزاء السيارات", null))
        .isNull();
    assertThat(
            g.add(3, "c", t0.plusSeconds(120), "فيضانات تغرق أحياء القنيطرة بعد أمطار غزيرة", null))
        .isEqualTo(new StoryGrouper.Joined("1", 1));
  }

  @Test
  void aStemUnderTwoConceptsIsAnErrorNamingBoth() {
    assertThatThrownBy(
            () ->
                StoryLexicon.parse(
                    "test.yaml", "events:\n  price: [precios]\n  rain: [precipitaciones]\n"))
        .hasMessageContaining("test.yaml")
        .hasMessageContaining("price")
        .hasMessageContaining("rain");
  }

  @Test
  void anUnknownSectionIsAnError() {
    assertThatThrownBy(() -> StoryLexicon.parse("test.yaml", "event:\n  flood: [flood]\n"))
        .hasMessageContaining("unknown section 'event'");
  }
}
