package ma.manchette.story;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;

/**
 * Alpha and Beta, two French outlets on one fake host polled every 300 ms, each past its first poll
 * (stored as history), so that what a test publishes next is live news.
 */
final class TwoOutlets implements AutoCloseable {
  final Vertx vertx;
  final FakeOutlet outlet;
  final TestServer server;

  private TwoOutlets(Vertx vertx, FakeOutlet outlet, TestServer server) {
    this.vertx = vertx;
    this.outlet = outlet;
    this.server = server;
  }

  static TwoOutlets start() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeOutlet outlet = Await.result(new FakeOutlet(vertx).start());
    outlet.set(
        "/a", List.of(FeedEntry.of("a-0", "Le marché de gros de Casablanca fait peau neuve")));
    outlet.set(
        "/b", List.of(FeedEntry.of("b-0", "Un nouveau musée d'art contemporain ouvre à Rabat")));
    TestServer server =
        TestServer.start(
            TestDatabase.freshDatabaseUrl(),
            List.of(
                TestServer.outlet("alpha", "Alpha", "fr", outlet.url("/a"), "300ms"),
                TestServer.outlet("beta", "Beta", "fr", outlet.url("/b"), "300ms")),
            Map.of());
    Await.until(
        () ->
            server.server.registry().get("alpha").health.polls() > 0
                && server.server.registry().get("beta").health.polls() > 0,
        20_000,
        "first polls");
    return new TwoOutlets(vertx, outlet, server);
  }

  @Override
  public void close() throws Exception {
    server.close();
    Await.result(outlet.stop());
    Await.result(vertx.close());
  }
}
