package ma.manchette.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sanitised text keeps words apart where markup stood between them. */
class PlainTextTest {

  @Test
  void blocksAndLineBreaksBecomeSpaces() {
    assertThat(PlainText.of("<p>one</p><p>two</p>", 600)).isEqualTo("one two");
    assertThat(PlainText.of("a<br>b", 600)).isEqualTo("a b");
    assertThat(PlainText.of("&lt;p&gt;one&lt;/p&gt;&lt;p&gt;two&lt;/p&gt;", 600))
        .isEqualTo("one two");
  }

  @Test
  void removedImagesScriptsCommentsAndCellsLeaveASpace() {
    assertThat(PlainText.of("réalisatrice<img src=\"x.jpg\">marocaine", 600))
        .isEqualTo("réalisatrice marocaine");
    assertThat(PlainText.of("un<script>alert(1)</script>deux", 600)).isEqualTo("un deux");
    assertThat(PlainText.of("un<!-- pub -->deux", 600)).isEqualTo("un deux");
    assertThat(PlainText.of("<table><tr><td>Raja</td><td>2-1</td></tr></table>", 600))
        .isEqualTo("Raja 2-1");
  }

  @Test
  void inlineMarkupInsideAWordDoesNotSplitIt() {
    assertThat(PlainText.of("<b>Ra</b>bat &amp; <i>Salé</i>", 600)).isEqualTo("Rabat & Salé");
  }
}
