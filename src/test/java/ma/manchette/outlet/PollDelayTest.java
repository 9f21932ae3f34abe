package ma.manchette.outlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import ma.manchette.config.OutletConfig;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic of when to poll next: backoff doubles up to the max, jitter spreads, Retry-After
 * is a floor.
 */
class PollDelayTest {
  private final OutletConfig outlet =
      new OutletConfig(
          "o",
          "O",
          null,
          "fr",
          null,
          null,
          Duration.ofSeconds(60),
          Duration.ofSeconds(15),
          Duration.ofMinutes(10),
          List.of("https://example.ma/feed"),
          null,
          true,
          null);

  @Test
  void failuresDoubleTheIntervalUpToTheMaxAndNeverStop() {
    assertThat(PollDelay.afterFailure(outlet, 1, null)).isEqualTo(Duration.ofSeconds(60));
    assertThat(PollDelay.afterFailure(outlet, 2, null)).isEqualTo(Duration.ofSeconds(120));
    assertThat(PollDelay.afterFailure(outlet, 3, null)).isEqualTo(Duration.ofSeconds(240));
    assertThat(PollDelay.afterFailure(outlet, 4, null)).isEqualTo(Duration.ofSeconds(480));
    assertThat(PollDelay.afterFailure(outlet, 5, null)).isEqualTo(Duration.ofMinutes(10));
    assertThat(PollDelay.afterFailure(outlet, 500, null)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aPollDeferredForAFullWriteBufferComesBackWithinSeconds() {
    assertThat(PollDelay.afterDeferral(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(5));
    assertThat(PollDelay.afterDeferral(Duration.ofSeconds(2)))
        .isEqualTo(Duration.ofSeconds(2)); // never later than planned
  }

  @Test
  void retryAfterWinsEvenBeyondTheMax() {
    assertThat(PollDelay.afterFailure(outlet, 1, Duration.ofMinutes(30)))
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(PollDelay.afterFailure(outlet, 1, Duration.ofSeconds(1)))
        .isEqualTo(Duration.ofSeconds(15)); // not below the min
  }

  @Test
  void jitterSpreadsWithinTenPercentAndJitterUpNeverUndercuts() {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      long ms = PollDelay.jitter(Duration.ofSeconds(60)).toMillis();
      assertThat(ms).isBetween(54_000L, 66_000L);
      seen.add(ms);
      assertThat(PollDelay.jitterUp(Duration.ofSeconds(120)).toMillis())
          .isBetween(120_000L, 132_000L);
    }
    assertThat(seen.size()).isGreaterThan(100); // spread, not lockstep
  }

  @Test
  void quietOutletsSlowDownAndBusyOnesSpeedUpWithinBounds() {
    assertThat(PollDelay.afterSuccess(outlet, Duration.ofSeconds(60), 0))
        .isEqualTo(Duration.ofSeconds(75));
    assertThat(PollDelay.afterSuccess(outlet, Duration.ofSeconds(60), 3))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(PollDelay.afterSuccess(outlet, Duration.ofSeconds(20), 3))
        .isEqualTo(Duration.ofSeconds(15));
    assertThat(PollDelay.afterSuccess(outlet, Duration.ofMinutes(9), 0))
        .isEqualTo(Duration.ofMinutes(10));
  }
}
