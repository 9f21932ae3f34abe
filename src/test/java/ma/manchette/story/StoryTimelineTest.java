package ma.manchette.story;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import ma.manchette.model.Item;
import org.junit.jupiter.api.Test;

class StoryTimelineTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static Item item(long id, String outlet, Instant detected, Instant published) {
    return new Item(
        id,
        outlet,
        outlet,
        "k" + id,
        "Séisme à Agadir",
        "https://example.ma/" + id,
        null,
        null,
        null,
        null,
        "fr",
        null,
        List.of(),
        published,
        detected,
        "1");
  }

  @Test
  void theFirstDetectedOutletBrokeItAndEveryoneElseLagsBehindIt() {
    StoryTimeline t =
        StoryTimeline.of(
            List.of(
                item(3, "gamma", T0.plusSeconds(600), null),
                item(1, "alpha", T0, T0.minusSeconds(120)),
                item(2, "beta", T0.plusSeconds(90), T0.minusSeconds(300))));

    assertThat(t.firstOutlet()).isEqualTo("alpha");
    assertThat(t.entries())
        .extracting(e -> e.item().outlet())
        .containsExactly("alpha", "beta", "gamma");
    assertThat(t.entries())
        .extracting(StoryTimeline.Entry::detectedLag)
        .containsExactly(Duration.ZERO, Duration.ofSeconds(90), Duration.ofSeconds(600));
    // by the feeds' own dates beta published first: alpha lags it by 3 minutes; gamma gives none
    assertThat(t.entries())
        .extracting(StoryTimeline.Entry::publishedLag)
        .containsExactly(Duration.ofSeconds(180), Duration.ZERO, null);
  }

  @Test
  void eachOutletIsSummedUpAtItsEarliestHeadline() {
    StoryTimeline t =
        StoryTimeline.of(
            List.of(
                item(1, "alpha", T0, null),
                item(2, "beta", T0.plusSeconds(60), null),
                item(3, "alpha", T0.plusSeconds(120), null),
                item(4, "beta", T0.plusSeconds(30), null)));

    assertThat(t.outlets()).extracting(e -> e.item().outlet()).containsExactly("alpha", "beta");
    assertThat(t.outlets())
        .extracting(StoryTimeline.Entry::detectedLag)
        .containsExactly(Duration.ZERO, Duration.ofSeconds(30));
  }

  @Test
  void aTieOnDetectionGoesToTheSmallerId() {
    StoryTimeline t =
        StoryTimeline.of(List.of(item(9, "beta", T0, null), item(5, "alpha", T0, null)));
    assertThat(t.firstOutlet()).isEqualTo("alpha");
  }

  @Test
  void noHeadlinesNoTimeline() {
    assertThat(StoryTimeline.of(List.of())).isNull();
  }
}
