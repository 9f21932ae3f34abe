package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.Http;
import ma.manchette.support.RawWebSocket;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket message over the 64 KiB limit, in one frame or in fragments, is answered at once by a
 * 1009 close frame with a reason, and counted in /metrics.
 */
class WebSocketOversizeIT {
  private static final int TEN_MB = 10 * 1024 * 1024;

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
            Map.of("MANCHETTE_CLOSE_GRACE_MS", "500"));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  @Test
  void aTenMegabyteFrameIsClosedWith1009AndCounted() throws Exception {
    double before = oversizeCloses();
    try (RawWebSocket ws = RawWebSocket.upgrade(server.port(), null)) {
      assertThat(ws.status()).isEqualTo(101);
      Thread writer =
          writeInBackground(
              ws,
              out -> {
                out.write(RawWebSocket.frameHeader(0x1, true, TEN_MB));
                byte[] chunk = new byte[64 * 1024];
                for (int sent = 0; sent < TEN_MB; sent += chunk.length) out.write(chunk);
              });
      assertClosedWith1009(ws);
      writer.interrupt();
    }
    Await.until(() -> oversizeCloses() >= before + 1, 5_000, "the close counted");
  }

  @Test
  void aTenMegabyteMessageInFragmentsIsClosedWith1009() throws Exception {
    double before = oversizeCloses();
    try (RawWebSocket ws = RawWebSocket.upgrade(server.port(), null)) {
      assertThat(ws.status()).isEqualTo(101);
      Thread writer =
          writeInBackground(
              ws,
              out -> {
                byte[] chunk = new byte[32 * 1024];
                for (int sent = 0; sent < TEN_MB; sent += chunk.length) {
                  out.write(RawWebSocket.frameHeader(sent == 0 ? 0x1 : 0x0, false, chunk.length));
                  out.write(chunk);
                }
              });
      assertClosedWith1009(ws);
      writer.interrupt();
    }
    Await.until(() -> oversizeCloses() >= before + 1, 5_000, "the close counted");
  }

  private static void assertClosedWith1009(RawWebSocket ws) throws Exception {
    // "at once": a bound well below the 10 s closing timeout; pings may come first
    RawWebSocket.Frame close = ws.readUntilClose(5_000);
    assertThat(close)
        .as("a close frame within 5 s, not a dropped or silent connection")
        .isNotNull();
    assertThat(close.closeCode()).isEqualTo(1009);
    assertThat(close.closeReason()).contains("65536");
  }

  interface Sending {
    void send(OutputStream out) throws Exception;
  }

  /** The client keeps pushing its message while the test reads what the server answers. */
  private static Thread writeInBackground(RawWebSocket ws, Sending sending) {
    Thread t =
        new Thread(
            () -> {
              try {
                sending.send(ws.socket.getOutputStream());
              } catch (Exception closedOnUs) {
                // the server closed or reset the connection: expected
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static double oversizeCloses() {
    String metrics = Http.getQuietly(vertx, server.port(), "/metrics");
    for (String line : metrics.split("\n"))
      if (line.startsWith("manchette_ws_oversize_closes_total"))
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    return 0;
  }
}
