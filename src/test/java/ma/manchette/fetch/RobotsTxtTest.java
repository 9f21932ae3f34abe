package ma.manchette.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RobotsTxtTest {
  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final AtomicInteger asked = new AtomicInteger();

  @AfterEach
  void close() {
    vertx.close();
  }

  private RobotsTxt serving(int status, String body) {
    return new RobotsTxt(
        vertx,
        (url, guarded) -> {
          asked.incrementAndGet();
          return Future.succeededFuture(
              new FetchResult(
                  status,
                  body.getBytes(StandardCharsets.UTF_8),
                  "text/plain",
                  null,
                  null,
                  url,
                  null,
                  null,
                  null));
        },
        now::get);
  }

  private static Throwable outcome(Future<Void> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void disallowedPagesFailAsRobotsAndTheRestPass() throws Exception {
    RobotsTxt r =
        serving(
            200,
            "User-agent: *\nDisallow: /prive/\n\nUser-agent: manchette\nDisallow: /archives/\n");
    assertThat(outcome(r.admit("https://fr.example.ma/politique/1.html", false))).isNull();
    Throwable refused = outcome(r.admit("https://fr.example.ma/archives/2019.html", false));
    assertThat(refused).isInstanceOf(FetchException.class).hasMessageContaining("robots.txt");
    assertThat(((FetchException) refused).kind).isEqualTo("robots");
    assertThat(asked.get()).as("one robots.txt per origin, kept").isEqualTo(1);
    now.addAndGet(RobotsTxt.KEEP_MS + 1);
    outcome(r.admit("https://fr.example.ma/a", false));
    assertThat(asked.get()).as("read again after a day").isEqualTo(2);
  }

  @Test
  void aMissingRobotsTxtAllowsAndAnUnreadableOneDisallows() throws Exception {
    assertThat(outcome(serving(404, "").admit("https://a.example.ma/x", false))).isNull();
    assertThat(outcome(serving(503, "").admit("https://b.example.ma/x", false)))
        .isInstanceOf(FetchException.class);
    RobotsTxt failing =
        new RobotsTxt(
            vertx,
            (url, g) -> Future.failedFuture(new FetchException("timeout", "slow")),
            now::get);
    assertThat(outcome(failing.admit("https://c.example.ma/x", false)))
        .isInstanceOf(FetchException.class);
  }

  @Test
  void crawlDelaySpacesPagesOfOneOrigin() {
    RobotsTxt r = serving(404, "");
    assertThat(r.reserve("https://a.ma", 2_000, 10_000)).isEqualTo(0);
    assertThat(r.reserve("https://a.ma", 2_000, 10_500)).isEqualTo(1_500);
    assertThat(r.reserve("https://a.ma", 2_000, 10_600)).isEqualTo(3_400);
    assertThat(r.reserve("https://b.ma", 2_000, 10_600))
        .as("another origin has its own pace")
        .isEqualTo(0);
    assertThat(r.reserve("https://a.ma", 2_000, 20_000))
        .as("after a quiet spell no wait")
        .isEqualTo(0);
  }

  @Test
  void aDeclaredCrawlDelayIsHonouredUpToTheCap() throws Exception {
    RobotsTxt r = serving(200, "User-agent: *\nCrawl-delay: 1\n");
    long t0 = System.nanoTime();
    assertThat(outcome(r.admit("https://d.example.ma/1", false))).isNull();
    assertThat(outcome(r.admit("https://d.example.ma/2", false))).isNull();
    // the second page waited for its slot (1 s after the first): a lower bound, never an upper one
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(900);
  }
}
