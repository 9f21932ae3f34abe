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
