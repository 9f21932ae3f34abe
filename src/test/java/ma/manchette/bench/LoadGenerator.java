package ma.manchette.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens N SSE or WebSocket subscribers against one server, spread over several 127.0.0.x source
 * addresses, and records for every delivered headline the time from detection ({@code detectedAt})
 * and from the outlet's publication (the {@code @millis} tag in the title) to receipt. Run as its
 * own JVM by {@link BenchRunner} (several at once, each under the open-file limit) or in-process by
 * the smoke test.
 *
 * <p>As a program: {@code LoadGenerator host port sse|ws n firstSource sources resultFile
 * [nosubscribe]}; prints {@code CONNECTED <n>} once every connection is settled, and writes its
 * result when stdin says STOP.
 */
public final class LoadGenerator {
  /** Connection attempts in flight at once, so the server's accept queue is not flooded. */
  private static final int OPEN_WINDOW = 200;

  /**
   * {@code subscribe}: send Manchette's WebSocket subscribe message (nchan closes a subscriber that
   * sends anything).
   */
  public record Options(
      String host,
      int port,
      String transport,
      int subscribers,
      int firstSource,
      int sources,
      boolean subscribe) {
    public Options(
        String host, int port, String transport, int subscribers, int firstSource, int sources) {
      this(host, port, transport, subscribers, firstSource, sources, true);
    }
  }

  private final Vertx vertx;
  private final Options opts;
  private final List<HttpClient> httpClients = new ArrayList<>();
  private final List<WebSocketClient> wsClients = new ArrayList<>();
  private final List<Runnable> closers = new ArrayList<>();
  private final BenchResult result = new BenchResult();
  private final AtomicInteger open = new AtomicInteger();
  private volatile boolean stopping;

  public LoadGenerator(Vertx vertx, Options opts) {
    this.vertx = vertx;
    this.opts = opts;
    for (int i = 0; i < opts.sources(); i++) {
      String local = "127.0.0." + (opts.firstSource() + i);
      if (opts.transport().equals("ws")) {
        wsClients.add(
            vertx.createWebSocketClient(
                new WebSocketClientOptions()
                    .setLocalAddress(local)
                    .setMaxConnections(Integer.MAX_VALUE)
                    .setConnectTimeout(20_000)));
      } else {
        httpClients.add(
            vertx.createHttpClient(
                new HttpClientOptions()
                    .setLocalAddress(local)
                    .setConnectTimeout(20_000)
                    .setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(opts.subscribers()).setMaxWaitQueueSize(-1)));
      }
    }
  }

  public BenchResult result() {
    return result;
  }

  /** Opens every subscriber; completes once each one is connected, refused or failed. */
  public Future<BenchResult> connect() {
    Promise<BenchResult> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger settled = new AtomicInteger();
    Runnable[] launch = new Runnable[1];
    launch[0] =
        () -> {
          int i = next.getAndIncrement();
          if (i >= opts.subscribers()) return;
          open(i)
              .onComplete(
                  ar -> {
                    if (settled.incrementAndGet() == opts.subscribers()) done.complete(result);
                    else launch[0].run();
                  });
        };
    if (opts.subscribers() == 0) return Future.succeededFuture(result);
    // begun on a Vert.x context, so each stream's handler is set before its first chunk (see
    // Await.start)
    vertx.runOnContext(
        v -> {
          for (int i = 0; i < Math.min(OPEN_WINDOW, opts.subscribers()); i++) launch[0].run();
        });
    return done.future();
  }

  private Future<Void> open(int i) {
    return opts.transport().equals("ws") ? openWs(i) : openSse(i);
  }

  private Future<Void> openSse(int i) {
    HttpClient client = httpClients.get(i % httpClients.size());
    RequestOptions ro =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(opts.host())
            .setPort(opts.port())
            .setURI("/api/stream")
            .addHeader("Accept", "text/event-stream")
            .setIdleTimeout(0);
    return client
        .request(ro)
        .compose(req -> req.send())
        .compose(
            resp -> {
              if (resp.statusCode() == 503) {
                result.refused.incrementAndGet();
                if (resp.getHeader("Retry-After") != null)
                  result.refusedWithRetryAfter.incrementAndGet();
                return resp.body().mapEmpty();
              }
              if (resp.statusCode() != 200) {
                result.failed.incrementAndGet();
                result.noteError(new IllegalStateException("HTTP " + resp.statusCode()));
                return resp.body().mapEmpty();
              }
              result.connected.incrementAndGet();
              open.incrementAndGet();
              SseFrames frames = new SseFrames(this::received);
              resp.handler(frames::feed);
              resp.exceptionHandler(e -> {});
              resp.endHandler(v -> lost());
              closers.add(() -> resp.request().connection().close());
              return Future.<Void>succeededFuture();
            })
        .recover(
            e -> {
              result.failed.incrementAndGet();
              result.noteError(e);
              return Future.succeededFuture();
            });
  }

  private Future<Void> openWs(int i) {
    WebSocketClient client = wsClients.get(i % wsClients.size());
    WebSocketConnectOptions wo =
        new WebSocketConnectOptions().setHost(opts.host()).setPort(opts.port()).setURI("/api/ws");
    return client
        .connect(wo)
        .map(
            ws -> {
              result.connected.incrementAndGet();
              open.incrementAndGet();
              ws.textMessageHandler(this::received);
              ws.exceptionHandler(e -> {});
              ws.closeHandler(v -> lost());
              if (opts.subscribe())
                ws.writeTextMessage(
                    new JsonObject()
                        .put("type", "subscribe")
                        .put("filter", new JsonObject())
                        .encode());
              closers.add(() -> ws.close());
              return (Void) null;
            })
        .recover(
            e -> {
              String m = String.valueOf(e.getMessage());
              if (m.contains("503")) {
                result.refused.incrementAndGet();
                result.refusedWithRetryAfter
                    .incrementAndGet(); // the WS handshake error hides headers; the smoke test
                // checks them over HTTP
              } else {
                result.failed.incrementAndGet();
                result.noteError(e);
              }
              return Future.succeededFuture();
            });
  }

  private void lost() {
    open.decrementAndGet();
    if (!stopping) result.lost.incrementAndGet();
  }

  /** One SSE data line or WebSocket message: only headlines carry a detectedAt. */
  private void received(String payload) {
    long now = System.currentTimeMillis();
    int at = payload.indexOf("\"detectedAt\":\"");
    if (at < 0 || !payload.contains("headline") && !payload.startsWith("{\"id\"")) return;
    int start = at + 14;
    long detected =
        Instant.parse(payload.substring(start, payload.indexOf('"', start))).toEpochMilli();
    long published = publishedTag(payload);
    int idAt = payload.indexOf("\"id\":\"");
    String id = payload.substring(idAt + 6, payload.indexOf('"', idAt + 6));
    result.record(id, detected, published, now);
  }

  /**
   * The outlet writes "@<epoch millis>" at the end of each bench title: publication time on this
   * machine.
   */
  static long publishedTag(String payload) {
    int t = payload.indexOf("\"title\":\"");
    if (t < 0) return -1;
    int end = payload.indexOf('"', t + 9);
    int at = payload.lastIndexOf('@', end);
    if (at < t) return -1;
    try {
      return Long.parseLong(payload.substring(at + 1, end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public int open() {
    return open.get();
  }

  public Future<Void> close() {
    stopping = true;
    List<Future<Void>> all = new ArrayList<>();
    vertx.runOnContext(v -> closers.forEach(Runnable::run));
    for (HttpClient c : httpClients) all.add(c.close());
    for (WebSocketClient c : wsClients) all.add(c.close());
    return Future.join(all).mapEmpty();
  }

  /** Splits an SSE byte stream into events and hands over each data line. */
  static final class SseFrames {
    private final java.util.function.Consumer<String> onData;
    private Buffer pending = Buffer.buffer();

    SseFrames(java.util.function.Consumer<String> onData) {
      this.onData = onData;
    }

    void feed(Buffer chunk) {
      pending.appendBuffer(chunk);
      String s = pending.toString(StandardCharsets.UTF_8);
      int from = 0;
      int end;
      while ((end = s.indexOf("\n\n", from)) >= 0) {
        String event = s.substring(from, end);
        from = end + 2;
        int d = event.indexOf("data: ");
        if (d >= 0 && event.contains("event: headline")) onData.accept(event.substring(d + 6));
      }
      pending = from == 0 ? pending : Buffer.buffer(s.substring(from));
    }
  }

  public static void main(String[] args) throws Exception {
    Options o =
        new Options(
            args[0],
            Integer.parseInt(args[1]),
            args[2],
            Integer.parseInt(args[3]),
            Integer.parseInt(args[4]),
            Integer.parseInt(args[5]),
            !(args.length > 7 && args[7].equals("nosubscribe")));
    Path out = Path.of(args[6]);
    Vertx vertx = Vertx.vertx();
    LoadGenerator gen = new LoadGenerator(vertx, o);
    gen.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    System.out.println(
        "CONNECTED "
            + gen.result.connected.get()
            + " refused "
            + gen.result.refused.get()
            + " failed "
            + gen.result.failed.get());
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("STOP")) {
      // the runner only ever says STOP; anything else is ignored
    }
    Files.writeString(out, gen.result.toJson().encode());
    gen.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.out.println("DONE");
    System.out.flush();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.exit(0);
  }
}
