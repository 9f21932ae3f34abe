package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.RawWebSocket;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slow clients the server says it closes are really gone: their sockets, file descriptors and
 * kernel buffers are freed even though they never read again (the graceful close is cut short by a
 * reset after MANCHETTE_CLOSE_GRACE_MS).
 */
class SlowClientResetIT {
  private static final int PER_TRANSPORT = 100;
  private static final String FILLER =
      "Texte long pour remplir les tampons du client lent. ".repeat(11);

  private Vertx vertx;
  private FakeOutlet outlet;
  private TestServer server;
  private final List<FeedEntry> feed = new ArrayList<>();
  private final List<Socket> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/feed", List.of(FeedEntry.of("h-0", "Historique")));
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("alpha", "Alpha", "fr", outlet.url("/feed"), "200ms")),
            Map.of(
                "MANCHETTE_SOCKET_SEND_BUFFER", "16384",
                "MANCHETTE_STREAMS_PER_ADDRESS", "1000",
                "MANCHETTE_RATE_LIMIT", "100000",
                "MANCHETTE_CLOSE_GRACE_MS", "500",
                // pings every 15 s: the WebSockets here are cut for not reading, not for silence
                "MANCHETTE_HEARTBEAT_SECONDS", "15"));
    Await.until(
        () -> server.server.registry().get("alpha").health.polls() > 0, 15_000, "first poll");
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket s : clients) s.close();
    server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  @Test
  void nonReadingClientsCutForBeingSlowReleaseTheirSocketsAndBuffers() throws Exception {
    SseClient fast = Await.result(SseClient.connect(vertx, server.port(), "/api/stream", null));
    Await.until(() -> server.server.hub().subscribers() == 1, 10_000, "fast client subscribed");
    long fdsBefore = openFds();
    ServerSockets before = serverSockets(server.port());

    for (int i = 0; i < PER_TRANSPORT; i++) clients.add(sseWithoutReading());
    for (int i = 0; i < PER_TRANSPORT; i++) clients.add(webSocketWithoutReading());
    Await.until(
        () -> server.server.hub().subscribers() == 1 + 2 * PER_TRANSPORT,
        20_000,
        "every slow client subscribed");

    publishInBatches(8, fast);
    Await.until(
        () -> server.server.hub().slowDisconnects.sum() >= 2 * PER_TRANSPORT,
        30_000,
        "every slow client cut");

    // the clients still hold their own ends open and unread; the server's ends must be gone
    long deadline = System.nanoTime() + 15_000_000_000L;
    ServerSockets after = serverSockets(server.port());
    while (after.connections() > before.connections() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      after = serverSockets(server.port());
    }
    System.out.printf(
        "slow-client cut: server sockets %s -> %s, JVM fds %d -> %d with %d client sockets%n",
        before, after, fdsBefore, openFds(), clients.size());
    assertThat(after.connections())
        .as("server-side sockets back to the baseline")
        .isLessThanOrEqualTo(before.connections());
    assertThat(after.unsentBytes()).isLessThanOrEqualTo(before.unsentBytes());
    // this JVM holds the 200 client sockets too: only those are above the baseline
    assertThat(openFds()).isLessThanOrEqualTo(fdsBefore + clients.size() + 10);
    assertThat(server.server.hub().subscribers()).isEqualTo(1);
    Await.result(fast.close());
  }

  /** SSE with a 4 KiB receive window and nothing read. */
  private Socket sseWithoutReading() throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
    s.getOutputStream()
        .write(
            "GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    return s;
  }

  /** A subscribed WebSocket with a 4 KiB receive window that reads nothing more. */
  private Socket webSocketWithoutReading() throws IOException {
    RawWebSocket ws = RawWebSocket.upgrade(server.port(), null, 4096);
    assertThat(ws.status()).isEqualTo(101);
    ws.sendText("{\"type\":\"subscribe\"}");
    return ws.socket;
  }

  private void publishInBatches(int batches, SseClient fast) throws Exception {
    int total = 0;
    for (int batch = 0; batch < batches; batch++) {
      for (int i = 0; i < 100; i++) {
        String id = "b" + batch + "-" + i;
        feed.add(
            0,
            new FeedEntry(
                id,
                "Titre " + id,
                "https://example.ma/a/" + id,
                FILLER + id,
                java.time.Instant.now()));
      }
      total += 100;
      outlet.set("/feed", new ArrayList<>(feed.subList(0, Math.min(feed.size(), 300))));
      int expected = total;
      Await.until(
          () -> fast.headlines().size() >= expected, 30_000, "fast client has batch " + expected);
    }
  }

  private static long openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  /** The server's ends of its connections: how many, and the bytes queued unsent in the kernel. */
  record ServerSockets(int connections, long unsentBytes) {}

  /** From /proc/net/tcp and tcp6: sockets whose local port is the server's, listener aside. */
  static ServerSockets serverSockets(int port) {
    int n = 0;
    long unsent = 0;
    String portHex = String.format(":%04X", port);
    for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(file));
      } catch (IOException absent) {
        continue;
      }
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (!f[1].endsWith(portHex) || "0A".equals(f[3]) || "06".equals(f[3]))
          continue; // LISTEN, TIME_WAIT: no descriptor, no buffers
        n++;
        unsent += Long.parseLong(f[4].substring(0, f[4].indexOf(':')), 16);
      }
    }
    return new ServerSockets(n, unsent);
  }
}
