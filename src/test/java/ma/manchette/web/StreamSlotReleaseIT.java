package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.RawWebSocket;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * However a stream connection ends, its per-address slot comes back: after 25 streams ended one way
 * from one address, that address can open 20 (the cap) at once again.
 */
class StreamSlotReleaseIT {
  private static final int CAP = 20;
  private static final String CLIENT = "127.0.0.1";
  private static final String OTHER = "127.0.0.2";

  private static Vertx vertx;
  private static FakeOutlet outlet;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/feed", List.of(FeedEntry.of("h-0", "Historique")));
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("alpha", "Alpha", "fr", outlet.url("/feed"), "1s")),
            Map.of(
                "MANCHETTE_STREAMS_PER_ADDRESS",
                String.valueOf(CAP),
                "MANCHETTE_MAX_SUBSCRIBERS",
                String.valueOf(CAP),
                "MANCHETTE_RATE_LIMIT",
                "100000",
                "MANCHETTE_CLOSE_GRACE_MS",
                "500"));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  @Test
  void aTcpResetAfterTheUpgradeGivesTheSlotBack() throws Exception {
    for (int i = 0; i < 25; i++) {
      RawWebSocket ws = RawWebSocket.upgrade(server.port(), CLIENT);
      ws.reset();
    }
    assertAddressCanOpenTheCapAgain();
  }

  @Test
  void aCloseHandshakeGivesTheSlotBack() throws Exception {
    for (int i = 0; i < 25; i++) {
      try (RawWebSocket ws = RawWebSocket.upgrade(server.port(), CLIENT)) {
        assertThat(ws.status()).isEqualTo(101);
        ws.send(0x8, true, new byte[] {0x03, (byte) 0xe8}); // 1000
        assertThat(ws.readUntilClose()).isNotNull();
      }
    }
    assertAddressCanOpenTheCapAgain();
  }

  @Test
  void aClientThatFallsSilentIsCutAndItsSlotComesBack() throws Exception {
    // no pong, no read, no reset: a phone that went into a tunnel; the heartbeat is 1 s here
    List<RawWebSocket> silent = new ArrayList<>();
    for (int i = 0; i < CAP; i++) silent.add(RawWebSocket.upgrade(server.port(), CLIENT));
    assertThat(silent).allSatisfy(ws -> assertThat(ws.status()).isEqualTo(101));
    try {
      assertAddressCanOpenTheCapAgain();
    } finally {
      for (RawWebSocket ws : silent) ws.reset();
    }
  }

  @Test
  void aServerSideCutOfAClientThatNeverAnswersGivesTheSlotBack() throws Exception {
    List<RawWebSocket> cut = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      RawWebSocket ws = RawWebSocket.upgrade(server.port(), CLIENT);
      if (ws.status() != 101) {
        ws.reset();
        continue;
      }
      for (int m = 0; m < 20; m++) ws.sendText("not json"); // the 20th bad message closes it
      cut.add(ws); // and it never answers the close frame nor closes
    }
    try {
      assertAddressCanOpenTheCapAgain();
    } finally {
      for (RawWebSocket ws : cut) ws.reset();
    }
  }

  @Test
  void aFailedHandshakeGivesTheSlotBack() throws Exception {
    for (int i = 0; i < 25; i++) {
      // a version the server does not speak, then a plain GET without Upgrade
      String headers =
          i % 2 == 0
              ? "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 99\r\n"
              : "Accept: application/json\r\n";
      RawWebSocket ws = RawWebSocket.open(server.port(), CLIENT, headers);
      assertThat(ws.status()).isNotEqualTo(101);
      ws.reset();
    }
    assertAddressCanOpenTheCapAgain();
  }

  @Test
  void aHandshakeRejectedAtTheSubscriberCapGivesTheSlotBack() throws Exception {
    List<Socket> others = openSse(OTHER, CAP); // the whole server is full, from elsewhere
    assertThat(others).hasSize(CAP);
    for (int i = 0; i < 25; i++) {
      RawWebSocket ws = RawWebSocket.upgrade(server.port(), CLIENT);
      assertThat(ws.status()).isEqualTo(503);
      ws.reset();
    }
    for (Socket s : others) s.close();
    Await.until(() -> server.server.hub().subscribers("sse") == 0, 10_000, "the others gone");
    assertAddressCanOpenTheCapAgain();
  }

  @Test
  void anSseStreamEndedByAResetGivesTheSlotBack() throws Exception {
    for (int i = 0; i < 25; i++) {
      Socket s = sseSocket(CLIENT);
      s.setSoLinger(true, 0);
      s.close();
    }
    assertAddressCanOpenTheCapAgain();
  }

  /** Polls (bounded) until the address can hold CAP SSE streams at once, then closes them. */
  private static void assertAddressCanOpenTheCapAgain() throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    while (true) {
      List<Socket> open = openSse(CLIENT, CAP);
      boolean all = open.size() == CAP;
      for (Socket s : open) s.close();
      Await.until(() -> server.server.hub().subscribers("sse") == 0, 10_000, "test streams closed");
      if (all) return;
      if (System.currentTimeMillis() > deadline)
        throw new AssertionError(
            "after 15 s the address could open only " + open.size() + " of " + CAP + " streams");
      Thread.sleep(100);
    }
  }

  /** Opens up to n SSE streams; returns those answered 200 (the others are closed). */
  private static List<Socket> openSse(String from, int n) throws IOException {
    List<Socket> ok = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Socket s = sseSocket(from);
      String status = statusLine(s);
      if (status.startsWith("HTTP/1.1 200")) ok.add(s);
      else s.close();
    }
    return ok;
  }

  private static Socket sseSocket(String from) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(from, 0));
    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
    s.setSoTimeout(10_000);
    s.getOutputStream()
        .write(
            "GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    return s;
  }

  private static String statusLine(Socket s) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = s.getInputStream().read()) >= 0 && b != '\n') line.append((char) b);
    return line.toString();
  }
}
