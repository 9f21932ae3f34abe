package ma.manchette.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A plain SSE client over a real socket, parsing frames as EventSource would. */
public final class SseClient {
  public record Event(String id, String event, String data) {
    public JsonObject json() {
      return new JsonObject(data);
    }
  }

  private final HttpClient client;
  public final List<Event> events = new CopyOnWriteArrayList<>();

  /** When each event with an id arrived (System.currentTimeMillis), for latency figures. */
  public final java.util.Map<String, Long> receivedAt =
      new java.util.concurrent.ConcurrentHashMap<>();

  public final List<String> comments = new CopyOnWriteArrayList<>();
  private HttpClientResponse response;
  private final StringBuilder pending = new StringBuilder();
  private StringBuilder body;
  public volatile boolean ended;

  private SseClient(Vertx vertx, String localAddress) {
    HttpClientOptions options = new HttpClientOptions().setIdleTimeout(0);
    if (localAddress != null) options.setLocalAddress(localAddress);
    this.client = vertx.createHttpClient(options);
  }

  public static Future<SseClient> connect(
      Vertx vertx, int port, String pathAndQuery, String lastEventId) {
    return connect(vertx, port, pathAndQuery, lastEventId, null, java.util.Map.of());
  }

  /**
   * From a loopback source address of its own (127.x.y.z), with extra request headers: a reader
   * behind a proxy.
   */
  public static Future<SseClient> connect(
      Vertx vertx,
      int port,
      String pathAndQuery,
      String lastEventId,
      String localAddress,
      java.util.Map<String, String> headers) {
    SseClient c = new SseClient(vertx, localAddress);
    RequestOptions o =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(pathAndQuery)
            .putHeader("Accept", "text/event-stream");
    headers.forEach(o::putHeader);
    if (lastEventId != null) o.putHeader("Last-Event-ID", lastEventId);
    // handlers set on the context that receives the stream, before its first chunk (see
    // Await.start)
    return Await.start(
        vertx,
        () ->
            c.client
                .request(o)
                .compose(r -> r.send())
                .map(
                    resp -> {
                      c.response = resp;
                      resp.handler(c::onBytes);
                      c.body = resp.statusCode() == 200 ? null : new StringBuilder();
                      resp.endHandler(v -> c.ended = true);
                      resp.exceptionHandler(e -> c.ended = true);
                      return c;
                    }));
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.getHeader(name);
  }

  /** Stops reading from the socket without closing it: a client that does not keep up. */
  public void pause() {
    response.pause();
  }

  public void resume() {
    response.resume();
  }

  /** The body of a refused stream (an error answer instead of events). */
  public synchronized String errorBody() {
    return body == null ? null : body.toString();
  }

  private io.vertx.core.buffer.Buffer undecoded = io.vertx.core.buffer.Buffer.buffer();

  /**
   * Decodes up to the last newline only: a chunk may end inside a multi-byte character, and a
   * newline byte never stands inside one.
   */
  private synchronized void onBytes(io.vertx.core.buffer.Buffer chunk) {
    undecoded.appendBuffer(chunk);
    int last = -1;
    for (int i = undecoded.length() - 1; i >= 0; i--)
      if (undecoded.getByte(i) == '\n') {
        last = i;
        break;
      }
    if (last < 0 && body == null) return;
    int upTo = body != null ? undecoded.length() : last + 1;
    String text = undecoded.getString(0, upTo, "UTF-8");
    undecoded = undecoded.getBuffer(upTo, undecoded.length());
    onData(text);
  }

  private synchronized void onData(String chunk) {
    if (body != null) {
      body.append(chunk);
      return;
    }
    pending.append(chunk);
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String frame = pending.substring(0, end);
      pending.delete(0, end + 2);
      String id = null;
      String event = "message";
      StringBuilder data = new StringBuilder();
      boolean hasData = false;
      for (String line : frame.split("\n")) {
        if (line.startsWith(":")) comments.add(line);
        else if (line.startsWith("id: ")) id = line.substring(4);
        else if (line.startsWith("event: ")) event = line.substring(7);
        else if (line.startsWith("data: ")) {
          if (hasData) data.append('\n');
          data.append(line.substring(6));
          hasData = true;
        }
      }
      if (hasData) {
        if (id != null) receivedAt.putIfAbsent(id, System.currentTimeMillis());
        events.add(new Event(id, event, data.toString()));
      }
    }
  }

  public List<Event> headlines() {
    return events.stream().filter(e -> e.event().equals("headline")).toList();
  }

  public List<String> titles() {
    return headlines().stream().map(e -> e.json().getString("title")).toList();
  }

  /** As EventSource keeps it: the last id line seen (story and late events carry none). */
  public String lastId() {
    for (int i = events.size() - 1; i >= 0; i--)
      if (events.get(i).id() != null) return events.get(i).id();
    return null;
  }

  public void awaitEvents(Predicate<List<Event>> condition, long timeoutMs)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.test(events)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            "timed out waiting; received " + events.size() + " events: " + events);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  public void awaitHeadlines(int n, long timeoutMs) throws InterruptedException {
    awaitEvents(
        ev -> ev.stream().filter(e -> e.event().equals("headline")).count() >= n, timeoutMs);
  }

  public Future<Void> close() {
    return client.close();
  }
}
