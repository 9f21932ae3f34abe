package ma.manchette.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import ma.manchette.config.OutletConfig;
import ma.manchette.config.ScrapeRule;
import ma.manchette.demo.DemoHeadlines.Headline;

/**
 * Simulated outlets for the offline demo ({@code --demo}): a small HTTP server on loopback serving
 * real RSS, Atom and an HTML page (read with a scrape rule), plus article pages with an og:image.
 * One outlet in turn publishes a new headline every few seconds, so the ticker moves without any
 * internet access.
 */
public final class DemoOutlets {
  private static final int KEEP = 30;
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private enum Format {
    RSS,
    ATOM,
    PAGE
  }

  private record Entry(String slug, Headline headline, Instant at) {}

  private static final class Source {
    final String id;
    final String name;
    final String lang;
    final String path;
    final Format format;
    final List<Headline> pool;
    final LinkedList<Entry> entries = new LinkedList<>();
    int next;

    Source(String id, String name, String lang, String path, Format format, List<Headline> pool) {
      this.id = id;
      this.name = name;
      this.lang = lang;
      this.path = path;
      this.format = format;
      this.pool = pool;
    }
  }

  private final Vertx vertx;
  private final Duration period;
  private final List<Source> sources =
      List.of(
          new Source(
              "demo-le-matin",
              "Le Matin (démo)",
              "fr",
              "/le-matin/rss",
              Format.RSS,
              DemoHeadlines.FR),
          new Source(
              "demo-al-akhbar",
              "Al Akhbar (démo)",
              "ar",
              "/al-akhbar/atom",
              Format.ATOM,
              DemoHeadlines.AR),
          new Source(
              "demo-morocco-news",
              "Morocco News (demo)",
              "en",
              "/morocco-news/feed",
              Format.RSS,
              DemoHeadlines.EN),
          new Source(
              "demo-diario",
              "Diario del Estrecho (demo)",
              "es",
              "/diario/portada",
              Format.PAGE,
              DemoHeadlines.ES));
  private HttpServer server;
  private long timer = -1;
  private int turn;
  private long published;
  // a fresh series per run, so a restarted demo on the same database publishes news, not known keys
  private final String run = Long.toString(System.currentTimeMillis() / 1000, 36);

  public DemoOutlets(Vertx vertx, Duration period) {
    this.vertx = vertx;
    this.period = period;
  }

  /**
   * Listens on a random loopback port with a few headlines already out (the history of the first
   * poll).
   */
  public Future<DemoOutlets> start() {
    for (Source s : sources) for (int i = 0; i < 3; i++) publish(s);
    return vertx
        .createHttpServer()
        .requestHandler(this::serve)
        .listen(0, "127.0.0.1")
        .map(
            srv -> {
              server = srv;
              timer =
                  vertx.setPeriodic(
                      period.toMillis(),
                      t -> {
                        publish(sources.get(turn++ % sources.size()));
                      });
              return this;
            });
  }

  /** The outlets to poll instead of the outlets file. */
  public List<OutletConfig> outlets() {
    List<OutletConfig> out = new ArrayList<>();
    for (Source s : sources) {
      String url = base() + s.path;
      ScrapeRule rule =
          s.format == Format.PAGE
              ? new ScrapeRule(
                  url, "article.noticia", "h2 a", "h2 a@href", "img@src", "time@datetime")
              : null;
      out.add(
          new OutletConfig(
              s.id,
              s.name,
              base() + "/",
              s.lang,
              null,
              null,
              Duration.ofSeconds(2),
              Duration.ofSeconds(1),
              Duration.ofSeconds(4),
              rule == null ? List.of(url) : List.of(),
              rule,
              true,
              null));
    }
    return out;
  }

  public Future<Void> stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    return server == null ? Future.succeededFuture() : server.close();
  }

  private String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  private synchronized void publish(Source s) {
    Headline h = s.pool.get(s.next++ % s.pool.size());
    s.entries.addFirst(new Entry(s.id + "-" + run + "-" + (++published), h, Instant.now()));
    if (s.entries.size() > KEEP) s.entries.removeLast();
  }

  private void serve(HttpServerRequest req) {
    String path = req.path();
    if (path.startsWith("/articles/")) {
      article(req, path.substring("/articles/".length()));
      return;
    }
    if (path.startsWith("/images/")) {
      image(req, path.substring("/images/".length()));
      return;
    }
    for (Source s : sources) {
      if (s.path.equals(path)) {
        String body;
        synchronized (this) {
          body =
              switch (s.format) {
                case RSS -> rss(s);
                case ATOM -> atom(s);
                case PAGE -> page(s);
              };
        }
        String etag = "\"" + Integer.toHexString(body.hashCode()) + "\"";
        if (etag.equals(req.getHeader("If-None-Match"))) {
          req.response().setStatusCode(304).end();
          return;
        }
        String type =
            switch (s.format) {
              case RSS -> "application/rss+xml; charset=utf-8";
              case ATOM -> "application/atom+xml; charset=utf-8";
              case PAGE -> "text/html; charset=utf-8";
            };
        req.response().putHeader("Content-Type", type).putHeader("ETag", etag).end(body);
        return;
      }
    }
    req.response().setStatusCode(404).end("not found");
  }

  private String link(Entry e) {
    return base() + "/articles/" + e.slug();
  }

  private String rss(Source s) {
    StringBuilder sb =
        new StringBuilder(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>")
            .append(esc(s.name))
            .append("</title><link>")
            .append(base())
            .append("/</link><description>Manchette demo</description>\n");
    for (Entry e : s.entries) {
      sb.append("<item><title>")
          .append(esc(e.headline().title()))
          .append("</title><link>")
          .append(link(e))
          .append("</link><guid isPermaLink=\"false\">")
          .append(e.slug())
          .append("</guid><description>")
          .append(esc(e.headline().summary()))
          .append("</description><category>")
          .append(e.headline().section())
          .append("</category><pubDate>")
          .append(RFC_1123.format(e.at()))
          .append("</pubDate></item>\n");
    }
    return sb.append("</channel></rss>\n").toString();
  }

  private String atom(Source s) {
    StringBuilder sb =
        new StringBuilder(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"")
            .append(s.lang)
            .append("\"><title>")
            .append(esc(s.name))
            .append("</title><id>")
            .append(base())
            .append(s.path)
            .append("</id><updated>")
            .append(s.entries.isEmpty() ? Instant.now() : s.entries.getFirst().at())
            .append("</updated>\n");
    for (Entry e : s.entries) {
      sb.append("<entry><title>")
          .append(esc(e.headline().title()))
          .append("</title><link rel=\"alternate\" href=\"")
          .append(link(e))
          .append("\"/><id>urn:demo:")
          .append(e.slug())
          .append("</id><updated>")
          .append(e.at())
          .append("</updated><published>")
          .append(e.at())
          .append("</published><summary>")
          .append(esc(e.headline().summary()))
          .append("</summary><category term=\"")
          .append(e.headline().section())
          .append("\"/></entry>\n");
    }
    return sb.append("</feed>\n").toString();
  }

  /** A front page without a feed; the image is lazy-loaded, as on many real sites. */
  private String page(Source s) {
    StringBuilder sb =
        new StringBuilder("<!DOCTYPE html>\n<html lang=\"")
            .append(s.lang)
            .append("\"><head><meta charset=\"utf-8\"><title>")
            .append(esc(s.name))
            .append("</title></head><body><main>\n");
    for (Entry e : s.entries) {
      sb.append("<article class=\"noticia\"><h2><a href=\"/articles/")
          .append(e.slug())
          .append("\">")
          .append(esc(e.headline().title()))
          .append("</a></h2><p>")
          .append(esc(e.headline().summary()))
          .append("</p><time datetime=\"")
          .append(e.at())
          .append("\"></time></article>\n");
    }
    return sb.append("</main></body></html>\n").toString();
  }

  private void article(HttpServerRequest req, String slug) {
    String html =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta property=\"og:image\" content=\""
            + base()
            + "/images/"
            + esc(slug)
            + ".svg\"><title>"
            + esc(slug)
            + "</title></head><body><article><p>Article de démonstration.</p></article></body></html>";
    req.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html);
  }

  /** A small coloured card, so the demo ticker shows pictures without the internet. */
  private void image(HttpServerRequest req, String name) {
    int hue = Math.floorMod(name.hashCode(), 360);
    String svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"180\"><rect width=\"320\" height=\"180\" fill=\"hsl("
            + hue
            + ",55%,45%)\"/><text x=\"16\" y=\"100\" font-size=\"28\" fill=\"white\" font-family=\"sans-serif\">Manchette</text></svg>";
    req.response()
        .putHeader("Content-Type", "image/svg+xml")
        .putHeader("Cache-Control", "max-age=86400")
        .end(svg);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
