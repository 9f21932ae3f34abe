package ma.manchette.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client that records every JSON message it receives. */
public final class WsClient {
  private final WebSocketClient client;
  private WebSocket ws;
  public final List<JsonObject> messages = new CopyOnWriteArrayList<>();
  public volatile Short closeStatus;

  private WsClient(Vertx vertx) {
    this.client = vertx.createWebSocketClient();
  }

  public static Future<WsClient> connect(Vertx vertx, int port) {
    WsClient c = new WsClient(vertx);
    // begun on a context, handlers set there: no frame can arrive before them (see Await.start)
    return Await.start(vertx, () -> c.client.connect(port, "127.0.0.1", "/api/ws").map(ws -> {
      c.ws = ws;
      ws.textMessageHandler(t -> c.messages.add(new JsonObject(t)));
      ws.closeHandler(v -> c.closeStatus = ws.closeStatusCode() == null ? -1 : ws.closeStatusCode());
      return c;
    }));
  }

  public Future<Void> send(String text) {
    return ws.writeTextMessage(text);
  }

  public Future<Void> send(JsonObject json) {
    return send(json.encode());
  }

  public List<JsonObject> ofType(String type) {
    return messages.stream().filter(m -> type.equals(m.getString("type"))).toList();
  }

  public void await(Predicate<List<JsonObject>> condition, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.test(messages)) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out; messages: " + messages);
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  public Future<Void> close() {
    return (ws == null ? Future.<Void>succeededFuture() : ws.close()).eventually(client::close);
  }
}
