package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.Closers;
import ma.manchette.support.Http;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Forwarded headers and the PROXY protocol on a running server: who is counted, and what bad input
 * gets.
 */
class ForwardedHeadersIT {
  private final Vertx vertx = Vertx.vertx();
  private final List<AutoCloseable> closers = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    Closers.closeAll(closers);
    Await.result(vertx.close());
  }

  private TestServer server(Map<String, String> env) throws Exception {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("MANCHETTE_POLLING", "0");
    TestServer s =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("quiet", "Quiet", "fr", "http://127.0.0.1:9/feed.xml", "1h")),
            all);
    closers.add(s);
    return s;
  }

  @Test
  void aMalformedForwardedHeaderFromATrustedProxyIsA400NamingIt() throws Exception {
    TestServer s =
        server(
            Map.of(
                "MANCHETTE_TRUSTED_PROXIES",
                "127.0.0.1/32",
                "MANCHETTE_PROXY_HEADER",
                "forwarded"));
    for (String bad :
        List.of("for=\"[2001:db8::1", "for", "for=999.0.0.1", "for=1.2.3.4;proto=gopher")) {
      Http.Response r =
          Http.request(
              vertx, s.port(), HttpMethod.GET, "/api/items", null, Map.of("Forwarded", bad));
      assertThat(r.status()).as(bad).isEqualTo(400);
      JsonObject body = r.json();
      assertThat(body.getString("field")).isEqualTo("Forwarded");
      assertThat(body.getString("error")).startsWith("malformed Forwarded");
    }
    assertThat(
            Http.request(
                    vertx,
                    s.port(),
                    HttpMethod.GET,
                    "/api/items",
                    null,
                    Map.of("Forwarded", "for=\"[2001:db8::1]:4711\";proto=https;host=news.example"))
                .status())
        .isEqualTo(200);
    Http.Response rss =
        Http.request(
            vertx,
            s.port(),
            HttpMethod.GET,
            "/feed.rss",
            null,
            Map.of("Forwarded", "for=203.0.113.7;proto=https;host=news.example"));
    assertThat(rss.body()).contains("<link>https://news.example/</link>");
  }

  @Test
  void theProxyProtocolNamesTheClientAndConnectionsWithoutItAreRefused() throws Exception {
    TestServer s =
        server(Map.of("MANCHETTE_PROXY_PROTOCOL", "1", "MANCHETTE_STREAMS_PER_ADDRESS", "3"));
    List<Socket> open = new ArrayList<>();
    try {
      try (Socket plain = new Socket()) {
        plain.connect(new InetSocketAddress("127.0.0.1", s.port()), 2_000);
        plain.setSoTimeout(5_000);
        plain
            .getOutputStream()
            .write(
                "GET /api/items HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(plain.getInputStream().read())
            .as("no PROXY header: the connection is closed unanswered")
            .isEqualTo(-1);
      }
      for (int i = 0; i < 3; i++)
        assertThat(streamVia(s.port(), "203.0.113.7", open)).startsWith("HTTP/1.1 200");
      assertThat(streamVia(s.port(), "203.0.113.7", open))
          .as("the 4th stream of the address the proxy named")
          .startsWith("HTTP/1.1 429");
      assertThat(streamVia(s.port(), "203.0.113.8", open))
          .as("another client behind the same proxy")
          .startsWith("HTTP/1.1 200");
    } finally {
      for (Socket o : open) o.close();
    }
  }

  /**
   * Opens an SSE stream through a PROXY v1 header naming {@code client}; returns the status line.
   */
  private static String streamVia(int port, String client, List<Socket> open) throws Exception {
    Socket sock = new Socket();
    open.add(sock);
    sock.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    sock.setSoTimeout(5_000);
    OutputStream out = sock.getOutputStream();
    out.write(
        ("PROXY TCP4 "
                + client
                + " 127.0.0.1 40000 "
                + port
                + "\r\n"
                + "GET /api/stream HTTP/1.1\r\nHost: news.example\r\nAccept: text/event-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = sock.getInputStream();
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') line.append((char) c);
    return line.toString().trim();
  }
}
