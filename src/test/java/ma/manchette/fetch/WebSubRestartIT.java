package ma.manchette.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.Test;

/**
 * A restarted server still recognises pushes signed with the secret of the subscription it made
 * before.
 */
class WebSubRestartIT {
  @Test
  void aSubscriptionSurvivesARestart() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    FakeHub hub = Await.result(new FakeHub(vertx).start());
    String topic = outlet.url("/feed.xml");
    outlet.serveRaw(
        "/feed.xml",
        req ->
            req.response()
                .putHeader("Content-Type", "application/rss+xml")
                .end(feed(topic, hub.url(), "r-1")));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String db = TestDatabase.freshDatabaseUrl();
    Map<String, String> env =
        Map.of(
            "MANCHETTE_HTTP_PORT",
            String.valueOf(port),
            "MANCHETTE_PUBLIC_URL",
            "http://127.0.0.1:" + port);
    List<String> outlets = List.of(TestServer.outlet("pushed", "Pushed", "fr", topic, "300ms"));
    try {
      String secret;
      try (TestServer first = TestServer.start(db, outlets, env)) {
        Await.until(
            () -> hub.verifications.stream().anyMatch(FakeHub.Verification::confirmed),
            20_000,
            "verified subscription");
        secret = hub.subscriptionsFor(topic).get(0).form().get("hub.secret");
      }
      try (TestServer again = TestServer.start(db, outlets, env)) {
        SseClient sse = Await.result(SseClient.connect(vertx, again.port(), "/api/stream", null));
        try {
          byte[] body = feed(topic, hub.url(), "r-2").getBytes(StandardCharsets.UTF_8);
          Mac m = Mac.getInstance("HmacSHA256");
          m.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
          String sig = "sha256=" + HexFormat.of().formatHex(m.doFinal(body));
          Await.until(
              () -> again.server.registry().get("pushed").health.polls() > 0,
              20_000,
              "first poll after restart");
          Http.Response r =
              Http.request(
                  vertx,
                  again.port(),
                  HttpMethod.POST,
                  "/websub/pushed",
                  new String(body, StandardCharsets.UTF_8),
                  Map.of("Content-Type", "application/rss+xml", "X-Hub-Signature", sig));
          assertThat(r.status()).isEqualTo(202);
          sse.awaitEvents(ev -> ev.stream().anyMatch(e -> e.data().contains("Titre r-2")), 15_000);
          // the running lease was kept: no new subscription was needed
          assertThat(hub.subscriptionsFor(topic)).hasSize(1);
        } finally {
          Await.result(sse.close());
        }
      }
    } finally {
      Await.result(hub.stop());
      Await.result(outlet.stop());
      Await.result(vertx.close());
    }
  }

  private static String feed(String self, String hubUrl, String guid) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>"
        + "<title>Pushed</title><link>https://example.ma/</link><description>d</description>"
        + "<atom:link rel=\"hub\" href=\""
        + hubUrl
        + "\"/><atom:link rel=\"self\" href=\""
        + self
        + "\"/>"
        + "<item><title>Titre "
        + guid
        + "</title><link>https://example.ma/"
        + guid
        + "</link><guid>"
        + guid
        + "</guid></item>"
        + "</channel></rss>";
  }
}
