package ma.manchette.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import ma.manchette.support.Await;
import ma.manchette.support.FakeHub;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.Http;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * WebSub against a fake hub on loopback: subscribe, verify intent, signed pushes streamed, leases
 * renewed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSubIT {
  private Vertx vertx;
  private FakeOutlet outlet;
  private FakeHub hub;
  private TestServer server;
  private SseClient sse;
  private String publicUrl;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    hub = Await.result(new FakeHub(vertx).start());
    hub.leaseByTopic.put(outlet.url("/renew.xml"), 4); // a short lease, to see it renewed
    for (String id : List.of("push", "renew")) {
      String self = outlet.url("/" + id + ".xml");
      outlet.serveRaw(
          "/" + id + ".xml",
          req ->
              req.response()
                  .putHeader("Content-Type", "application/rss+xml")
                  .end(
                      feed(
                          self,
                          hub.url(),
                          "<item><title>Premier titre</title><link>https://example.ma/"
                              + id
                              + "/1</link><guid>"
                              + id
                              + "-1</guid></item>")));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    publicUrl = "http://127.0.0.1:" + port;
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(yaml("push", outlet.url("/push.xml")), yaml("renew", outlet.url("/renew.xml"))),
            Map.of("MANCHETTE_HTTP_PORT", String.valueOf(port), "MANCHETTE_PUBLIC_URL", publicUrl));
    sse = Await.result(SseClient.connect(vertx, server.port(), "/api/stream", null));
  }

  @AfterAll
  void stop() throws Exception {
    if (sse != null) Await.result(sse.close());
    if (server != null) server.close();
    Await.result(hub.stop());
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private static String yaml(String id, String url) {
    return "  - id: "
        + id
        + "\n    name: Outlet "
        + id
        + "\n    homepage: https://example.ma\n    lang: fr\n    interval: 300ms"
        + "\n    minInterval: 300ms\n    maxInterval: 10m\n    feeds: ["
        + url
        + "]\n";
  }

  private static String feed(String self, String hubUrl, String items) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>"
        + "<title>Pushed</title><link>https://example.ma/</link><description>d</description>"
        + "<atom:link rel=\"hub\" href=\""
        + hubUrl
        + "\"/><atom:link rel=\"self\" href=\""
        + self
        + "\" type=\"application/rss+xml\"/>"
        + items
        + "</channel></rss>";
  }

  private FakeHub.Request awaitSubscribed(String id) throws Exception {
    String topic = outlet.url("/" + id + ".xml");
    Await.until(
        () -> hub.verifications.stream().anyMatch(v -> v.topic().equals(topic) && v.confirmed()),
        20_000,
        "verified " + id);
    return hub.subscriptionsFor(topic).get(0);
  }

  private static String hmac(String algo, String secret, byte[] body) throws Exception {
    Mac m = Mac.getInstance(algo);
    m.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algo));
    return HexFormat.of().formatHex(m.doFinal(body));
  }

  private Http.Response push(String id, byte[] body, Map<String, String> headers) throws Exception {
    return Http.request(
        vertx,
        server.port(),
        HttpMethod.POST,
        "/websub/" + id,
        new String(body, StandardCharsets.UTF_8),
        headers);
  }

  @Test
  void subscribesToTheAdvertisedHubAndConfirmsOnlyItsOwnIntent() throws Exception {
    FakeHub.Request sub = awaitSubscribed("push");
    assertThat(sub.form().get("hub.mode")).isEqualTo("subscribe");
    assertThat(sub.form().get("hub.callback")).isEqualTo(publicUrl + "/websub/push");
    assertThat(sub.form().get("hub.topic")).isEqualTo(outlet.url("/push.xml"));
    assertThat(sub.form().get("hub.secret")).hasSizeGreaterThanOrEqualTo(32);
    assertThat(Long.parseLong(sub.form().get("hub.lease_seconds"))).isPositive();
    // a verification for a topic nobody asked for, or an unsubscription nobody asked for, is
    // refused
    FakeHub.Verification forged =
        Await.result(
            hub.verify(publicUrl + "/websub/push", "subscribe", "https://evil.example/feed", 60));
    assertThat(forged.status()).isEqualTo(404);
    assertThat(forged.body()).doesNotContain(forged.challenge());
    FakeHub.Verification unsub =
        Await.result(
            hub.verify(publicUrl + "/websub/push", "unsubscribe", outlet.url("/push.xml"), 60));
    assertThat(unsub.status()).isEqualTo(404);
    FakeHub.Verification stranger =
        Await.result(
            hub.verify(publicUrl + "/websub/nobody", "subscribe", outlet.url("/push.xml"), 60));
    assertThat(stranger.status()).isEqualTo(404);
  }

  @Test
  void signedContentIsStreamedLikeAPoll() throws Exception {
    String secret = awaitSubscribed("push").form().get("hub.secret");
    byte[] body =
        feed(
                outlet.url("/push.xml"),
                hub.url(),
                "<item><title>Poussé par le hub (sha256)</title><link>https://example.ma/push/2</link>"
                    + "<guid>push-2</guid></item>")
            .getBytes(StandardCharsets.UTF_8);
    Http.Response r =
        push(
            "push",
            body,
            Map.of(
                "Content-Type",
                "application/rss+xml",
                "X-Hub-Signature",
                "sha256=" + hmac("HmacSHA256", secret, body)));
    assertThat(r.status()).isEqualTo(202);
    sse.awaitEvents(
        ev -> ev.stream().anyMatch(e -> e.data().contains("Poussé par le hub (sha256)")), 15_000);

    byte[] body1 =
        feed(
                outlet.url("/push.xml"),
                hub.url(),
                "<item><title>Poussé par le hub (sha1)</title><link>https://example.ma/push/3</link>"
                    + "<guid>push-3</guid></item>")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(
            push(
                    "push",
                    body1,
                    Map.of(
                        "Content-Type",
                        "application/rss+xml",
                        "X-Hub-Signature",
                        "sha1=" + hmac("HmacSHA1", secret, body1)))
                .status())
        .isEqualTo(202);
    sse.awaitEvents(
        ev -> ev.stream().anyMatch(e -> e.data().contains("Poussé par le hub (sha1)")), 15_000);
    // the same content pushed again is not news twice
    push(
        "push",
        body1,
        Map.of(
            "Content-Type",
            "application/rss+xml",
            "X-Hub-Signature",
            "sha1=" + hmac("HmacSHA1", secret, body1)));
    Thread.sleep(1_000);
    assertThat(sse.titles().stream().filter(t -> t.equals("Poussé par le hub (sha1)"))).hasSize(1);
  }

  @Test
  void badSignaturesAreRefusedAndNothingIsPushed() throws Exception {
    awaitSubscribed("push");
    byte[] body =
        feed(
                outlet.url("/push.xml"),
                hub.url(),
                "<item><title>Contrefaçon</title><link>https://example.ma/push/666</link>"
                    + "<guid>push-666</guid></item>")
            .getBytes(StandardCharsets.UTF_8);
    Http.Response wrong =
        push(
            "push",
            body,
            Map.of("X-Hub-Signature", "sha256=" + hmac("HmacSHA256", "not-the-secret", body)));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(new JsonObject(wrong.body()).getString("error"))
        .isEqualTo("signature does not match");
    assertThat(push("push", body, Map.of("X-Hub-Signature", "sha256=zz")).status()).isEqualTo(403);
    assertThat(push("push", body, Map.of()).status()).isEqualTo(401);
    assertThat(
            push(
                    "nobody",
                    body,
                    Map.of("X-Hub-Signature", "sha256=" + hmac("HmacSHA256", "x", body)))
                .status())
        .isEqualTo(404);
    Thread.sleep(1_000);
    assertThat(sse.titles()).doesNotContain("Contrefaçon");
    assertThat(Http.get(vertx, server.port(), "/health/ready").status()).isEqualTo(200);
  }

  @Test
  void aShortLeaseIsRenewedBeforeItRunsOut() throws Exception {
    String topic = outlet.url("/renew.xml");
    awaitSubscribed("renew");
    Await.until(
        () ->
            hub.verifications.stream().filter(v -> v.topic().equals(topic) && v.confirmed()).count()
                >= 2,
        20_000,
        "a renewed lease");
    List<FakeHub.Request> subs = hub.subscriptionsFor(topic);
    assertThat(subs).hasSizeGreaterThanOrEqualTo(2);
    // the renewal keeps the same secret, so content signed in between stays valid
    assertThat(subs.get(1).form().get("hub.secret"))
        .isEqualTo(subs.get(0).form().get("hub.secret"));
  }

  @Test
  void aPushedOutletIsPolledOnlyAtItsSlowestPace() throws Exception {
    awaitSubscribed("push");
    // once a poll after the subscription has planned the next one, it is near the 10 min max (-10 %
    // jitter), not 300 ms
    Await.until(
        () -> {
          try {
            for (Object o :
                Http.get(vertx, server.port(), "/api/outlets").json().getJsonArray("outlets")) {
              JsonObject j = (JsonObject) o;
              if (!"push".equals(j.getString("id"))) continue;
              String next = j.getJsonObject("health").getString("nextPollAt");
              return next != null && Instant.parse(next).isAfter(Instant.now().plusSeconds(8 * 60));
            }
            return false;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        20_000,
        "the next poll planned at the slow pace");
    assertThat(server.server.registry().get("push").health.consecutiveFailures()).isZero();
  }
}
