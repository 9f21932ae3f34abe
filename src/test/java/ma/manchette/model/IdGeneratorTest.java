package ma.manchette.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {
  @Test
  void idsAreUniqueIncreasingAndCarryTheirTime() {
    IdGenerator g = new IdGenerator(7);
    Set<Long> seen = new HashSet<>();
    long prev = 0;
    for (int i = 0; i < 100_000; i++) {
      long id = g.next();
      assertThat(id).isGreaterThan(prev);
      assertThat(seen.add(id)).isTrue();
      prev = id;
    }
    assertThat(IdGenerator.timeOf(prev))
        .isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));
  }

  @Test
  void twoNodesNeverClashAndTimeFloorsOrderIds() {
    IdGenerator a = new IdGenerator(1);
    IdGenerator b = new IdGenerator(2);
    Set<Long> all = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(all.add(a.next())).isTrue();
      assertThat(all.add(b.next())).isTrue();
    }
    Instant t = Instant.now().minusSeconds(60);
    assertThat(IdGenerator.floorOf(t)).isLessThan(a.next());
  }

  @Test
  void neverGoesBelowAStoredId() {
    IdGenerator g = new IdGenerator(0);
    long future = IdGenerator.floorOf(Instant.now().plusSeconds(3600));
    g.advancePast(future);
    assertThat(g.next()).isGreaterThan(future);
  }

  @Test
  void anInjectedClockSetsTheTimeAndAClockGoingBackNeverMakesASmallerId() {
    long t0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    AtomicLong clock = new AtomicLong(t0);
    IdGenerator g = new IdGenerator(3, clock::get);
    long first = g.next();
    assertThat(IdGenerator.timeOf(first)).isEqualTo(Instant.ofEpochMilli(t0));
    assertThat(IdGenerator.nodeOf(first)).isEqualTo(3);
    clock.addAndGet(5);
    long later = g.next();
    assertThat(IdGenerator.timeOf(later)).isEqualTo(Instant.ofEpochMilli(t0 + 5));
    clock.addAndGet(-1_000); // NTP stepped back: ids still grow, on the last time seen
    long afterStep = g.next();
    assertThat(afterStep).isGreaterThan(later);
    assertThat(IdGenerator.timeOf(afterStep)).isEqualTo(Instant.ofEpochMilli(t0 + 5));
  }

  @Test
  void the4097thIdInOneMillisecondBorrowsTheNextOne() {
    long t0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    IdGenerator g = new IdGenerator(1, () -> t0);
    long prev = 0;
    for (int i = 0; i < 4096; i++) {
      long id = g.next();
      assertThat(id).isGreaterThan(prev);
      assertThat(IdGenerator.timeOf(id)).isEqualTo(Instant.ofEpochMilli(t0));
      prev = id;
    }
    long borrowed = g.next();
    assertThat(borrowed).isGreaterThan(prev);
    assertThat(IdGenerator.timeOf(borrowed)).isEqualTo(Instant.ofEpochMilli(t0 + 1));
  }
}
