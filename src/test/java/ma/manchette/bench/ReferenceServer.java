package ma.manchette.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor: raw Vert.x, no router, no filters, no ring. Each headline is encoded once and the same
 * buffer is written to every open SSE response / WebSocket on its own event loop. Publishes one
 * headline every {@code periodMs}, stamped with detectedAt = now, in the same JSON shape as Manchette.
 */
public final class ReferenceServer {
  private final Vertx vertx;
  private final Map<Context, Set<HttpServerResponse>> sse = new ConcurrentHashMap<>();
  private final Map<Context, Set<ServerWebSocket>> ws = new ConcurrentHashMap<>();
  private final AtomicLong seq = new AtomicLong();
  private HttpServer server;

  public ReferenceServer(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<ReferenceServer> start(String host, int port) {
    return vertx.createHttpServer(new HttpServerOptions().setAcceptBacklog(8192)).webSocketHandler(sock -> {
      Context ctx = Vertx.currentContext();
      Set<ServerWebSocket> set = ws.computeIfAbsent(ctx, c -> ConcurrentHashMap.newKeySet());
      set.add(sock);
      sock.closeHandler(v -> set.remove(sock));
    }).requestHandler(req -> {
      HttpServerResponse resp = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
      resp.write("retry: 3000\n\n");
      Context ctx = Vertx.currentContext();
      Set<HttpServerResponse> set = sse.computeIfAbsent(ctx, c -> ConcurrentHashMap.newKeySet());
      set.add(resp);
      resp.closeHandler(v -> set.remove(resp));
    }).listen(port, host).map(s -> {
      server = s;
      return this;
    });
  }

  public int port() {
    return server.actualPort();
  }

  /** Publishes one headline now; {@code publishedAt} is the outlet's time stamped into the title. */
  public void publish(long publishedAt) {
    long id = seq.incrementAndGet();
    JsonObject item = new JsonObject().put("id", Long.toString(id)).put("outlet", "reference").put("outletName", "Reference")
        .put("title", "Reference headline " + id + " @" + publishedAt).put("url", "https://example.ma/ref/" + id)
        .put("lang", "fr").put("detectedAt", Instant.now().toString());
    Buffer frame = Buffer.buffer("id: " + id + "\nevent: headline\ndata: " + item.encode() + "\n\n");
    String msg = new JsonObject().put("type", "headline").put("item", item).encode();
    sse.forEach((ctx, set) -> ctx.runOnContext(v -> {
      for (HttpServerResponse r : set) r.write(frame);
    }));
    ws.forEach((ctx, set) -> ctx.runOnContext(v -> {
      for (ServerWebSocket s : set) s.writeTextMessage(msg);
    }));
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /**
   * As a program: {@code ReferenceServer host port periodMs}; prints LISTENING when ready. A line
   * {@code RATE <n>} on stdin switches to n headlines per second spread evenly (10 ms ticks, by the clock); {@code RATE 0}
   * goes back to one every periodMs.
   */
  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    ReferenceServer ref = new ReferenceServer(vertx);
    ref.start(args[0], Integer.parseInt(args[1])).toCompletionStage().toCompletableFuture().get();
    long period = Long.parseLong(args[2]);
    long[] timer = {vertx.setPeriodic(period, t -> ref.publish(System.currentTimeMillis()))};
    System.out.println("LISTENING " + ref.port());
    System.out.flush();
    java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
    String line;
    while ((line = in.readLine()) != null) {
      if (!line.startsWith("RATE ")) continue;
      int rate = Integer.parseInt(line.substring(5).trim());
      vertx.cancelTimer(timer[0]);
      if (rate == 0) {
        timer[0] = vertx.setPeriodic(period, t -> ref.publish(System.currentTimeMillis()));
      } else {
        long since = System.nanoTime();
        long[] sent = {0};
        timer[0] = vertx.setPeriodic(10, t -> { // what the clock says is owed, so late ticks do not lower the rate
          long owed = (System.nanoTime() - since) * rate / 1_000_000_000L;
          for (; sent[0] < owed; sent[0]++) ref.publish(System.currentTimeMillis());
        });
      }
    }
  }
}
