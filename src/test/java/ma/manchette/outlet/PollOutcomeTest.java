package ma.manchette.outlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The outcome labels are part of /metrics: they must stay the strings dashboards already query. */
class PollOutcomeTest {
  @Test
  void labelsAreTheMetricStrings() {
    assertThat(Arrays.stream(PollOutcome.values()).map(PollOutcome::label))
        .containsExactly("new", "304", "unchanged", "no-new", "error");
    assertThat(PollOutcome.FAILED.label("timeout")).isEqualTo("timeout");
    assertThat(PollOutcome.FAILED.label("parse-error")).isEqualTo("parse-error");
    assertThat(PollOutcome.FAILED.label("404")).isEqualTo("404");
    assertThat(PollOutcome.NEW.label("ignored")).isEqualTo("new");
  }

  @Test
  void aFailureWinsThenNewHeadlinesThenA304ThenCheapness() {
    assertThat(PollOutcome.of(true, 3, "200", true)).isEqualTo(PollOutcome.FAILED);
    assertThat(PollOutcome.of(false, 1, "304", true)).isEqualTo(PollOutcome.NEW);
    assertThat(PollOutcome.of(false, 0, "304", true)).isEqualTo(PollOutcome.NOT_MODIFIED);
    assertThat(PollOutcome.of(false, 0, "200", true)).isEqualTo(PollOutcome.UNCHANGED);
    assertThat(PollOutcome.of(false, 0, "200", false)).isEqualTo(PollOutcome.NO_NEW);
    assertThat(PollOutcome.of(false, 0, null, false)).isEqualTo(PollOutcome.NO_NEW);
  }
}
