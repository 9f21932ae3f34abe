package ma.manchette.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import ma.manchette.model.Item;
import ma.manchette.support.TestItems;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionJournalTest {
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  @TempDir Path dir;

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<Item> items(int from, int n) {
    List<Item> out = new ArrayList<>();
    for (int i = from; i < from + n; i++)
      out.add(TestItems.item(1_000 + i, "alpha", "g:a-" + i, "Titre « " + i + " »", "Résumé"));
    return out;
  }

  private void append(DetectionJournal j, List<Item> items) throws Exception {
    j.append(items, context).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void whatWasAppendedBeforeAKillIsRecoveredWithItsIdsAndKeys() throws Exception {
    DetectionJournal j = DetectionJournal.claim(dir).start();
    append(j, items(0, 3));
    append(j, items(3, 2));
    // no close: the process is gone
    List<Item> back = recover();
    assertThat(back).extracting(Item::id).containsExactly(1000L, 1001L, 1002L, 1003L, 1004L);
    assertThat(back)
        .extracting(Item::key)
        .containsExactly("g:a-0", "g:a-1", "g:a-2", "g:a-3", "g:a-4");
    assertThat(back.get(0).title()).isEqualTo("Titre « 0 »");
    assertThat(back.get(0).summary()).isEqualTo("Résumé");
    assertThat(back.get(0).outlet()).isEqualTo("alpha");
    j.close();
  }

  @Test
  void aLineTornByTheKillIsSkippedAndTheRestKept() throws Exception {
    DetectionJournal j = DetectionJournal.claim(dir).start();
    append(j, items(0, 2));
    j.close();
    Files.writeString(
        firstSegment(), "{\"key\":\"g:a-9\",\"item\":{\"id\":\"10", StandardOpenOption.APPEND);
    assertThat(recover()).extracting(Item::id).containsExactly(1000L, 1001L);
  }

  @Test
  void aLineCutInsideAnArabicCharacterDoesNotStopTheRecovery() throws Exception {
    DetectionJournal j = DetectionJournal.claim(dir).start();
    append(j, items(0, 1));
    j.close();
    byte[] arabic =
        "{\"key\":\"g:a-9\",\"item\":{\"title\":\"عاجل".getBytes(StandardCharsets.UTF_8);
    Files.write(
        firstSegment(),
        java.util.Arrays.copyOf(arabic, arabic.length - 1),
        StandardOpenOption.APPEND);
    assertThat(recover()).extracting(Item::id).containsExactly(1000L);
  }

  @Test
  void openingAfterRecoveryStartsEmpty() throws Exception {
    DetectionJournal j = DetectionJournal.claim(dir).start();
    append(j, items(0, 2));
    assertThat(DetectionJournal.claim(dir)).as("held by a live process").isNull();
    j.close(); // unstored entries stay, as after a kill
    DetectionJournal next = DetectionJournal.claim(dir);
    assertThat(next.recover()).extracting(Item::id).containsExactly(1000L, 1001L);
    next.start(); // PostgreSQL has them now
    assertThat(recover()).isEmpty();
    append(next, items(2, 1));
    assertThat(recover()).extracting(Item::id).containsExactly(1002L);
    next.close();
  }

  @Test
  void segmentsWhoseItemsPostgresHasAreDeletedSoTheJournalStaysBounded() throws Exception {
    DetectionJournal j = DetectionJournal.claim(dir).start();
    List<Long> ids = new ArrayList<>();
    for (int round = 0; round < 40; round++) {
      List<Item> batch = items(round * 200, 200);
      append(j, batch);
      batch.forEach(i -> ids.add(i.id()));
      j.stored(ids.subList(ids.size() - 200, ids.size()));
    }
    long perLine =
        Files.readString(firstSegment(), StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElseThrow()
                .length()
            + 1;
    // 8,000 entries written, far more than a segment; what stays is the open segment
    assertThat(8_000 * perLine).isGreaterThan(2 * DetectionJournal.SEGMENT_BYTES);
    assertThat(j.sizeOnDisk()).isLessThan(DetectionJournal.SEGMENT_BYTES + 200 * perLine);
    assertThat(j.commits.sum()).isEqualTo(40);
    j.close();
    assertThat(recover()).as("a clean stop with all stored").isEmpty();
  }

  @Test
  void unstoredItemsKeepTheirSegment() throws Exception {
    DetectionJournal j = DetectionJournal.claim(dir).start();
    append(j, items(0, 1)); // never stored: the database is down
    for (int round = 1; round < 30; round++) {
      List<Item> batch = items(round * 200, 200);
      append(j, batch);
      j.stored(batch.stream().map(Item::id).toList());
    }
    j.close();
    assertThat(recover()).extracting(Item::id).contains(1000L);
  }

  /** What the next start finds (read without its lock: this JVM still holds it). */
  private List<Item> recover() throws Exception {
    return DetectionJournal.read(dir);
  }

  private Path firstSegment() throws Exception {
    try (var files = Files.list(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".jsonl"))
          .sorted()
          .reduce((a, b) -> b)
          .orElseThrow();
    }
  }
}
