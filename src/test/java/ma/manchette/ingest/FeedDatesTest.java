package ma.manchette.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import ma.manchette.support.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every writing of fixtures/dates/feed-date-writings.tsv gives the instant written beside it. */
class FeedDatesTest {
  static final Instant NOW = Instant.parse("2026-11-28T20:00:00Z");

  static Stream<Arguments> writings() {
    String table =
        new String(Fixtures.bytes("dates/feed-date-writings.tsv"), StandardCharsets.UTF_8);
    List<Arguments> rows = new ArrayList<>();
    for (String line : table.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] cols = line.split("\t");
      rows.add(Arguments.of(cols[0], "null".equals(cols[1]) ? null : Instant.parse(cols[1])));
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writings")
  void readsTheWritingAsTheInstantItNames(String writing, Instant expected) {
    assertThat(FeedDates.parse(writing, PublishedDate.MOROCCO)).isEqualTo(expected);
    if (expected != null) assertThat(PublishedDate.parse(writing, NOW)).isEqualTo(expected);
  }
}
