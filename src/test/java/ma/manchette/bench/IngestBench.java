package ma.manchette.bench;

import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;

/**
 * Ingest throughput: seeded corpora of RSS feeds served on loopback (several 127.0.1.x hosts, since
 * the fetcher keeps at most 2 connections per host) to Manchette in its own JVM, each round timed
 * from its first fetch until Manchette's PostgreSQL holds all its rows. Two floors on the same
 * bytes and rows: Rome parsing them on every core, and a plain COPY of the rows into an
 * items-shaped table. Run alone: {@code BENCH_ONLY=ingest bench/run.sh}.
 */
public final class IngestBench {
  /**
   * What one run measured (the warm round's figures, and the cold round's rate); {@code markdown}
   * is the report section.
   */
  public record Result(
      int outlets,
      int items,
      long expected,
      long coldWritten,
      long written,
      double ingestPerSecond,
      double coldPerSecond,
      double romePerSecond,
      double copyPerSecond,
      String markdown) {}

  private static final String TOKEN = "ingest-bench-admin-token-0123456789";

  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    Result r =
        run(
            Files.createTempDirectory("manchette-ingest"),
            BenchRunner.intEnv("BENCH_INGEST_OUTLETS", 1_000),
            BenchRunner.intEnv("BENCH_INGEST_ITEMS", 50),
            2);
    System.out.println(r.markdown());
    System.exit(0);
  }

  /**
   * Three rounds in one Manchette JVM. Cold: each outlet's first poll of a first corpus (stored as
   * history, not pushed), on a fresh JVM. Then twice, every feed turns into a new corpus and the
   * bench asks every outlet to poll now (admin API), so the same number of items comes in as live
   * news: fetched, parsed, detected, normalised, enriched, pushed, grouped into stories and
   * written. The first live round warms that path; warm is the second, on a JVM as warm as the
   * floors'. {@code rounds}: floors run this many times, the last reported.
   */
  public static Result run(Path work, int outlets, int items, int rounds) throws Exception {
    IngestCorpus first = new IngestCorpus(outlets, items, 9L, 200_000);
    IngestCorpus liveWarmUp = new IngestCorpus(outlets, items, 10L, 300_000);
    IngestCorpus corpus = new IngestCorpus(outlets, items, 8L);
    long expected = (long) outlets * items;
    double rome = 0;
    double copy = 0;
    for (int i = 0; i < rounds; i++) rome = romeFloor(corpus);
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(work.resolve("copy-pg"))
            .setCleanDataDirectory(true)
            .start()) {
      for (int i = 0; i < rounds; i++) copy = copyFloor(pg, corpus);
    }
    Vertx vertx = Vertx.vertx();
    int hosts = Math.max(1, Math.min(50, outlets / 20));
    int feedPort = freePort();
    AtomicReference<IngestCorpus> serving = new AtomicReference<>(first);
    Map<IngestCorpus, AtomicLong> firstFetch =
        Map.of(first, new AtomicLong(), liveWarmUp, new AtomicLong(), corpus, new AtomicLong());
    Map<IngestCorpus, AtomicLong> lastFetch =
        Map.of(first, new AtomicLong(), liveWarmUp, new AtomicLong(), corpus, new AtomicLong());
    List<HttpServer> servers = new ArrayList<>();
    for (int h = 0; h < hosts; h++) {
      HttpServer s =
          vertx
              .createHttpServer()
              .requestHandler(
                  req -> {
                    IngestCorpus now = serving.get();
                    firstFetch.get(now).compareAndSet(0, System.nanoTime());
                    lastFetch.get(now).set(System.nanoTime());
                    int o = Integer.parseInt(req.path().replaceAll("[^0-9]", ""));
                    req.response()
                        .putHeader("content-type", "application/rss+xml; charset=utf-8")
                        .end(io.vertx.core.buffer.Buffer.buffer(now.feeds.get(o)));
                  });
      s.listen(feedPort, host(h))
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      servers.add(s);
    }
    // an hour between polls: within the run, an outlet is polled at start and when the bench asks,
    // nothing else
    StringBuilder yaml = new StringBuilder("outlets:\n");
    for (int o = 0; o < outlets; o++) {
      String id = IngestCorpus.outletId(o);
      yaml.append("  - id: ")
          .append(id)
          .append("\n    name: ")
          .append(id)
          .append("\n    homepage: https://")
          .append(id)
          .append(".ma\n    lang: ")
          .append(o % 3 == 2 ? "ar" : "fr")
          .append("\n    interval: 1h\n    minInterval: 1h\n    maxInterval: 1h\n")
          .append("    feeds: [http://")
          .append(host(o % hosts))
          .append(':')
          .append(feedPort)
          .append("/feed/")
          .append(o)
          .append(".xml]\n");
    }
    Path outletsFile = work.resolve("ingest-outlets.yaml");
    Files.writeString(outletsFile, yaml);
    int port = freePort();
    HttpClient http = HttpClient.newHttpClient();
    Round cold;
    Round warm;
    long inStories;
    long amended;
    try (ServerProcess m =
        ServerProcess.start(
            "manchette-ingest",
            "ma.manchette.Main",
            List.of(),
            Map.of(
                "MANCHETTE_HTTP_PORT",
                Integer.toString(port),
                "MANCHETTE_HTTP_HOST",
                "127.0.0.1",
                "MANCHETTE_ADMIN_TOKEN",
                TOKEN,
                "MANCHETTE_OUTLETS",
                outletsFile.toString(),
                "MANCHETTE_DATA_DIR",
                work.resolve("data").toString(),
                "MANCHETTE_RATE_LIMIT",
                "1000000",
                "MANCHETTE_WRITE_BUFFER",
                Long.toString(Math.max(100_000, expected * 2))),
            work.resolve("manchette-ingest.log"))) {
      long deadline = System.currentTimeMillis() + 180_000;
      while (System.currentTimeMillis() < deadline && stats(http, port) == null) Thread.sleep(200);
      long ready = System.nanoTime();
      // rows counted in Manchette's own PostgreSQL: its port is in postmaster.pid (line 4)
      String pgPort = Files.readAllLines(work.resolve("data/pg/postmaster.pid")).get(3).trim();
      try (Connection c =
              java.sql.DriverManager.getConnection(
                  "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "postgres");
          Statement s = c.createStatement()) {
        cold =
            awaitRows(
                s,
                0,
                expected,
                firstFetch.get(first),
                lastFetch.get(first),
                ready,
                new AtomicReference<>());
        // a first live round warms the live path (pushes, stories, amendments) as the cold round
        // warmed the rest
        liveRound(s, port, outlets, expected, liveWarmUp, serving, firstFetch, lastFetch);
        long before = maxId(s);
        warm = liveRound(s, port, outlets, expected, corpus, serving, firstFetch, lastFetch);
        try (var rs =
            s.executeQuery(
                "SELECT count(story), count(updated_at) FROM items WHERE id > " + before)) {
          rs.next();
          inStories = rs.getLong(1);
          amended = rs.getLong(2);
        }
      }
    }
    for (HttpServer s : servers) s.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    String md =
        String.format(
            Locale.ROOT,
            "%n## Ingest throughput%n%n"
                + "%d outlets × %d items (%,d items, %.1f MiB of RSS, seeded: French and Arabic titles, HTML descriptions, categories, "
                + "authors, images) served on loopback from %d hosts 127.0.1.x, to one Manchette JVM in three rounds of the same size. **Cold**: "
                + "each outlet's first poll, on a fresh JVM (stored as history: fetched, parsed, detected as new, normalised, enriched, "
                + "written; not pushed). Then twice, every feed turns into a new corpus and the bench asks every outlet to poll now "
                + "(`POST /api/outlets/{id}/poll`, 64 at a time), so the items come in as live news: also pushed, grouped into stories "
                + "and amended with their story. The first of these live rounds warms the live path; **warm** is the second.%n%n"
                + "| measure | items/s | Manchette vs it |%n|---|---|---|%n"
                + "| Manchette, warm: first fetch → %,d rows written | %.0f | |%n"
                + "| Manchette, cold JVM (first polls, history) | %.0f | |%n"
                + "| floor: Rome `SyndFeedInput` on the same bytes, %d threads | %.0f | warm %.0f %%, cold %.0f %% |%n"
                + "| floor: PostgreSQL `COPY` of the same rows into an items-shaped table | %.0f | warm %.0f %%, cold %.0f %% |%n%n"
                + "Warm round: %.2f s from the first fetch (the last feed was fetched after %.2f s), %d items written (expected %d). "
                + "%,d of the live headlines joined a story; %,d rows were amended after their insert (story or picture). "
                + "Cold round: %.2f s (last fetch after %.2f s), %d written. "
                + "Floors: round %d of %d reported (earlier rounds warm the JVM). Target: ingest ≥ 70 %% of the Rome floor.%n",
            outlets,
            items,
            expected,
            corpus.bytes() / 1048576.0,
            hosts,
            warm.written,
            warm.rate(),
            cold.rate(),
            Runtime.getRuntime().availableProcessors(),
            rome,
            100 * warm.rate() / rome,
            100 * cold.rate() / rome,
            copy,
            100 * warm.rate() / copy,
            100 * cold.rate() / copy,
            warm.seconds(),
            warm.lastFetchSeconds(),
            warm.written,
            expected,
            inStories,
            amended,
            cold.seconds(),
            cold.lastFetchSeconds(),
            cold.written,
            rounds,
            rounds);
    return new Result(
        outlets,
        items,
        expected,
        cold.written,
        warm.written,
        warm.rate(),
        cold.rate(),
        rome,
        copy,
        md);
  }

  /**
   * One round: rows written beyond the base, timed from its first fetch (or from when it could
   * start, if earlier).
   */
  private record Round(long written, long start, long done, long lastFetch) {
    double seconds() {
      return (done - start) / 1e9;
    }

    double rate() {
      return written / seconds();
    }

    double lastFetchSeconds() {
      return (lastFetch - start) / 1e9;
    }
  }

  /**
   * Every feed turns into {@code next}; every outlet is asked to poll now; timed until its rows are
   * all written.
   */
  private static Round liveRound(
      Statement s,
      int port,
      int outlets,
      long expected,
      IngestCorpus next,
      AtomicReference<IngestCorpus> serving,
      Map<IngestCorpus, AtomicLong> firstFetch,
      Map<IngestCorpus, AtomicLong> lastFetch)
      throws Exception {
    long since = maxId(s);
    serving.set(next);
    long asked = System.nanoTime();
    AtomicReference<String> refused = new AtomicReference<>();
    Thread asker =
        new Thread(() -> askEveryOutletToPoll(port, outlets, refused), "ingest-poll-now");
    asker.start();
    Round r =
        awaitRows(s, since, expected, firstFetch.get(next), lastFetch.get(next), asked, refused);
    asker.join(60_000);
    if (refused.get() != null) throw new IllegalStateException(refused.get());
    return r;
  }

  private static long maxId(Statement s) throws java.sql.SQLException {
    try (var rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM items")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * POST /api/outlets/{id}/poll for every outlet, 64 at a time (HTTP/1.1: one connection each); a
   * refusal is kept.
   */
  private static void askEveryOutletToPoll(int port, int outlets, AtomicReference<String> refused) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(64);
    for (int o = 0; o < outlets && refused.get() == null; o++) {
      String id = IngestCorpus.outletId(o);
      inFlight.acquireUninterruptibly();
      http.sendAsync(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/api/outlets/" + id + "/poll"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (r, e) -> {
                if (e != null) refused.compareAndSet(null, "poll now of " + id + " failed: " + e);
                else if (r.statusCode() != 200)
                  refused.compareAndSet(
                      null, "poll now of " + id + " answered " + r.statusCode() + " " + r.body());
                inFlight.release();
              });
    }
    inFlight.acquireUninterruptibly(64);
  }

  /**
   * Waits for {@code expected} rows with ids above {@code sinceId} (ids are time-ordered). While
   * waiting, each look counts only the rows since the previous one: a full count(*) every 50 ms
   * would keep PostgreSQL busy scanning the table and take its CPU from Manchette's writes. The
   * final figure is one full count.
   */
  private static Round awaitRows(
      Statement s,
      long sinceId,
      long expected,
      AtomicLong firstFetch,
      AtomicLong lastFetch,
      long notBefore,
      AtomicReference<String> failed)
      throws Exception {
    long deadline = System.currentTimeMillis() + Math.max(180_000, expected * 20);
    long done = 0;
    long seen = 0;
    long lastId = sinceId;
    while (System.currentTimeMillis() < deadline) {
      try (var rs = s.executeQuery("SELECT count(*), max(id) FROM items WHERE id > " + lastId)) {
        rs.next();
        seen += rs.getLong(1);
        if (rs.getLong(1) > 0) lastId = rs.getLong(2);
      }
      if (seen >= expected) {
        done = System.nanoTime();
        break;
      }
      if (failed.get() != null) throw new IllegalStateException(failed.get());
      Thread.sleep(50);
    }
    if (done == 0) done = System.nanoTime();
    Thread.sleep(1_000); // nothing more should come: each item once
    long start = firstFetch.get() == 0 ? notBefore : firstFetch.get();
    return new Round(countSince(s, sinceId), start, done, lastFetch.get());
  }

  static String host(int h) {
    return "127.0.1." + (1 + h);
  }

  /** Parses every feed with Rome on as many threads as cores; items per second. */
  static double romeFloor(IngestCorpus corpus) throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long t0 = System.nanoTime();
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        tasks.add(
            () -> {
              int n = 0;
              for (int f = first; f < corpus.feeds.size(); f += threads) {
                n +=
                    new SyndFeedInput()
                        .build(new XmlReader(new ByteArrayInputStream(corpus.feeds.get(f))))
                        .getEntries()
                        .size();
              }
              return n;
            });
      }
      long n = 0;
      for (var f : pool.invokeAll(tasks)) n += f.get();
      return n / ((System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  /**
   * COPY of every row into a table with the columns of {@code items} (no generated search column);
   * rows per second.
   */
  static double copyFloor(EmbeddedPostgres pg, IngestCorpus corpus) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS items_floor");
      s.execute(
          "CREATE TABLE items_floor (id bigint PRIMARY KEY, outlet_id text NOT NULL, item_key text NOT NULL, title text NOT NULL, "
              + "url text, summary text, image text, author text, section text, lang text, region text, categories text[] NOT NULL DEFAULT '{}', "
              + "published_at timestamptz, detected_at timestamptz NOT NULL, CONSTRAINT items_floor_key UNIQUE (outlet_id, item_key))");
      StringBuilder data = new StringBuilder();
      long id = 0;
      String now = java.time.Instant.now().toString();
      for (List<IngestCorpus.Row> rows : corpus.rows) {
        for (IngestCorpus.Row r : rows) {
          data.append(++id)
              .append('\t')
              .append(r.outletId())
              .append('\t')
              .append(esc(r.guid()))
              .append('\t')
              .append(esc(r.title()))
              .append('\t')
              .append(esc(r.url()))
              .append('\t')
              .append(esc(r.summary()))
              .append('\t')
              .append(r.image() == null ? "\\N" : esc(r.image()))
              .append('\t')
              .append(esc(r.author()))
              .append('\t')
              .append(esc(r.section()))
              .append('\t')
              .append(r.lang())
              .append("\t\\N\t{")
              .append(esc(r.section().replace("\"", "")))
              .append("}\t")
              .append(r.published())
              .append('\t')
              .append(now)
              .append('\n');
        }
      }
      long t0 = System.nanoTime();
      long n =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn(
                  "COPY items_floor (id, outlet_id, item_key, title, url, summary, image, "
                      + "author, section, lang, region, categories, published_at, detected_at) FROM STDIN",
                  new StringReader(data.toString()));
      return n / ((System.nanoTime() - t0) / 1e9);
    }
  }

  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  private static long countSince(Statement s, long sinceId) throws java.sql.SQLException {
    try (var rs = s.executeQuery("SELECT count(*) FROM items WHERE id > " + sinceId)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static JsonObject stats(HttpClient http, int port) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/stats")).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? new JsonObject(r.body()) : null;
    } catch (Exception notYet) {
      return null;
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
