package ma.manchette.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor: raw Vert.x, no router, no filters, no ring, on the transport Manchette uses. One HTTP
 * server verticle per core (as Manchette deploys its own), each keeping its connections; each
 * headline is encoded once and the same buffer is written to every open SSE response / WebSocket on
 * its own event loop. Publishes one headline every {@code periodMs}, stamped with detectedAt = now,
 * in the same JSON shape as Manchette.
 */
public final class ReferenceServer {
  private final Vertx vertx;
  private final List<Loop> loops = new CopyOnWriteArrayList<>();
  private final AtomicLong seq = new AtomicLong();
  private String host;
  private int port;

  public ReferenceServer(Vertx vertx) {
    this.vertx = vertx;
  }

  /** One event loop's server and connections; only touched on that loop. */
  private final class Loop extends VerticleBase {
    private final Set<HttpServerResponse> sse = new HashSet<>();
    private final Set<ServerWebSocket> ws = new HashSet<>();
    private HttpServer server;

    @Override
    public Future<?> start() {
      loops.add(this);
      return vertx
          .createHttpServer(new HttpServerOptions().setAcceptBacklog(8192))
          .webSocketHandler(
              sock -> {
                ws.add(sock);
                sock.closeHandler(v -> ws.remove(sock));
              })
          .requestHandler(
              req -> {
                HttpServerResponse resp =
                    req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                resp.write("retry: 3000\n\n");
                sse.add(resp);
                resp.closeHandler(v -> sse.remove(resp));
              })
          .listen(port, host)
          .onSuccess(s -> server = s);
    }

    void publish(Buffer frame, String msg) {
      context.runOnContext(
          v -> {
            for (HttpServerResponse r : sse) r.write(frame);
            for (ServerWebSocket s : ws) s.writeTextMessage(msg);
          });
    }
  }

  public Future<ReferenceServer> start(String host, int port) {
    this.host = host;
    this.port = port == 0 ? -1 : port; // a negative port: one random port shared by every instance
    int instances = Runtime.getRuntime().availableProcessors();
    return vertx
        .deployVerticle(Loop::new, new DeploymentOptions().setInstances(instances))
        .map(
            id -> {
              if (loops.stream().map(l -> l.server.actualPort()).distinct().count() != 1) {
                throw new IllegalStateException(
                    "the reference server's instances did not share one port");
              }
              return this;
            });
  }

  public int port() {
    return loops.get(0).server.actualPort();
  }

  /**
   * Publishes one headline now; {@code publishedAt} is the outlet's time stamped into the title.
   */
  public void publish(long publishedAt) {
    long id = seq.incrementAndGet();
    JsonObject item =
        new JsonObject()
            .put("id", Long.toString(id))
            .put("outlet", "reference")
            .put("outletName", "Reference")
            .put("title", "Reference headline " + id + " @" + publishedAt)
            .put("url", "https://example.ma/ref/" + id)
            .put("lang", "fr")
            .put("detectedAt", Instant.now().toString());
    Buffer frame =
        Buffer.buffer("id: " + id + "\nevent: headline\ndata: " + item.encode() + "\n\n");
    String msg = new JsonObject().put("type", "headline").put("item", item).encode();
    for (Loop loop : loops) loop.publish(frame, msg);
  }

  public Future<Void> stop() {
    List<Future<?>> closing = new ArrayList<>();
    for (Loop loop : loops) if (loop.server != null) closing.add(loop.server.close());
    return Future.join(closing).mapEmpty();
  }

  /**
   * As a program: {@code ReferenceServer host port periodMs}; prints LISTENING when ready; periodMs
   * 0 publishes only when told. A line {@code PUB} on stdin publishes one headline now (the bench's
   * own schedule); {@code RATE <n>} switches to n headlines per second spread evenly (10 ms ticks,
   * by the clock); {@code RATE 0} goes back to periodMs.
   */
  public static void main(String[] args) throws Exception {
    // the same network transport as Manchette (epoll unless MANCHETTE_NATIVE_TRANSPORT=0)
    Vertx vertx =
        Vertx.vertx(
            new io.vertx.core.VertxOptions()
                .setPreferNativeTransport(
                    !"0".equals(System.getenv("MANCHETTE_NATIVE_TRANSPORT"))));
    ReferenceServer ref = new ReferenceServer(vertx);
    ref.start(args[0], Integer.parseInt(args[1])).toCompletionStage().toCompletableFuture().get();
    long period = Long.parseLong(args[2]);
    long[] timer = {
      period > 0 ? vertx.setPeriodic(period, t -> ref.publish(System.currentTimeMillis())) : -1
    };
    System.out.println("LISTENING " + ref.port());
    System.out.flush();
    java.io.BufferedReader in =
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.equals("PUB")) ref.publish(System.currentTimeMillis());
      if (!line.startsWith("RATE ")) continue;
      int rate = Integer.parseInt(line.substring(5).trim());
      vertx.cancelTimer(timer[0]);
      if (rate == 0) {
        timer[0] =
            period > 0
                ? vertx.setPeriodic(period, t -> ref.publish(System.currentTimeMillis()))
                : -1;
      } else {
        long since = System.nanoTime();
        long[] sent = {0};
        timer[0] =
            vertx.setPeriodic(
                10,
                t -> { // what the clock says is owed, so late ticks do not lower the rate
                  long owed = (System.nanoTime() - since) * rate / 1_000_000_000L;
                  for (; sent[0] < owed; sent[0]++) ref.publish(System.currentTimeMillis());
                });
      }
    }
  }
}
