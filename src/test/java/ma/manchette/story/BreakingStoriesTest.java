package ma.manchette.story;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import ma.manchette.model.BreakingStory;
import ma.manchette.model.Item;
import org.junit.jupiter.api.Test;

class BreakingStoriesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /** A clock the test moves; items are detected at its current time. */
  private static final class TestClock extends Clock {
    Instant now = T0;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final TestClock clock = new TestClock();
  private final BreakingStories breaking =
      new BreakingStories(3, Duration.ofMinutes(30), Duration.ofHours(48), clock);

  private Item item(long id, String outlet) {
    return new Item(
        id,
        outlet,
        outlet,
        "k" + id,
        "Séisme à Agadir (" + outlet + ")",
        "https://example.ma/" + id,
        null,
        null,
        null,
        null,
        "fr",
        null,
        List.of(),
        null,
        clock.instant(),
        null);
  }

  @Test
  void theThirdOutletWithinTheWindowBreaksTheStoryOnceAndAFourthSaysNothing() {
    assertThat(breaking.joined("1", item(1, "alpha"))).isNull();
    clock.advance(Duration.ofMinutes(5));
    assertThat(breaking.joined("1", item(2, "beta"))).isNull();
    clock.advance(Duration.ofMinutes(1));
    assertThat(breaking.joined("1", item(3, "beta"))).as("same outlet again").isNull();
    clock.advance(Duration.ofMinutes(10));

    BreakingStory b = breaking.joined("1", item(4, "gamma"));

    assertThat(b).isNotNull();
    assertThat(b.id()).isEqualTo("1");
    assertThat(b.title()).isEqualTo("Séisme à Agadir (alpha)"); // its first headline's
    assertThat(b.outlets()).containsExactly("alpha", "beta", "gamma");
    assertThat(b.itemIds()).containsExactly(1L, 2L, 3L, 4L);
    clock.advance(Duration.ofMinutes(1));
    assertThat(breaking.joined("1", item(5, "delta"))).as("fourth outlet").isNull();
    assertThat(breaking.joined("1", item(6, "alpha"))).isNull();
  }

  @Test
  void outletsSpreadWiderThanTheWindowDoNotBreakItUntilThreeFallWithinIt() {
    breaking.joined("7", item(7, "alpha"));
    clock.advance(Duration.ofMinutes(20));
    breaking.joined("7", item(8, "beta"));
    clock.advance(Duration.ofMinutes(15)); // alpha is now 35 min back

    assertThat(breaking.joined("7", item(9, "gamma"))).isNull();

    clock.advance(Duration.ofMinutes(5)); // beta 20 min back, gamma 5
    BreakingStory b = breaking.joined("7", item(10, "delta"));
    assertThat(b).isNotNull();
    assertThat(b.outlets()).containsExactly("alpha", "beta", "gamma", "delta");
  }

  @Test
  void exactlyAtTheWindowEdgeStillCounts() {
    breaking.joined("1", item(1, "alpha"));
    clock.advance(Duration.ofMinutes(15));
    breaking.joined("1", item(2, "beta"));
    clock.advance(Duration.ofMinutes(15));
    assertThat(breaking.joined("1", item(3, "gamma"))).isNotNull();
  }

  @Test
  void storiesAreKeptApart() {
    breaking.joined("1", item(1, "alpha"));
    breaking.joined("1", item(2, "beta"));
    breaking.joined("2", item(3, "gamma"));
    assertThat(breaking.joined("2", item(4, "delta"))).isNull();
    assertThat(breaking.joined("1", item(5, "delta"))).isNotNull();
  }

  @Test
  void aQuietStoryIsForgottenOnceTheGrouperWouldHaveForgottenIt() {
    breaking.joined("1", item(1, "alpha"));
    breaking.joined("1", item(2, "beta"));
    clock.advance(Duration.ofHours(49));
    breaking.joined("2", item(3, "gamma"));
    assertThat(breaking.tracked()).isEqualTo(1);
  }
}
