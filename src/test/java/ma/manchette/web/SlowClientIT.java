package ma.manchette.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.SseClient;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that stops reading is cut off after a bounded queue; the others keep receiving
 * everything.
 */
class SlowClientIT {
  private static final String FILLER =
      "Texte long pour remplir les tampons du client lent. ".repeat(11);
  private static final Pattern HEADLINE_ID = Pattern.compile("id: (\\d+)\nevent: headline\n");

  private Vertx vertx;
  private FakeOutlet outlet;
  private TestServer server;
  private final List<FeedEntry> feed = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set("/feed", List.of(FeedEntry.of("h-0", "Historique")));
    server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(TestServer.outlet("alpha", "Alpha", "fr", outlet.url("/feed"), "200ms")),
            Map.of("MANCHETTE_SOCKET_SEND_BUFFER", "16384"));
    Await.until(
        () -> server.server.registry().get("alpha").health.polls() > 0, 15_000, "first poll");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }

  @Test
  void aNonReadingClientIsDisconnectedWhileOthersReceiveEveryItem() throws Exception {
    Socket slow = subscribeWithoutReading();
    SseClient fast = Await.result(SseClient.connect(vertx, server.port(), "/api/stream", null));

    int total = publishInBatches(8, fast);

    Await.until(
        () -> server.server.hub().slowDisconnects.sum() >= 1, 20_000, "slow client cut off");
    assertThat(fast.headlines()).hasSize(total);
    assertThat(fast.titles()).doesNotHaveDuplicates();
    Await.until(
        () -> server.server.hub().subscribers("sse") == 1, 10_000, "slow client's slot released");
    // reading again, it finds what the kernel held, then the end of the stream
    slow.setSoTimeout(10_000);
    String held = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(idsIn(held).size()).isLessThan(total);
    Await.result(fast.close());
    slow.close();
  }

  @Test
  void aClientThatReadsSlowlyGetsEveryHeadlineInOrderWithoutHoles() throws Exception {
    Socket slow = subscribeWithoutReading();
    SseClient fast = Await.result(SseClient.connect(vertx, server.port(), "/api/stream", null));
    // the slow one reads a little at a time, so its socket fills, drains and fills again
    StringBuilder read = new StringBuilder();
    Thread reader = new Thread(() -> readSlowly(slow, read));
    reader.start();

    publishInBatches(4, fast);

    List<String> all =
        fast.events.stream()
            .filter(e -> "headline".equals(e.event()))
            .map(SseClient.Event::id)
            .toList();
    Await.until(
        () ->
            idsIn(snapshot(read)).size() >= all.size()
                || server.server.hub().slowDisconnects.sum() > 0,
        30_000,
        "slow reader caught up or was cut off");
    reader.interrupt();
    reader.join(5_000);
    List<String> got = idsIn(snapshot(read));
    assertThat(got).isNotEmpty();
    assertThat(got)
        .isEqualTo(all.subList(0, got.size())); // a prefix of what everyone got: nothing skipped
    Await.result(fast.close());
    slow.close();
  }

  /**
   * A client that stops reading at the socket: a small receive window, nothing read (an HTTP
   * client's pause may still read into memory, so it would never hold the server back).
   */
  private Socket subscribeWithoutReading() throws Exception {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
    s.getOutputStream()
        .write(
            "GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    Await.until(
        () -> server.server.hub().subscribers("sse") == 1, 10_000, "slow client subscribed");
    return s;
  }

  /**
   * Batches of 100 long headlines, each one poll's news, waiting until the fast client has each
   * batch.
   */
  private int publishInBatches(int batches, SseClient fast) throws Exception {
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
          () -> fast.headlines().size() >= expected, 20_000, "fast client has batch " + expected);
    }
    return total;
  }

  /** About 50 KB/s until interrupted or closed. */
  private static void readSlowly(Socket socket, StringBuilder into) {
    byte[] chunk = new byte[1024];
    try {
      socket.setSoTimeout(200);
      while (!Thread.currentThread().isInterrupted()) {
        try {
          int n = socket.getInputStream().read(chunk);
          if (n < 0) return;
          synchronized (into) {
            into.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
          }
        } catch (java.net.SocketTimeoutException idle) {
          // nothing yet
        }
        Thread.sleep(20);
      }
    } catch (Exception stopped) {
      // interrupted or closed: the test reads what arrived
    }
  }

  private static String snapshot(StringBuilder read) {
    synchronized (read) {
      return read.toString();
    }
  }

  private static List<String> idsIn(String stream) {
    List<String> ids = new ArrayList<>();
    Matcher m = HEADLINE_ID.matcher(stream);
    while (m.find()) ids.add(m.group(1));
    return ids;
  }
}
