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

  public static Response request(
      Vertx vertx,
      int port,
      HttpMethod method,
      String path,
      String body,
      Map<String, String> headers)
      throws Exception {
    HttpClient client = vertx.createHttpClient();
    try {
      RequestOptions o =
          new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path);
      headers.forEach(o::putHeader);
      Response response =
          Await.onContext(
              vertx,
              () ->
                  client
                      .request(o)
                      .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
                      .compose(
                          resp ->
                              resp.body()
                                  .map(
                                      b -> {
                                        Map<String, String> h =
                                            new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                                        resp.headers()
                                            .forEach(e -> h.put(e.getKey(), e.getValue()));
                                        return new Response(resp.statusCode(), h, b.toString());
                                      })));
      // every answer of the real server to a documented operation is checked against the document
      if (OpenApiContract.checksAnswersOf(port))
        OpenApiContract.get(vertx).check(vertx, method, path, response);
      return response;
    } finally {
      client.close();
    }
  }

  /**
   * The newest items of GET /api/items, or none on any failure: for polling conditions in
   * Await.until.
   */
  public static io.vertx.core.json.JsonArray itemsQuietly(Vertx vertx, int port) {
    try {
      return get(vertx, port, "/api/items?limit=50").json().getJsonArray("items");
    } catch (Exception e) {
      return new io.vertx.core.json.JsonArray();
    }
  }

  /** The first item whose title starts with {@code prefix}; fails naming what was there. */
  public static JsonObject byTitle(io.vertx.core.json.JsonArray items, String prefix) {
    for (int i = 0; i < items.size(); i++) {
      if (items.getJsonObject(i).getString("title").startsWith(prefix))
        return items.getJsonObject(i);
    }
    throw new AssertionError("no item starting with " + prefix + " in " + items.encode());
  }
}
