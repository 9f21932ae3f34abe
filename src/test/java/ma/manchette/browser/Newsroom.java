package ma.manchette.browser;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ma.manchette.support.Await;
import ma.manchette.support.FakeOutlet;
import ma.manchette.support.FeedEntry;
import ma.manchette.support.TestDatabase;
import ma.manchette.support.TestServer;

/**
 * Five Moroccan outlets (French and Arabic) on a fake outlet server, one more whose feed is gone,
 * and the real server polling them. Headlines come from fixtures/browser/*.tsv: front-page.tsv is
 * the history the first polls find, live.tsv what the tests publish while the pages are open.
 */
final class Newsroom implements AutoCloseable {
  record Outlet(String id, String name, String lang) {
    String feed() {
      return "/" + id;
    }
  }

  record Headline(String feed, String guid, String title, String summary) {}

  static final List<Outlet> OUTLETS =
      List.of(
          new Outlet("hespress-fr", "Hespress FR", "fr"),
          new Outlet("le360", "Le360", "fr"),
          new Outlet("hespress-ar", "هسبريس", "ar"),
          new Outlet("medias24", "Médias24", "fr"),
          new Outlet("alyaoum24", "اليوم 24", "ar"));

  /** Its feed answers 404: the dashboard shows it failing. */
  static final Outlet GONE = new Outlet("le-matin", "Le Matin", "fr");

  final Vertx vertx = Vertx.vertx();
  final FakeOutlet fake = new FakeOutlet(vertx);
  final String db = TestDatabase.freshDatabaseUrl();
  final Map<String, Headline> live = new LinkedHashMap<>();
  final List<Headline> history = new ArrayList<>();
  TestServer server;

  /**
   * The outlets file's directory when the server reads more of conf/ than the outlets; else null.
   */
  private Path conf;

  static Newsroom start() throws Exception {
    return new Newsroom().opened(Map.of());
  }

  /**
   * With server environment overrides (e.g. a lower breaking threshold) and the story lexicon of
   * conf/ beside the outlets file, as an install has it, so stories group across languages.
   */
  static Newsroom withStories(Map<String, String> env) throws Exception {
    Newsroom n = new Newsroom();
    n.conf = Files.createTempDirectory("newsroom-conf");
    Files.copy(Path.of("conf", "story-lexicon.yaml"), n.conf.resolve("story-lexicon.yaml"));
    return n.opened(env);
  }

  private Newsroom opened(Map<String, String> env) throws Exception {
    try {
      open(env);
      return this;
    } catch (Exception | AssertionError e) {
      close();
      throw e;
    }
  }

  private void open(Map<String, String> env) throws Exception {
    Await.result(fake.start());
    Instant now = Instant.now();
    Map<String, List<FeedEntry>> feeds = new LinkedHashMap<>();
    for (Outlet o : OUTLETS) feeds.put(o.feed(), new ArrayList<>());
    for (String[] row : rows("front-page.tsv")) {
      history.add(new Headline(row[0], row[1], row[3], row[4]));
      // newest first in each feed, as outlets list them
      feeds
          .get(row[0])
          .add(
              0,
              new FeedEntry(
                  row[1],
                  row[3],
                  "https://example.ma/articles/" + row[1],
                  row[4],
                  now.minus(Duration.ofMinutes(Long.parseLong(row[2])))));
    }
    feeds.forEach(fake::set);
    for (String[] row : rows("live.tsv"))
      live.put(row[1], new Headline(row[0], row[1], row[2], row[3]));
    server = startServer(env);
  }

  TestServer startServer(Map<String, String> env) throws Exception {
    List<String> yaml = new ArrayList<>();
    for (Outlet o : OUTLETS)
      yaml.add(TestServer.outlet(o.id(), o.name(), o.lang(), fake.url(o.feed()), "300ms"));
    yaml.add(TestServer.outlet(GONE.id(), GONE.name(), GONE.lang(), fake.url(GONE.feed()), "1s"));
    TestServer s;
    if (conf == null) {
      s = TestServer.start(db, yaml, env);
    } else {
      Path outlets = conf.resolve("outlets.yaml");
      Files.writeString(outlets, "outlets:\n" + String.join("", yaml));
      s = TestServer.start(db, outlets, env);
    }
    try {
      Await.until(
          () -> OUTLETS.stream().allMatch(o -> s.server.registry().get(o.id()).health.polls() > 0),
          20_000,
          "first polls");
    } catch (AssertionError e) {
      s.close();
      throw e;
    }
    return s;
  }

  /**
   * Stops the server (as a deploy or a crash-restart would) and starts it again on the same port
   * and database.
   */
  void stopServer() throws Exception {
    TestServer s = server;
    server = null;
    s.close();
  }

  void startAgainOnPort(int port) throws Exception {
    server = startServer(Map.of("MANCHETTE_HTTP_PORT", Integer.toString(port)));
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Publishes a headline of live.tsv on its outlet's feed; the next poll detects it. */
  Headline publish(String guid) {
    Headline h = live.get(guid);
    fake.publish(
        h.feed(),
        new FeedEntry(
            h.guid(),
            h.title(),
            "https://example.ma/articles/" + h.guid(),
            h.summary(),
            Instant.now()));
    return h;
  }

  private static List<String[]> rows(String name) throws IOException {
    try (InputStream in = Newsroom.class.getResourceAsStream("/fixtures/browser/" + name)) {
      List<String[]> rows = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) continue;
        rows.add(line.split("\t"));
      }
      return rows;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (server != null) server.close();
    } finally {
      Await.result(fake.stop());
      Await.result(vertx.close());
    }
  }
}
