package ma.manchette.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WebSub hub on loopback: records subscription requests, answers 202, then verifies the
 * subscriber's intent with a GET to its callback, as a real hub does. Leases are chosen per topic.
 */
public final class FakeHub {
  public record Request(long atMs, MultiMap form) {}

  public record Verification(String topic, String challenge, int status, String body, long atMs) {
    public boolean confirmed() {
      return status == 200 && challenge.equals(body);
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private HttpServer server;
  public final List<Request> requests = new CopyOnWriteArrayList<>();
  public final List<Verification> verifications = new CopyOnWriteArrayList<>();
  public final Map<String, Integer> leaseByTopic = new ConcurrentHashMap<>();

  public FakeHub(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient();
  }

  public Future<FakeHub> start() {
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

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hub";
  }

  private void serve(HttpServerRequest req) {
    req.setExpectMultipart(true);
    req.endHandler(
        v -> {
          MultiMap form = MultiMap.caseInsensitiveMultiMap().addAll(req.formAttributes());
          requests.add(new Request(System.currentTimeMillis(), form));
          req.response().setStatusCode(202).end();
          if ("subscribe".equals(form.get("hub.mode"))) {
            int lease = leaseByTopic.getOrDefault(form.get("hub.topic"), 3_600);
            vertx.setTimer(
                50,
                t -> verify(form.get("hub.callback"), "subscribe", form.get("hub.topic"), lease));
          }
        });
  }

  /** Sends a verification GET, as the hub would (tests also call it to forge one). */
  public Future<Verification> verify(String callback, String mode, String topic, int lease) {
    String challenge = UUID.randomUUID().toString();
    String uri =
        callback
            + (callback.contains("?") ? "&" : "?")
            + "hub.mode="
            + mode
            + "&hub.topic="
            + enc(topic)
            + "&hub.challenge="
            + challenge
            + "&hub.lease_seconds="
            + lease;
    return Await.start(
        vertx,
        () ->
            client
                .request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri))
                .compose(r -> r.send())
                .compose(
                    resp ->
                        resp.body()
                            .map(
                                b -> {
                                  Verification v =
                                      new Verification(
                                          topic,
                                          challenge,
                                          resp.statusCode(),
                                          b.toString(),
                                          System.currentTimeMillis());
                                  verifications.add(v);
                                  return v;
                                })));
  }

  public List<Request> subscriptionsFor(String topic) {
    return requests.stream().filter(r -> topic.equals(r.form().get("hub.topic"))).toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  public Future<Void> stop() {
    return client
        .close()
        .eventually(() -> server == null ? Future.succeededFuture() : server.close());
  }
}
