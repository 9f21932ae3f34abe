package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.Reader;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Abuse limits and third-party access as clients meet them: per-address request and report limits,
 * open-stream caps per address and per API key, size limits, API keys and signed stream tokens,
 * ETags. Each test speaks from its own loopback address so the per-address counters do not mix.
 */
class AbuseLimitsIT {
  static final String PARTNER_KEY = "partner-key-0123456789abcdef";
  static final String TINY_KEY = "tiny-quota-key-0123456789abcdef";
  static Vertx vertx;
  static FakeOutlet outlet;
  static TestServer server;
  static final List<AutoCloseable> closers = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set(
        "/fr", List.of(FeedEntry.of("x-1", "Premier titre"), FeedEntry.of("x-2", "Second titre")));
    Path keys = Files.createTempFile("api-keys", ".yaml");
    Files.writeString(
        keys,
        "keys:\n"
            + "  - {name: partner, key: "
            + PARTNER_KEY
            + ", requestsPerMinute: 1000, maxStreams: 3}\n"
            + "  - {name: tiny, key: "
            + TINY_KEY
            + ", requestsPerMinute: 5, maxStreams: 1}\n");
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("alpha", "Alpha", "fr", outlet.url("/fr"), "300ms")),
            Map.of(
                "MANCHETTE_RATE_LIMIT",
                "30",
                "MANCHETTE_REPORT_RATE_LIMIT",
                "3",
                "MANCHETTE_STREAMS_PER_ADDRESS",
                "2",
                "MANCHETTE_API_KEYS",
                keys.toString(),
                "MANCHETTE_TOKEN_TTL_SECONDS",
                "60"));
    Await.until(
        () -> TestDatabase.count(server.databaseUrl, "SELECT count(*) FROM items") == 2,
        20_000,
        "items stored");
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) closers.get(i).close();
    server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private static Reader from(String address) {
    Reader r = new Reader(vertx, address);
    closers.add(r);
    return r;
  }

  /** Opens an SSE stream from an address; returns its status, and keeps it open when 200. */
  private static int openStream(
      String address, String query, Map<String, String> headers, List<HttpClient> open)
      throws Exception {
    HttpClient client =
        vertx.createHttpClient(new HttpClientOptions().setLocalAddress(address).setIdleTimeout(0));
    RequestOptions o =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(server.port())
            .setURI("/api/stream" + query);
    headers.forEach(o::putHeader);
    int status =
        Await.result(client.request(o).compose(r -> r.send()).map(resp -> resp.statusCode()));
    if (status == 200) open.add(client);
    else client.close();
    return status;
  }

  @Test
  void requestsBeyondThePerAddressLimitGet429AndOtherAddressesAreUnaffected() throws Exception {
    Reader greedy = from("127.0.1.1");
    int limited = 0;
    Http.Response last = null;
    for (int i = 0; i < 40; i++) {
      Http.Response r =
          greedy.request(server.port(), HttpMethod.GET, "/api/items?limit=1", null, Map.of());
      if (r.status() == 429) {
        limited++;
        last = r;
      } else {
        assertThat(r.status()).isEqualTo(200);
      }
    }
    assertThat(limited).isGreaterThanOrEqualTo(5); // 30 a minute, bursts included
    assertThat(Integer.parseInt(last.headers().get("Retry-After"))).isPositive();
    assertThat(last.json().getString("error")).contains("too many requests");
    assertThat(
            from("127.0.1.2")
                .request(server.port(), HttpMethod.GET, "/api/items", null, Map.of())
                .status())
        .isEqualTo(200);
  }

  @Test
  void reportsHaveTheirOwnStricterLimit() throws Exception {
    String id =
        Http.get(vertx, server.port(), "/api/items?limit=1")
            .json()
            .getJsonArray("items")
            .getJsonObject(0)
            .getString("id");
    Reader r = from("127.0.2.1");
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 5; i++)
      statuses.add(r.report(server.port(), id, "item", "test " + i).status());
    assertThat(statuses.subList(0, 3)).containsOnly(202);
    assertThat(statuses.subList(3, 5)).containsOnly(429);
  }

  @Test
  void openStreamsAreCappedPerAddressAndSlotsComeBackWhenClosed() throws Exception {
    List<HttpClient> open = new ArrayList<>();
    assertThat(openStream("127.0.3.1", "", Map.of(), open)).isEqualTo(200);
    assertThat(openStream("127.0.3.1", "", Map.of(), open)).isEqualTo(200);
    assertThat(openStream("127.0.3.1", "", Map.of(), open)).isEqualTo(429);
    // a WebSocket counts too
    WebSocketClient ws =
        vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress("127.0.3.1"));
    Throwable refused =
        Await.result(
            ws.connect(
                    new WebSocketConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(server.port())
                        .setURI("/api/ws"))
                .map(s -> (Throwable) null)
                .recover(e -> io.vertx.core.Future.succeededFuture(e)));
    assertThat(refused).isNotNull();
    assertThat(refused.getMessage()).contains("429");
    assertThat(openStream("127.0.3.2", "", Map.of(), open))
        .isEqualTo(200); // another address has its own budget

    Await.result(open.remove(0).close());
    Await.until(
        () -> {
          try {
            return openStream("127.0.3.1", "", Map.of(), open) == 200;
          } catch (Exception e) {
            return false;
          }
        },
        15_000,
        "slot released after a stream closed");
    // WebSocket slots come back as well
    for (HttpClient c : open) Await.result(c.close());
    open.clear();
    var socket =
        Await.result(
            ws.connect(
                new WebSocketConnectOptions()
                    .setHost("127.0.0.1")
                    .setPort(server.port())
                    .setURI("/api/ws")));
    Await.result(socket.close());
    Await.until(
        () -> {
          try {
            boolean ok =
                openStream("127.0.3.1", "", Map.of(), open) == 200
                    && openStream("127.0.3.1", "", Map.of(), open) == 200;
            for (HttpClient c : open) Await.result(c.close());
            open.clear();
            if (!ok) Thread.sleep(300); // let the server see the closes before trying again
            return ok;
          } catch (Exception e) {
            return false;
          }
        },
        15_000,
        "both slots free after the WebSocket closed");
    ws.close();
  }

  @Test
  void apiKeysHaveTheirOwnQuotasAndSignedTokensWorkInTheUrl() throws Exception {
    Reader r = from("127.0.4.1");
    Http.Response unknown =
        r.request(
            server.port(), HttpMethod.GET, "/api/items", null, Map.of("X-Api-Key", "not-a-key"));
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.json().getString("field")).isEqualTo("X-Api-Key");

    // the partner key allows 3 streams from one address, beyond the per-address cap of 2
    List<HttpClient> open = new ArrayList<>();
    Map<String, String> partner = Map.of("X-Api-Key", PARTNER_KEY);
    for (int i = 0; i < 3; i++)
      assertThat(openStream("127.0.4.2", "", partner, open)).isEqualTo(200);
    assertThat(openStream("127.0.4.2", "", partner, open)).isEqualTo(429);

    Http.Response token = r.request(server.port(), HttpMethod.GET, "/api/token", null, partner);
    assertThat(token.status()).isEqualTo(200);
    String t = token.json().getString("token");
    assertThat(token.json().getString("expiresAt")).isNotBlank();
    for (HttpClient c : open) Await.result(c.close());
    open.clear();
    Await.until(
        () -> {
          try {
            int s = openStream("127.0.4.3", "?token=" + t, Map.of(), open);
            return s == 200;
          } catch (Exception e) {
            return false;
          }
        },
        15_000,
        "a stream opened with the signed token");
    for (HttpClient c : open) Await.result(c.close());
    Http.Response forged =
        r.request(
            server.port(),
            HttpMethod.GET,
            "/api/stream?token=" + t.substring(0, t.length() - 2) + "xx",
            null,
            Map.of());
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.json().getString("field")).isEqualTo("token");
    assertThat(r.request(server.port(), HttpMethod.GET, "/api/token", null, Map.of()).status())
        .isEqualTo(401);

    Map<String, String> tiny = Map.of("X-Api-Key", TINY_KEY);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 7; i++)
      statuses.add(r.request(server.port(), HttpMethod.GET, "/api/outlets", null, tiny).status());
    assertThat(statuses).contains(429);
    Http.Response over = r.request(server.port(), HttpMethod.GET, "/api/outlets", null, tiny);
    assertThat(over.json().getString("error")).contains("tiny");
  }

  @Test
  void oversizedQueriesAndBodiesAreRefusedClearly() throws Exception {
    Reader r = from("127.0.5.1");
    Http.Response longQuery =
        r.request(
            server.port(), HttpMethod.GET, "/api/items?q=" + "a".repeat(5000), null, Map.of());
    assertThat(longQuery.status()).isIn(414, 400);
    assertThat(longQuery.json().getString("error")).isNotBlank();
    String id =
        Http.get(vertx, server.port(), "/api/items?limit=1")
            .json()
            .getJsonArray("items")
            .getJsonObject(0)
            .getString("id");
    Http.Response big =
        r.request(
            server.port(),
            HttpMethod.POST,
            "/api/items/" + id + "/reports",
            "{\"reason\":\"" + "x".repeat(100_000) + "\"}",
            Map.of("Content-Type", "application/json"));
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.json().getString("error")).isNotBlank();
    Http.Response longReason = r.report(server.port(), id, "item", "y".repeat(600));
    assertThat(longReason.status()).isEqualTo(400);
    assertThat(longReason.json().getString("field")).isEqualTo("reason");
  }

  @Test
  void restAnswersCarryAnETagThatRevalidates() throws Exception {
    Reader r = from("127.0.6.1");
    Http.Response first =
        r.request(server.port(), HttpMethod.GET, "/api/items?lang=fr", null, Map.of());
    assertThat(first.headers().get("ETag")).isNotBlank();
    assertThat(first.headers().get("Cache-Control")).contains("max-age");
    Http.Response again =
        r.request(
            server.port(),
            HttpMethod.GET,
            "/api/items?lang=fr",
            null,
            Map.of("If-None-Match", first.headers().get("ETag")));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    Http.Response other =
        r.request(
            server.port(),
            HttpMethod.GET,
            "/api/items?lang=ar",
            null,
            Map.of("If-None-Match", first.headers().get("ETag")));
    assertThat(other.status()).isEqualTo(200);
    Http.Response feed = r.request(server.port(), HttpMethod.GET, "/feed.rss", null, Map.of());
    assertThat(
            r.request(
                    server.port(),
                    HttpMethod.GET,
                    "/feed.rss",
                    null,
                    Map.of("If-None-Match", feed.headers().get("ETag")))
                .status())
        .isEqualTo(304);
  }
}
