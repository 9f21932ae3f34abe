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
import org.postgresql.PGConnection;

/**
 * Ingest throughput: a seeded corpus of RSS feeds served on loopback (several 127.0.1.x hosts, since the
 * fetcher keeps at most 2 connections per host), Manchette in its own JVM polling each outlet once, timed
 * from its first fetch until /api/stats says every item was written to PostgreSQL. Two floors on the same
 * bytes and rows: Rome parsing them on every core, and a plain COPY of the rows into an items-shaped table.
 * Run alone: {@code BENCH_ONLY=ingest bench/run.sh}.
 */
public final class IngestBench {
  /** What one run measured; {@code markdown} is the report section. */
  public record Result(int outlets, int items, long expected, long written, double ingestPerSecond, double romePerSecond,
      double copyPerSecond, String markdown) {}

  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    Result r = run(Files.createTempDirectory("manchette-ingest"), BenchRunner.intEnv("BENCH_INGEST_OUTLETS", 1_000),
        BenchRunner.intEnv("BENCH_INGEST_ITEMS", 50), 2, BenchRunner.intEnv("BENCH_INGEST_WARM", 0) == 1);
    System.out.println(r.markdown());
    System.exit(0);
  }

  /** {@code rounds}: floors run this many times, the last reported (the first warms the JVM). */
  public static Result run(Path work, int outlets, int items, int rounds) throws Exception {
    return run(work, outlets, items, rounds, false);
  }

  /**
   * {@code warm}: Manchette first ingests another corpus of the same size (its outlets' first polls, stored as
   * history), then every feed turns into the measured corpus and the next polls take it as live news (pushed,
   * grouped into stories, written): the rate of a warmed JVM, as the floors are measured warmed.
   */
  public static Result run(Path work, int outlets, int items, int rounds, boolean warm) throws Exception {
    IngestCorpus corpus = new IngestCorpus(outlets, items, 8L);
    IngestCorpus warmUp = warm ? new IngestCorpus(outlets, items, 9L, 200_000) : null;
    long expected = (long) outlets * items;
    double rome = 0;
    double copy = 0;
    for (int i = 0; i < rounds; i++) rome = romeFloor(corpus);
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(work.resolve("copy-pg")).setCleanDataDirectory(true).start()) {
      for (int i = 0; i < rounds; i++) copy = copyFloor(pg, corpus);
    }
    Vertx vertx = Vertx.vertx();
    int hosts = Math.max(1, Math.min(50, outlets / 20));
    int feedPort = freePort();
    AtomicLong firstFetch = new AtomicLong();
    AtomicLong lastFetch = new AtomicLong();
    java.util.concurrent.atomic.AtomicReference<IngestCorpus> serving = new java.util.concurrent.atomic.AtomicReference<>(
        warm ? warmUp : corpus);
    List<HttpServer> servers = new ArrayList<>();
    for (int h = 0; h < hosts; h++) {
      HttpServer s = vertx.createHttpServer().requestHandler(req -> {
        IngestCorpus now = serving.get();
        if (now == corpus) { // the measured round
          firstFetch.compareAndSet(0, System.nanoTime());
          lastFetch.set(System.nanoTime());
        }
        int o = Integer.parseInt(req.path().replaceAll("[^0-9]", ""));
        req.response().putHeader("content-type", "application/rss+xml; charset=utf-8")
            .end(io.vertx.core.buffer.Buffer.buffer(now.feeds.get(o)));
      });
      s.listen(feedPort, host(h)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      servers.add(s);
    }
    // measured alone, one poll per outlet in the run; after a warm-up round, the second poll comes a minute later
    String interval = warm ? "60s" : "1h";
    StringBuilder yaml = new StringBuilder("outlets:\n");
    for (int o = 0; o < outlets; o++) {
      String id = IngestCorpus.outletId(o);
      // one poll per outlet within the run: the interval is far longer than the bench
      yaml.append("  - id: ").append(id).append("\n    name: ").append(id).append("\n    homepage: https://").append(id)
          .append(".ma\n    lang: ").append(o % 3 == 2 ? "ar" : "fr").append("\n    interval: ").append(interval)
          .append("\n    minInterval: ").append(interval).append("\n    maxInterval: ").append(interval).append('\n')
          .append("    feeds: [http://").append(host(o % hosts)).append(':').append(feedPort).append("/feed/").append(o).append(".xml]\n");
    }
    Path outletsFile = work.resolve("ingest-outlets.yaml");
    Files.writeString(outletsFile, yaml);
    int port = freePort();
    HttpClient http = HttpClient.newHttpClient();
    long written;
    double coldRate = 0;
    double ingest;
    long ready;
    long done;
    try (ServerProcess m = ServerProcess.start("manchette-ingest", "ma.manchette.Main", List.of(), Map.of(
        "MANCHETTE_HTTP_PORT", Integer.toString(port), "MANCHETTE_HTTP_HOST", "127.0.0.1",
        "MANCHETTE_OUTLETS", outletsFile.toString(), "MANCHETTE_DATA_DIR", work.resolve("data").toString(),
        "MANCHETTE_RATE_LIMIT", "1000000", "MANCHETTE_WRITE_BUFFER", Long.toString(Math.max(100_000, expected * 2))),
        work.resolve("manchette-ingest.log"))) {
      long deadline = System.currentTimeMillis() + 180_000;
      while (System.currentTimeMillis() < deadline && stats(http, port) == null) Thread.sleep(200);
      ready = System.nanoTime();
      // rows counted in Manchette's own PostgreSQL: its port is in postmaster.pid (line 4)
      String pgPort = Files.readAllLines(work.resolve("data/pg/postmaster.pid")).get(3).trim();
      try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "postgres");
          Statement s = c.createStatement()) {
        long base = 0;
        long coldStart = 0;
        double cold = 0;
        if (warm) { // the warm-up round: first polls, history
          long until = System.currentTimeMillis() + Math.max(120_000, expected * 20);
          coldStart = System.nanoTime();
          while (System.currentTimeMillis() < until && count(s) < expected) Thread.sleep(50);
          cold = count(s) / ((System.nanoTime() - coldStart) / 1e9);
          base = count(s);
          serving.set(corpus);
        }
        deadline = System.currentTimeMillis() + Math.max(180_000, expected * 20);
        written = 0;
        done = 0;
        while (System.currentTimeMillis() < deadline) {
          written = count(s) - base;
          if (written >= expected) {
            done = System.nanoTime();
            break;
          }
          Thread.sleep(50);
        }
        if (done == 0) done = System.nanoTime();
        Thread.sleep(1_000); // nothing more should come: each item once
        written = count(s) - base;
        coldRate = cold;
      }
    }
    for (HttpServer s : servers) s.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    long start = warm && firstFetch.get() != 0 ? firstFetch.get()
        : firstFetch.get() == 0 ? ready : Math.min(firstFetch.get(), ready);
    ingest = written / ((done - start) / 1e9);
    String what = warm
        ? "Manchette first ingests another corpus of the same size (each outlet's first poll, stored as history: a cold JVM); "
            + "then every feed turns into the measured corpus and each outlet's next poll, a minute later, takes it as live news "
            + "(fetched, parsed, detected as new, normalised, enriched, pushed, grouped into stories, written)"
        : "Manchette polls each outlet once (its first poll: stored as history, not pushed, but fetched, parsed, detected as "
            + "new, normalised, enriched and written like any other)";
    String md = String.format(Locale.ROOT, "%n## Ingest throughput%n%n"
        + "%d outlets × %d items (%,d items, %.1f MiB of RSS, seeded: French and Arabic titles, HTML descriptions, categories, "
        + "authors, images) served on loopback from %d hosts 127.0.1.x. %s.%n%n"
        + "| measure | items/s | Manchette vs it |%n|---|---|---|%n"
        + "| Manchette%s: first fetch → %,d rows written | %.0f | |%n"
        + (warm ? String.format(Locale.ROOT, "| Manchette, cold JVM (warm-up round, first polls) | %.0f | |%n", coldRate) : "")
        + "| floor: Rome `SyndFeedInput` on the same bytes, %d threads | %.0f | %.0f %% |%n"
        + "| floor: PostgreSQL `COPY` of the same rows into an items-shaped table | %.0f | %.0f %% |%n%n"
        + "Time %.2f s from the first fetch (the last feed was fetched after %.2f s); %d items written (expected %d). "
        + "Floors: round %d of %d reported (earlier rounds warm the JVM). Target: ingest ≥ 70 %% of the Rome floor.%n",
        outlets, items, expected, corpus.bytes() / 1048576.0, hosts, what, warm ? ", warm JVM" : "", written, ingest,
        Runtime.getRuntime().availableProcessors(), rome, 100 * ingest / rome, copy, 100 * ingest / copy, (done - start) / 1e9,
        (lastFetch.get() - start) / 1e9, written, expected, rounds, rounds);
    return new Result(outlets, items, expected, written, ingest, rome, copy, md);
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
        tasks.add(() -> {
          int n = 0;
          for (int f = first; f < corpus.feeds.size(); f += threads) {
            n += new SyndFeedInput().build(new XmlReader(new ByteArrayInputStream(corpus.feeds.get(f)))).getEntries().size();
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

  /** COPY of every row into a table with the columns of {@code items} (no generated search column); rows per second. */
  static double copyFloor(EmbeddedPostgres pg, IngestCorpus corpus) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS items_floor");
      s.execute("CREATE TABLE items_floor (id bigint PRIMARY KEY, outlet_id text NOT NULL, item_key text NOT NULL, title text NOT NULL, "
          + "url text, summary text, image text, author text, section text, lang text, region text, categories text[] NOT NULL DEFAULT '{}', "
          + "published_at timestamptz, detected_at timestamptz NOT NULL, CONSTRAINT items_floor_key UNIQUE (outlet_id, item_key))");
      StringBuilder data = new StringBuilder();
      long id = 0;
      String now = java.time.Instant.now().toString();
      for (List<IngestCorpus.Row> rows : corpus.rows) {
        for (IngestCorpus.Row r : rows) {
          data.append(++id).append('\t').append(r.outletId()).append('\t').append(esc(r.guid())).append('\t').append(esc(r.title()))
              .append('\t').append(esc(r.url())).append('\t').append(esc(r.summary())).append('\t').append(r.image() == null ? "\\N" : esc(r.image()))
              .append('\t').append(esc(r.author())).append('\t').append(esc(r.section())).append('\t').append(r.lang()).append("\t\\N\t{")
              .append(esc(r.section().replace("\"", ""))).append("}\t").append(r.published()).append('\t').append(now).append('\n');
        }
      }
      long t0 = System.nanoTime();
      long n = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY items_floor (id, outlet_id, item_key, title, url, summary, image, "
          + "author, section, lang, region, categories, published_at, detected_at) FROM STDIN", new StringReader(data.toString()));
      return n / ((System.nanoTime() - t0) / 1e9);
    }
  }

  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  private static long count(Statement s) throws java.sql.SQLException {
    try (var rs = s.executeQuery("SELECT count(*) FROM items")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static JsonObject stats(HttpClient http, int port) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/stats")).build(),
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
