package ma.manchette.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import ma.manchette.outlet.OutletHealth;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Fixtures;
import ma.manchette.support.Http;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.Test;

/**
 * An outlet serving Arabic in windows-1256 with no charset anywhere (plain text/xml, no encoding in
 * the prolog): its headlines reach an SSE subscriber and the REST API as the Arabic they are.
 */
class UndeclaredCharsetIT {
  private static final List<String> TITLES =
      List.of(
          "الحكومة تصادق على مشروع قانون المالية لسنة 2027",
          "الرجاء البيضاوي يفوز على الوداد في ديربي مثير بملعب محمد الخامس",
          "أمطار رعدية مرتقبة بعدد من مناطق المملكة نهاية الأسبوع");

  @Test
  void undeclaredWindows1256HeadlinesArriveAsArabic() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    // the first poll is history, never pushed: prime with a harmless feed
    outlet.set("/ar", List.of(FeedEntry.of("primer-1", "عنوان سابق")));
    TestServer server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("ar1256", "Akhbar", "ar", outlet.url("/ar"), "1h")),
            Map.of());
    SseClient sse = null;
    try {
      OutletHealth health = server.server.registry().get("ar1256").health;
      Await.until(() -> health.polls() > 0, 30_000, "the first poll");
      sse = Await.result(SseClient.connect(vertx, server.port(), "/api/stream", null));

      byte[] body = Fixtures.bytes("feeds/charsets/rss20-arabic-windows1256-undeclared.xml");
      outlet.serveRaw(
          "/ar",
          req -> req.response().putHeader("Content-Type", "text/xml").end(Buffer.buffer(body)));
      server.server.scheduler().pollNow("ar1256");

      SseClient stream = sse;
      stream.awaitEvents(ev -> stream.titles().size() >= TITLES.size(), 20_000);
      assertThat(stream.titles()).containsExactlyInAnyOrderElementsOf(TITLES);
      // stored behind the push: the API has them once the write is through
      Await.until(
          () -> storedTitles(vertx, server.port()).containsAll(TITLES), 20_000, "stored items");
      assertThat(health.consecutiveFailures()).isZero();
    } finally {
      if (sse != null) Await.result(sse.close());
      server.close();
      Await.result(outlet.stop());
      Await.result(vertx.close());
    }
  }

  private static List<String> storedTitles(Vertx vertx, int port) {
    var items = Http.itemsQuietly(vertx, port);
    return items.stream().map(i -> ((JsonObject) i).getString("title")).toList();
  }
}
