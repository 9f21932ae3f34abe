package ma.manchette.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The ingest bench on a small corpus (20 outlets × 10 items), so its code keeps working; figures
 * not asserted.
 */
class IngestBenchSmokeIT {
  @Test
  void everyItemOfTheCorpusIsStoredExactlyOnceAndTheSectionHasFigures() throws Exception {
    IngestBench.Result r = IngestBench.run(Files.createTempDirectory("ingest-smoke"), 20, 10, 1);
    assertThat(r.expected()).isEqualTo(200);
    assertThat(r.coldWritten()).isEqualTo(200);
    assertThat(r.written()).isEqualTo(200); // all 200 in each round, and no item written twice
    assertThat(r.ingestPerSecond()).isPositive();
    assertThat(r.coldPerSecond()).isPositive();
    assertThat(r.romePerSecond()).isPositive();
    assertThat(r.copyPerSecond()).isPositive();
    assertThat(r.markdown())
        .contains("## Ingest throughput")
        .containsPattern("\\| floor: Rome .* \\| \\d+ \\| warm \\d+ %, cold \\d+ % \\|");
  }
}
