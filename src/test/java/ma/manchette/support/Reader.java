package ma.manchette.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.TreeMap;

/**
 * A reader's browser in miniature: requests leave from its own loopback address (127.0.0.x) and
 * carry the cookies the server set, so tests can be several distinct people on one machine.
 */
public final class Reader implements AutoCloseable {
  private final Vertx vertx;
  private final HttpClient client;
  private final Map<String, String> cookies = new TreeMap<>();

  public Reader(Vertx vertx, String localAddress) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setLocalAddress(localAddress));
  }

  public void forgetCookies() {
    cookies.clear();
  }

  public Http.Response request(
      int port, HttpMethod method, String path, String body, Map<String, String> headers)
      throws Exception {
    RequestOptions o =
        new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path);
    headers.forEach(o::putHeader);
    if (!cookies.isEmpty()) {
      StringBuilder c = new StringBuilder();
      cookies.forEach(
          (k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
      o.putHeader("Cookie", c.toString());
    }
    return Await.onContext(
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
                                  for (String set : resp.cookies()) {
                                    String pair = set.split(";", 2)[0];
                                    int eq = pair.indexOf('=');
                                    if (eq > 0)
                                      cookies.put(
                                          pair.substring(0, eq).trim(),
                                          pair.substring(eq + 1).trim());
                                  }
                                  Map<String, String> h =
                                      new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                                  resp.headers().forEach(e -> h.put(e.getKey(), e.getValue()));
                                  return new Http.Response(resp.statusCode(), h, b.toString());
                                })));
  }

  public Http.Response report(int port, String itemId, String target, String reason)
      throws Exception {
    return request(
        port,
        HttpMethod.POST,
        "/api/items/" + itemId + "/reports",
        new io.vertx.core.json.JsonObject().put("reason", reason).put("target", target).encode(),
        Map.of("Content-Type", "application/json"));
  }

  @Override
  public void close() {
    client.close();
  }
}
