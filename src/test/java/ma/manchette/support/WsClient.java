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

  private WsClient(Vertx vertx, String localAddress) {
    io.vertx.core.http.WebSocketClientOptions options =
        new io.vertx.core.http.WebSocketClientOptions();
    if (localAddress != null) options.setLocalAddress(localAddress);
    this.client = vertx.createWebSocketClient(options);
  }

  public static Future<WsClient> connect(Vertx vertx, int port) {
    return connect(vertx, port, null);
  }

  /** From a loopback source address of its own (127.x.y.z): a reader behind a proxy. */
  public static Future<WsClient> connect(Vertx vertx, int port, String localAddress) {
    WsClient c = new WsClient(vertx, localAddress);
    // begun on a context, handlers set there: no frame can arrive before them (see Await.start)
    return Await.start(
        vertx,
        () ->
            c.client
                .connect(port, "127.0.0.1", "/api/ws")
                .map(
                    ws -> {
                      c.ws = ws;
                      ws.textMessageHandler(t -> c.messages.add(new JsonObject(t)));
                      ws.closeHandler(
                          v ->
                              c.closeStatus =
                                  ws.closeStatusCode() == null ? -1 : ws.closeStatusCode());
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

  public void await(Predicate<List<JsonObject>> condition, long timeoutMs)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.test(messages)) {
      if (System.currentTimeMillis() > deadline)
        throw new AssertionError("timed out; messages: " + messages);
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  public Future<Void> close() {
    return (ws == null ? Future.<Void>succeededFuture() : ws.close()).eventually(client::close);
  }
}
