package ma.manchette.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
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
    assertThat(IdGenerator.timeOf(prev)).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));
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
}
