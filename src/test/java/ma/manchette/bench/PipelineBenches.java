package ma.manchette.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The ingest-throughput and WebSub-lag parts of the bench, switched by BENCH_INGEST / BENCH_WEBSUB
 * (default 1), each giving a markdown section; BENCH_ONLY=ingest|websub runs one of them without
 * the fan-out phases.
 */
final class PipelineBenches {
  private PipelineBenches() {}

  /** Runs the enabled parts; returns their sections (empty when none ran). */
  static String run(Path work, String only) throws Exception {
    StringBuilder md = new StringBuilder();
    boolean all = only == null || only.isBlank() || only.equals("all");
    if ((all && BenchRunner.intEnv("BENCH_INGEST", 1) == 1) || "ingest".equals(only)) {
      System.out.println("ingest throughput ...");
      md.append(
          IngestBench.run(
                  Files.createDirectories(work.resolve("ingest")),
                  BenchRunner.intEnv("BENCH_INGEST_OUTLETS", 1_000),
                  BenchRunner.intEnv("BENCH_INGEST_ITEMS", 50),
                  2)
              .markdown());
    }
    if ((all && BenchRunner.intEnv("BENCH_WEBSUB", 1) == 1) || "websub".equals(only)) {
      System.out.println("WebSub detection lag ...");
      md.append(
          WebSubLagBench.run(
                  Files.createDirectories(work.resolve("websub")),
                  BenchRunner.intEnv("BENCH_WEBSUB_HEADLINES", 60),
                  1_500,
                  2_500)
              .markdown());
    }
    return md.toString();
  }

  /** Appends the sections to the report BenchReport wrote. */
  static void append(Path report, String sections) throws Exception {
    if (!sections.isEmpty()) Files.writeString(report, sections, StandardOpenOption.APPEND);
  }
}
