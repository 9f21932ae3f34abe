package ma.manchette.story;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiguresTest {
  @Test
  void aDecimalIsOneFigureWhateverItsSeparator() {
    assertThat(HeadlineTerms.of("taux directeur à 2,25%"))
        .contains("2d25")
        .isEqualTo(HeadlineTerms.of("taux directeur à 2.25 %"));
  }

  @Test
  void thousandsLoseTheirSeparator() {
    assertThat(HeadlineTerms.of("4.600 écoles")).contains("4600");
    assertThat(HeadlineTerms.of("4,600 schools")).contains("4600");
    assertThat(HeadlineTerms.of("115,000-seat stadium")).contains("115000");
  }

  @Test
  void easternArabicDigitsOrdinalsAndGluedCliticsMeetPlainFigures() {
    assertThat(HeadlineTerms.of("هزة بقوة ٤٫٧ درجات")).contains("4d7");
    assertThat(HeadlineTerms.of("la 27e édition")).contains("27");
    assertThat(HeadlineTerms.of("the 27th edition")).contains("27");
    assertThat(HeadlineTerms.of("تراجع بـ30 سنتيما")).contains("30");
  }

  @Test
  void numberWordsStandForTheirFigure() {
    StoryLexicon lexicon = StoryGrouperTest.lexicon();
    assertThat(HeadlineTerms.of("sept morts à Azilal", lexicon)).contains("7");
    assertThat(HeadlineTerms.of("مصرع 7 أشخاص", lexicon)).contains("7");
    assertThat(HeadlineTerms.of("Seven killed", lexicon)).contains("7");
  }
}
