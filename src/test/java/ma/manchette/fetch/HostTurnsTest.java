package ma.manchette.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Fetches to one host take turns, two at a time, in arrival order; hosts never wait on another. */
class HostTurnsTest {
  private final HostTurns turns = new HostTurns(2);
  private final List<String> started = new ArrayList<>();
  private final List<Promise<String>> running = new ArrayList<>();

  private Future<String> submit(String host, String name) {
    return turns.run(
        host,
        () -> {
          started.add(name);
          Promise<String> p = Promise.promise();
          running.add(p);
          return p.future();
        });
  }

  private void finish(String name) {
    running.get(started.indexOf(name)).complete(name);
  }

  @Test
  void twoAtATimePerHostTheOthersInArrivalOrder() {
    List<Future<String>> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) all.add(submit("a:80", "a" + i));
    assertThat(started).containsExactly("a0", "a1");
    assertThat(turns.waiting("a:80")).isEqualTo(4);
    finish("a1");
    assertThat(started).containsExactly("a0", "a1", "a2");
    finish("a0");
    finish("a2");
    assertThat(started).containsExactly("a0", "a1", "a2", "a3", "a4");
    finish("a3");
    finish("a4");
    finish("a5");
    assertThat(all).allMatch(Future::succeeded); // waiting never fails a fetch
    assertThat(turns.waiting("a:80")).isZero();
  }

  @Test
  void aSlowHostNeverHoldsUpAnother() {
    for (int i = 0; i < 5; i++) submit("slow:443", "slow" + i); // two hang, three wait
    Future<String> quick = submit("quick:443", "quick0");
    Future<String> next = submit("quick:443", "quick1");
    assertThat(started).contains("quick0", "quick1");
    finish("quick0");
    finish("quick1");
    assertThat(quick.succeeded()).isTrue();
    assertThat(next.succeeded()).isTrue();
    assertThat(turns.waiting("slow:443")).isEqualTo(3);
  }

  @Test
  void outletsThatPollAgainAtOnceNeverStarveALateOne() {
    // three busy outlets re-ask as soon as their poll ends; a fourth arrives behind them
    AtomicInteger polls = new AtomicInteger();
    Runnable[] again = new Runnable[1];
    List<Promise<Void>> inFlight = new ArrayList<>();
    again[0] =
        () ->
            turns
                .<Void>run(
                    "feeds:80",
                    () -> {
                      polls.incrementAndGet();
                      Promise<Void> p = Promise.promise();
                      inFlight.add(p);
                      return p.future();
                    })
                .onComplete(ar -> again[0].run());
    for (int i = 0; i < 3; i++) again[0].run();
    boolean[] late = new boolean[1];
    turns.run(
        "feeds:80",
        () -> {
          late[0] = true;
          return Future.succeededFuture();
        });
    // the late one has one busy outlet ahead of it: two turns ending let it through
    inFlight.remove(0).complete();
    assertThat(late[0]).isFalse();
    inFlight.remove(0).complete();
    assertThat(late[0]).isTrue();
  }

  @Test
  void aFailedFetchGivesItsTurnBackAndALongLineDoesNotGrowTheStack() {
    List<Promise<Object>> held = List.of(Promise.promise(), Promise.promise());
    for (Promise<Object> p : held) turns.run("h:80", p::future); // both turns taken
    AtomicInteger ran = new AtomicInteger();
    List<Future<Object>> line = new ArrayList<>();
    for (int i = 0; i < 50_000; i++)
      line.add(
          turns.run(
              "h:80",
              () -> {
                ran.incrementAndGet();
                throw new IllegalStateException("refused before any I/O");
              }));
    assertThat(turns.waiting("h:80")).isEqualTo(50_000);
    // ending the held turns lets the whole line through, each failure freeing its turn at once
    for (Promise<Object> p : held) p.complete();
    assertThat(ran).hasValue(50_000);
    assertThat(line).allMatch(Future::failed);
    assertThat(turns.waiting("h:80")).isZero();
  }

  @Test
  void keysAreHostAndPortWithTheDefaultPortSpelledOut() {
    assertThat(HostTurns.keyOf("https://Fr.Hespress.com/feed")).isEqualTo("fr.hespress.com:443");
    assertThat(HostTurns.keyOf("http://127.0.0.1:8080/a")).isEqualTo("127.0.0.1:8080");
    assertThat(HostTurns.keyOf("http://example.ma/rss")).isEqualTo("example.ma:80");
  }
}
