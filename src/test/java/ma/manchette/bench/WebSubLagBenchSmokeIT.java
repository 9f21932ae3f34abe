package ma.manchette.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The WebSub lag bench with a few pushes, so its code keeps working; figures not asserted. */
class WebSubLagBenchSmokeIT {
  @Test
  void everyPushedHeadlineReachesTheSubscriberAndTheSectionHasFigures() throws Exception {
    WebSubLagBench.Result r =
        WebSubLagBench.run(Files.createTempDirectory("websub-smoke"), 4, 200, 400);
    assertThat(r.published()).isEqualTo(4);
    assertThat(r.received()).isEqualTo(4);
    for (int lag : r.lagMs()) assertThat(lag).isBetween(0, 20_000);
    assertThat(r.markdown())
        .contains("## Detection lag (WebSub-pushed)")
        .contains("4 pushed, 4 received")
        .containsPattern("p99 \\d+ ms");
  }
}
