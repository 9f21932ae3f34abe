package ma.manchette.model;

import static org.assertj.core.api.Assertions.assertThat;

import ma.manchette.support.TestItems;
import org.junit.jupiter.api.Test;

class ItemKeyTest {
  @Test
  void theSameHeadlineHasTheSameKeyWhateverItsIdAndTheRawKeyIsNotShown() {
    Item first = TestItems.item(1, "hespress-fr", "g:https://fr.hespress.com/123", "Titre", null);
    Item again = first.withId(99, first.detectedAt());
    String key = ItemJson.of(first).getString("key");
    assertThat(key).matches("hespress-fr:[0-9a-f]{16}");
    assertThat(ItemJson.of(again).getString("key")).isEqualTo(key);
    assertThat(key).doesNotContain("hespress.com");
  }

  @Test
  void anotherOutletOrGuidIsAnotherKey() {
    String a = ItemKey.of("alpha", "g:1");
    assertThat(ItemKey.of("beta", "g:1")).isNotEqualTo(a);
    assertThat(ItemKey.of("alpha", "g:2")).isNotEqualTo(a);
  }
}
