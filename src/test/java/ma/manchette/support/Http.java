package ma.manchette.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** A small blocking HTTP client for tests: status, headers and body of one request. */
public final class Http {
  public record Response(int status, Map<String, String> headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private Http() {}

  public static Response get(Vertx vertx, int port, String path) throws Exception {
    return request(vertx, port, HttpMethod.GET, path, null, Map.of());
  }

  /** The body of a GET, or "" on any failure: for polling conditions in Await.until. */
  public static String getQuietly(Vertx vertx, int port, String path) {
    try {
      return get(vertx, port, path).body();
    } catch (Exception e) {
      return "";
    }
  }

  public static Response request(Vertx vertx, int port, HttpMethod method, String path, String body,
                                 Map<String, String> headers) throws Exception {
    HttpClient client = vertx.createHttpClient();
    try {
      RequestOptions o = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path);
      headers.forEach(o::putHeader);
      return Await.onContext(vertx, () -> client.request(o)
          .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
          .compose(resp -> resp.body().map(b -> {
            Map<String, String> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            resp.headers().forEach(e -> h.put(e.getKey(), e.getValue()));
            return new Response(resp.statusCode(), h, b.toString());
          })));
    } finally {
      client.close();
    }
  }
}
