package ma.manchette.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import ma.manchette.support.Await;
import ma.manchette.support.Http;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.Test;

/**
 * MANCHETTE_DEMO=1: without any outlets file or internet, a subscriber sees headlines in four
 * languages arrive.
 */
class DemoIT {
  @Test
  void aSubscriberReceivesDemoHeadlinesFromRssAtomAndAScrapedPage() throws Exception {
    Vertx vertx = Vertx.vertx();
    Path missing =
        Files.createTempDirectory("no-outlets").resolve("outlets.yaml"); // demo mode never reads it
    try (TestServer s =
        TestServer.start(TestDatabase.freshDatabaseUrl(), missing, Map.of("MANCHETTE_DEMO", "1"))) {
      JsonArray outlets = Http.get(vertx, s.port(), "/api/outlets").json().getJsonArray("outlets");
      assertThat(outlets).hasSize(4);
      SseClient sse = Await.result(SseClient.connect(vertx, s.port(), "/api/stream", null));
      try {
        // one outlet in turn publishes every 3 s: within a minute each of the four has published
        // live
        sse.awaitEvents(ev -> langs(sse).containsAll(Set.of("fr", "ar", "en", "es")), 60_000);
        for (SseClient.Event e : sse.headlines()) {
          JsonObject item = e.json();
          assertThat(item.getString("outlet")).startsWith("demo-");
          assertThat(item.getString("title")).isNotBlank().doesNotContain("<");
          assertThat(item.getString("url")).startsWith("http://127.0.0.1:");
        }
        assertThat(
                sse.headlines().stream()
                    .map(e -> e.json().getString("outlet"))
                    .collect(Collectors.toSet()))
            .contains("demo-le-matin", "demo-al-akhbar", "demo-morocco-news", "demo-diario");
        assertThat(sse.titles())
            .anyMatch(t -> t.matches(".*[\\u0600-\\u06FF].*")); // Arabic arrives as Arabic
      } finally {
        Await.result(sse.close());
      }
    } finally {
      Await.result(vertx.close());
    }
  }

  private static Set<String> langs(SseClient sse) {
    return sse.headlines().stream()
        .map(e -> e.json().getString("lang"))
        .collect(Collectors.toSet());
  }
}
