package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random bytes, malformed JSON, odd parameters and escapes thrown at every route (with and without
 * the admin token), at the WebSocket and at the raw socket, from a seeded Random with a bounded
 * count: no answer is a 5xx, every API error is the JSON error shape, and the server still serves
 * news afterwards.
 */
class FuzzIT {
  static final long SEED = 20261128L;
  static final String TOKEN = "fuzz-admin-token-0123456789abc";
  static Vertx vertx;
  static FakeOutlet outlet;
  static TestServer server;
  static HttpClient client;
  static String itemId;

  static final String[][] ROUTES = {
    {"GET", "/api/items"},
    {"GET", "/api/items/{id}"},
    {"POST", "/api/items/{id}/reports"},
    {"POST", "/api/items/{id}/hide"},
    {"POST", "/api/items/{id}/unhide"},
    {"GET", "/api/outlets"},
    {"POST", "/api/outlets"},
    {"PUT", "/api/outlets/{oid}"},
    {"DELETE", "/api/outlets/{oid}"},
    {"POST", "/api/outlets/{oid}/pause"},
    {"POST", "/api/outlets/{oid}/resume"},
    {"GET", "/api/outlets.opml"},
    {"POST", "/api/outlets.opml"},
    {"GET", "/api/reports"},
    {"GET", "/api/stats"},
    {"GET", "/api/token"},
    {"GET", "/feed.rss"},
    {"GET", "/feed.atom"},
    {"GET", "/feed.json"},
    {"GET", "/openapi.yaml"},
    {"PATCH", "/api/items"},
    {"DELETE", "/api/items/{id}"},
    {"OPTIONS", "/api/outlets"},
    {"GET", "/api/nothing-here"},
    {"GET", "/health/ready"}
  };

  static final String[] MALFORMED = {
    "{",
    "[",
    "}",
    "{\"reason\":",
    "null",
    "\"text\"",
    "123",
    "true",
    "{\"reason\":123}",
    "{\"reason\":\"x\",\"target\":\"elsewhere\"}",
    "{\"reason\":[\"a\"]}",
    "{\"id\":{\"$gt\":1}}",
    "{\"feeds\":\"http\"}",
    "{\"id\":\"a\",\"feeds\":[1,2,{}]}",
    "{\"id\":\"ok\",\"interval\":\"soon\",\"feeds\":[]}",
    "{\"reason\":\"\\u0000\\ud800\"}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "{\"reason\":1e999999}",
    "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><opml><body><outline xmlUrl=\"&e;\"/></body></opml>",
    "<opml><body><outline xmlUrl=\"javascript:alert(1)\" text=\"<script>\"/></body></opml>",
    "\u00ff\u00fe\u0000garbage"
  };

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/fr", List.of(FeedEntry.of("f-1", "Titre avant le fuzz")));
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(
                TestServer.outlet("alpha", "Alpha", "fr", outlet.url("/fr"), "300ms"),
                TestServer.outlet("victim", "Victim", "fr", outlet.url("/victim"), "300ms")),
            Map.of(
                "MANCHETTE_ADMIN_TOKEN",
                TOKEN,
                "MANCHETTE_RATE_LIMIT",
                "1000000",
                "MANCHETTE_REPORT_RATE_LIMIT",
                "1000000"));
    Await.until(
        () -> TestDatabase.count(server.databaseUrl, "SELECT count(*) FROM items") == 1,
        20_000,
        "item stored");
    itemId =
        Http.get(vertx, server.port(), "/api/items")
            .json()
            .getJsonArray("items")
            .getJsonObject(0)
            .getString("id");
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(client.close());
    server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  private static String randomText(Random r, int max) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(4);
      sb.append(
          kind == 0
              ? (char) r.nextInt(0x20)
              : kind == 1
                  ? (char) (0x20 + r.nextInt(0x5f))
                  : kind == 2 ? (char) r.nextInt(0xd800) : "%\"'<>{}\\&=;".charAt(r.nextInt(11)));
    }
    return sb.toString();
  }

  private static String pathSegment(Random r, String kind) {
    String[] odd = {
      "-1",
      "0",
      "99999999999999999999999",
      "abc",
      "%00",
      "%zz",
      "..%2F..",
      "%F0%9F%92%A9",
      "1e3",
      "%20",
      "alpha-not"
    };
    // real targets too; outlet routes aim at "victim" so the live check at the end keeps its outlet
    if (r.nextInt(3) == 0) return kind.equals("id") ? itemId : "victim";
    return odd[r.nextInt(odd.length)];
  }

  private static String query(Random r) {
    String[] keys = {
      "outlet",
      "lang",
      "section",
      "region",
      "q",
      "limit",
      "before",
      "backfill",
      "since",
      "token",
      "author",
      "topic",
      "x"
    };
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "?" : "&").append(keys[r.nextInt(keys.length)]).append('=');
      String v = randomText(r, 30);
      // half raw (broken escapes included; only what an HTTP client can put on a request line),
      // half encoded
      sb.append(
          r.nextBoolean()
              ? v.replace(" ", "%20").replace("#", "%23").replaceAll("[\\p{Cntrl}]", "%25")
              : java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  private static Buffer body(Random r) {
    int pick = r.nextInt(3);
    if (pick == 0) {
      byte[] b = new byte[r.nextInt(2048)];
      r.nextBytes(b);
      return Buffer.buffer(b);
    }
    if (pick == 1) return Buffer.buffer(MALFORMED[r.nextInt(MALFORMED.length)]);
    return Buffer.buffer(
        new JsonObject()
            .put("reason", randomText(r, 80))
            .put("target", r.nextBoolean() ? "item" : randomText(r, 5))
            .put(randomText(r, 6), randomText(r, 10))
            .encode());
  }

  @Test
  void randomRequestsNeverBreakAHandler() throws Exception {
    Random r = new Random(SEED);
    List<String> problems = new ArrayList<>();
    int sent = 0;
    for (int round = 0; round < 12; round++) {
      for (String[] route : ROUTES) {
        String path =
            route[1].replace("{id}", pathSegment(r, "id")).replace("{oid}", pathSegment(r, "oid"))
                + query(r);
        Map<String, String> headers = new HashMap<>();
        if (r.nextBoolean()) headers.put("Authorization", "Bearer " + TOKEN);
        if (r.nextInt(4) == 0)
          headers.put("Content-Type", r.nextBoolean() ? "application/json" : "text/x-opml");
        if (r.nextInt(6) == 0)
          headers.put("If-None-Match", randomText(r, 20).replaceAll("[\\p{Cntrl}]", ""));
        if (r.nextInt(6) == 0) headers.put("Origin", "https://fuzz.example");
        if (r.nextInt(8) == 0) headers.put("X-Api-Key", "k" + r.nextInt());
        Buffer body = route[0].equals("GET") ? null : body(r);
        RequestOptions o =
            new RequestOptions()
                .setMethod(HttpMethod.valueOf(route[0]))
                .setHost("127.0.0.1")
                .setPort(server.port())
                .setURI(path);
        headers.forEach(o::putHeader);
        Http.Response resp;
        try {
          resp =
              Await.onContext(
                  vertx,
                  () ->
                      client
                          .request(o)
                          .compose(req -> body == null ? req.send() : req.send(body))
                          .compose(
                              res ->
                                  res.body()
                                      .map(
                                          b -> {
                                            Map<String, String> h =
                                                new java.util.TreeMap<>(
                                                    String.CASE_INSENSITIVE_ORDER);
                                            res.headers()
                                                .forEach(e -> h.put(e.getKey(), e.getValue()));
                                            return new Http.Response(
                                                res.statusCode(), h, b.toString());
                                          })));
        } catch (Exception e) {
          problems.add(route[0] + " " + path + " -> no answer: " + e);
          continue;
        }
        sent++;
        if (resp.status() >= 500)
          problems.add(route[0] + " " + path + " -> " + resp.status() + " " + resp.body());
        if (resp.status() >= 400 && path.startsWith("/api/")) {
          try {
            JsonObject err = new JsonObject(resp.body());
            if (err.getString("error") == null || err.getString("error").isBlank())
              problems.add(path + " error without message");
          } catch (RuntimeException e) {
            problems.add(
                route[0]
                    + " "
                    + path
                    + " -> "
                    + resp.status()
                    + " not a JSON error: "
                    + resp.body());
          }
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(sent).isEqualTo(12 * ROUTES.length);
    stillServing();
  }

  @Test
  void randomWebSocketMessagesGetErrorFramesNeverACrash() throws Exception {
    Random r = new Random(SEED + 1);
    String[] wsMalformed = {
      "{\"type\":\"subscribe\",\"filter\":5}",
      "{\"type\":\"subscribe\",\"filter\":{\"outlet\":[1,2]}}",
      "{\"type\":\"subscribe\",\"since\":{}}",
      "{\"type\":\"subscribe\",\"backfill\":\"x\"}",
      "{\"type\":\"subscribe\",\"backfill\":-1}",
      "{\"type\":\"subscribe\",\"backfill\":1e99}",
      "{\"type\":\"subscribe\",\"filter\":{\"nope\":\"x\"}}",
      "{\"type\":7}",
      "[]",
      "{",
      "null",
      "{\"type\":\"subscribe\",\"filter\":{\"q\":[\"a\"]}}",
      "{\"type\":\"subscribe\",\"since\":\"yesterday\"}"
    };
    int errorsSeen = 0;
    var client = vertx.createWebSocketClient();
    for (int conn = 0; conn < 6; conn++) {
      List<String> received = new CopyOnWriteArrayList<>();
      // begun on a context, the handler set there (a connect begun on the test thread once lost its
      // handshake)
      WebSocket ws =
          Await.onContext(
              vertx,
              () ->
                  client
                      .connect(server.port(), "127.0.0.1", "/api/ws")
                      .map(
                          w -> {
                            w.textMessageHandler(received::add);
                            return w;
                          }));
      for (int i = 0; i < 15; i++) {
        int pick = r.nextInt(3);
        if (pick == 0) {
          byte[] b = new byte[r.nextInt(512) + 1];
          r.nextBytes(b);
          ws.writeBinaryMessage(Buffer.buffer(b));
        } else if (pick == 1) {
          ws.writeTextMessage(wsMalformed[r.nextInt(wsMalformed.length)]);
        } else {
          ws.writeTextMessage(randomText(r, 200));
        }
      }
      ws.writeTextMessage("{\"type\":\"ping\"}");
      Await.until(
          () -> received.stream().anyMatch(m -> m.contains("\"pong\"")) || ws.isClosed(),
          15_000,
          "the socket answers or closes cleanly");
      for (String m : received) {
        JsonObject msg = new JsonObject(m); // every frame the server sends is JSON
        if ("error".equals(msg.getString("type"))) {
          assertThat(msg.getString("message")).isNotBlank();
          errorsSeen++;
        }
      }
      if (!ws.isClosed()) Await.result(ws.close());
    }
    assertThat(errorsSeen).isGreaterThan(20);
    stillServing();
  }

  @Test
  void garbageOnTheRawSocketIsRefusedAndTheServerCarriesOn() throws Exception {
    Random r = new Random(SEED + 2);
    NetClient net = vertx.createNetClient();
    for (int i = 0; i < 20; i++) {
      byte[] b = new byte[1 + r.nextInt(4096)];
      r.nextBytes(b);
      var socket = Await.result(net.connect(server.port(), "127.0.0.1"));
      var closed = io.vertx.core.Promise.<Void>promise();
      socket.handler(x -> {});
      socket.closeHandler(v -> closed.tryComplete());
      socket.write(Buffer.buffer(b).appendString("\r\n\r\n"));
      vertx.setTimer(2_000, t -> socket.close());
      Await.result(closed.future());
    }
    Await.result(net.close());
    stillServing();
  }

  /**
   * Healthy, and the live path still works end to end: a new headline reaches a fresh SSE client.
   */
  private static void stillServing() throws Exception {
    assertThat(Http.get(vertx, server.port(), "/health/ready").status()).isEqualTo(200);
    SseClient sse =
        Await.result(SseClient.connect(vertx, server.port(), "/api/stream?outlet=alpha", null));
    try {
      String title = "Après le fuzz " + System.nanoTime();
      outlet.publish("/fr", FeedEntry.of("after-" + System.nanoTime(), title));
      sse.awaitEvents(
          ev ->
              ev.stream()
                  .anyMatch(
                      e ->
                          e.event().equals("headline")
                              && e.json().getString("title").equals(title)),
          20_000);
    } finally {
      Await.result(sse.close());
    }
  }
}
