package ma.manchette.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real HTTP outlet on loopback: each path serves an RSS feed built from its entries (newest
 * first), with an ETag so conditional GETs are answered 304, or a raw handler for hostile cases.
 */
public final class FakeOutlet {
  private final Vertx vertx;
  private HttpServer server;
  private final Map<String, List<FeedEntry>> feeds = new ConcurrentHashMap<>();
  private final Map<String, Consumer<HttpServerRequest>> raw = new ConcurrentHashMap<>();
  private final Map<String, Buffer> files = new ConcurrentHashMap<>();
  public final AtomicInteger requests = new AtomicInteger();
  public final AtomicInteger notModified = new AtomicInteger();

  public FakeOutlet(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<FakeOutlet> start() {
    return vertx
        .createHttpServer()
        .requestHandler(this::serve)
        .listen(0, "127.0.0.1")
        .map(
            s -> {
              server = s;
              return this;
            });
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  public synchronized void publish(String path, FeedEntry e) {
    feeds.computeIfAbsent(path, p -> new ArrayList<>()).add(0, e);
  }

  public synchronized void set(String path, List<FeedEntry> newestFirst) {
    feeds.put(path, new ArrayList<>(newestFirst));
  }

  public void serveBytes(String path, Buffer body) {
    files.put(path, body);
  }

  public void serveRaw(String path, Consumer<HttpServerRequest> handler) {
    raw.put(path, handler);
  }

  private void serve(HttpServerRequest req) {
    requests.incrementAndGet();
    Consumer<HttpServerRequest> h = raw.get(req.path());
    if (h != null) {
      h.accept(req);
      return;
    }
    Buffer file = files.get(req.path());
    if (file != null) {
      req.response().putHeader("Content-Type", "application/xml").end(file);
      return;
    }
    String body;
    synchronized (this) {
      List<FeedEntry> entries = feeds.get(req.path());
      if (entries == null) {
        req.response().setStatusCode(404).end("not found");
        return;
      }
      body = rss(entries);
    }
    String etag = "\"" + Integer.toHexString(body.hashCode()) + "\"";
    if (etag.equals(req.getHeader("If-None-Match"))) {
      notModified.incrementAndGet();
      req.response().setStatusCode(304).end();
      return;
    }
    req.response()
        .putHeader("Content-Type", "application/rss+xml; charset=utf-8")
        .putHeader("ETag", etag)
        .end(body);
  }

  public static String rss(List<FeedEntry> entries) {
    StringBuilder sb =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                + "<title>Fake outlet</title><link>https://example.ma/</link><description>test</description>\n");
    for (FeedEntry e : entries) {
      sb.append("<item><title>").append(esc(e.title())).append("</title>");
      if (e.link() != null)
        sb.append("<link>").append(esc(e.link())).append("</link>"); // an entry may have none
      sb.append("<guid isPermaLink=\"false\">").append(esc(e.guid())).append("</guid>");
      if (e.description() != null)
        sb.append("<description>").append(esc(e.description())).append("</description>");
      if (e.published() != null) {
        sb.append("<pubDate>")
            .append(
                DateTimeFormatter.RFC_1123_DATE_TIME.format(e.published().atOffset(ZoneOffset.UTC)))
            .append("</pubDate>");
      }
      sb.append("</item>\n");
    }
    return sb.append("</channel></rss>").toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
