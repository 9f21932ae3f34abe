package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import ma.manchette.support.WsClient;
import org.junit.jupiter.api.Test;

/**
 * Malformed WebSocket frames get an error frame, never a crash; resubscribing changes the filter.
 */
class WebSocketIT {

  @Test
  void badMessagesGetErrorFramesAndTheConnectionKeepsWorking() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/fr", List.of(FeedEntry.of("fr-1", "Historique")));
    outlet.set("/ar", List.of(FeedEntry.of("ar-1", "تاريخ")));
    TestServer server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(
                TestServer.outlet("alpha-fr", "Alpha FR", "fr", outlet.url("/fr"), "300ms"),
                TestServer.outlet("beta-ar", "Beta AR", "ar", outlet.url("/ar"), "300ms")),
            Map.of());
    try {
      Await.until(
          () -> server.server.registry().all().stream().allMatch(o -> o.health.polls() > 0),
          15_000,
          "first polls");
      WsClient ws = Await.result(WsClient.connect(vertx, server.port()));
      List<String> bad =
          List.of(
              "not json",
              "[1,2,3]",
              "{\"type\":42}",
              "{\"type\":\"dance\"}",
              "{\"type\":\"subscribe\",\"filter\":{\"lang\":[\"not a lang\"]}}",
              "{\"type\":\"subscribe\",\"filter\":{\"colour\":\"red\"}}",
              "{\"type\":\"subscribe\",\"filter\":\"everything\"}",
              "{\"type\":\"subscribe\",\"backfill\":-3}",
              "{\"type\":\"subscribe\",\"since\":\"last tuesday\"}");
      for (String b : bad) ws.send(b);
      ws.await(m -> ws.ofType("error").size() == bad.size(), 10_000);
      assertThat(ws.ofType("error"))
          .allSatisfy(e -> assertThat(e.getString("message")).isNotBlank());
      assertThat(ws.closeStatus).isNull();

      ws.send(
          new JsonObject()
              .put("type", "subscribe")
              .put("filter", new JsonObject().put("lang", "ar")));
      ws.await(m -> !ws.ofType("subscribed").isEmpty(), 5_000);
      outlet.publish("/fr", FeedEntry.of("fr-2", "Titre français"));
      outlet.publish("/ar", FeedEntry.of("ar-2", "عنوان جديد"));
      ws.await(m -> ws.ofType("headline").size() == 1, 10_000);
      // the French item must be pushed (after the detection journal has it) before the filter
      // switches to French, or it would count
      Await.until(
          () ->
              server.server.hub().ring().latestHeadlines(50, ma.manchette.model.Filter.ALL).stream()
                  .anyMatch(e -> e.item.title().equals("Titre français")),
          10_000,
          "fr-2 pushed");
      // re-subscribing replaces the filter rather than adding a second subscription
      ws.send(
          new JsonObject()
              .put("type", "subscribe")
              .put("filter", new JsonObject().put("lang", List.of("fr"))));
      ws.await(m -> ws.ofType("subscribed").size() == 2, 5_000);
      assertThat(server.server.hub().subscribers("ws")).isEqualTo(1);
      outlet.publish("/fr", FeedEntry.of("fr-3", "Encore un titre"));
      ws.await(m -> ws.ofType("headline").size() == 2, 10_000);
      Thread.sleep(500);
      assertThat(ws.ofType("headline"))
          .extracting(m -> m.getJsonObject("item").getString("title"))
          .containsExactly("عنوان جديد", "Encore un titre");
      ws.send("{\"type\":\"ping\"}");
      ws.await(m -> !ws.ofType("pong").isEmpty(), 5_000);
      Await.result(ws.close());
    } finally {
      server.close();
      Await.result(outlet.stop());
      Await.result(vertx.close());
    }
  }
}
