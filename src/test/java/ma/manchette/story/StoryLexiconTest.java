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
    // a place the lexicon does not list stands for its region
    assertThat(HeadlineTerms.of("Chichaoua", lexicon)).containsExactly("#region:marrakech-safi");
    assertThat(HeadlineTerms.of("شيشاوة", lexicon)).containsExactly("#region:marrakech-safi");
  }

  @Test
  void anArabicWordGluedToAPrepositionOrAPronounIsStillKnown() {
    StoryLexicon lexicon = StoryGrouperTest.lexicon();
    assertThat(HeadlineTerms.of("فيضانات بآسفي", lexicon)).containsExactly("#flood", "#safi");
    assertThat(HeadlineTerms.of("وبتطوان", lexicon)).containsExactly("#tetouan");
    // tashkeel and tatweel do not change a word
    assertThat(HeadlineTerms.of("فَيَضـانات", lexicon)).containsExactly("#flood");
    // a word the lexicon does not know keeps its first letter (برلمان is not ب + رلمان)
    assertThat(HeadlineTerms.of("برنامج", StoryLexicon.NONE)).containsExactly("برنامج");
  }

  @Test
  void namesMeetAcrossSpellingsAndScriptsThroughTheirSkeleton() {
    StoryLexicon lexicon = StoryGrouperTest.lexicon();
    // neither spelling is listed: their skeleton is the listed ones'
    assertThat(HeadlineTerms.of("Akhenouch", lexicon)).containsExactly("#akhannouch");
    assertThat(HeadlineTerms.of("أخانوش", lexicon)).containsExactly("#akhannouch");
    assertThat(HeadlineTerms.of("Tetwan", lexicon)).containsExactly("#tetouan");
    // a lower-case word is not a name
    assertThat(HeadlineTerms.of("akhenouch", lexicon)).doesNotContain("#akhannouch");
    assertThat(Skeleton.of("akhannouch")).isEqualTo(Skeleton.of("أخنوش"));
    // an unlisted name stands for its skeleton in both scripts
    assertThat(HeadlineTerms.of("Le ministre Benmbarek", lexicon))
        .containsAll(HeadlineTerms.of("الوزير بنمبارك", lexicon));
    assertThat(Skeleton.of("tetouan")).isEqualTo(Skeleton.of("تطوان"));
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
  void samePersonAnotherEventStaysApart() {
    StoryGrouper g =
        new StoryGrouper(
            java.time.Duration.ofHours(48), StoryGrouping.THRESHOLD, StoryGrouperTest.lexicon());
    java.time.Instant t0 = java.time.Instant.parse("2026-11-28T08:00:00Z");
    assertThat(
            g.add(
                1, "a", t0, "Akhannouch annonce une hausse des salaires des fonctionnaires", null))
        .isNull();
    assertThat(g.add(2, "b", t0.plusSeconds(60), "أخنوش يترأس اجتماعا حول السياحة", null)).isNull();
    // another spelling, another script: the same announcement
    assertThat(g.add(3, "c", t0.plusSeconds(120), "أخانوش يعلن زيادة في أجور الموظفين", null))
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
