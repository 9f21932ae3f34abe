package ma.manchette.fetch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Non-blocking HTTP GET of a feed or page: conditional (ETag / Last-Modified), gzip, at most two
 * connections per host (the others wait their turn, {@link HostTurns}), a byte cap counted after
 * decompression (gzip bombs), a deadline for the whole exchange (slow drips) and a redirect limit.
 * Redirects are followed here so permanent moves are seen.
 */
public final class FeedFetcher {
  public static final String USER_AGENT =
      "Manchette/0.1 (+https://github.com/manchette-news/manchette; headline aggregator)";

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final FetchLimits limits;
  private volatile AddressGuard guard = new AddressGuard(java.util.List.of());
  private final RobotsTxt robots;
  private final HostTurns turns = new HostTurns(CONNECTIONS_PER_HOST);

  /** Politeness: never more open to one host, whatever the number of its feeds. */
  static final int CONNECTIONS_PER_HOST = 2;

  public FeedFetcher(Vertx vertx, FetchLimits limits) {
    this.vertx = vertx;
    this.limits = limits;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDecompressionSupported(true)
                .setConnectTimeout((int) limits.connectTimeout().toMillis())
                .setIdleTimeout((int) limits.deadline().toSeconds())
                .setKeepAlive(true)
                .setForceSni(true)
                .setMaxRedirects(0),
            new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_HOST).setMaxWaitQueueSize(200));
    this.robots =
        new RobotsTxt(
            vertx,
            (url, guarded) -> fetch(url, Validators.NONE, 512 * 1024, guarded),
            System::currentTimeMillis);
  }

  /**
   * A web page rather than a feed (a scraped listing, an article): asked only where the site's
   * robots.txt allows it, after its Crawl-delay; a disallowed page fails with kind "robots".
   */
  public Future<FetchResult> fetchPage(String url, long maxBytes, boolean guarded) {
    return robots.admit(url, guarded).compose(v -> fetch(url, Validators.NONE, maxBytes, guarded));
  }

  /** The same, with validators (a scraped listing polled again). */
  public Future<FetchResult> fetchPage(String url, Validators validators, boolean guarded) {
    return robots
        .admit(url, guarded)
        .compose(v -> fetch(url, validators, limits.maxBytes(), guarded));
  }

  public record Validators(String etag, String lastModified) {
    public static final Validators NONE = new Validators(null, null);
  }

  /** The SSRF guard used for guarded fetches (outlets added at run time, images). */
  public FeedFetcher guardedBy(AddressGuard g) {
    this.guard = g;
    return this;
  }

  public Future<FetchResult> fetch(String url, Validators validators) {
    return fetch(url, validators, limits.maxBytes(), false);
  }

  /** The same with a smaller body cap, for pages where only the head matters (article images). */
  public Future<FetchResult> fetch(String url, Validators validators, long maxBytes) {
    return fetch(url, validators, maxBytes, false);
  }

  /**
   * @param guarded check every hop's resolved address with the SSRF guard and connect to that
   *     address
   */
  public Future<FetchResult> fetch(String url, Validators validators, boolean guarded) {
    return fetch(url, validators, limits.maxBytes(), guarded);
  }

  public Future<FetchResult> fetch(
      String url, Validators validators, long maxBytes, boolean guarded) {
    // wait for a turn on the host first (HostTurns), so the pool's own wait queue never overflows
    // and the deadline counts only the exchange itself
    return turns.run(HostTurns.keyOf(url), () -> exchange(url, validators, maxBytes, guarded));
  }

  private Future<FetchResult> exchange(
      String url, Validators validators, long maxBytes, boolean guarded) {
    Promise<FetchResult> result = Promise.promise();
    HttpClientRequest[] current = new HttpClientRequest[1];
    long timer =
        vertx.setTimer(
            limits.deadline().toMillis(),
            t -> {
              if (result.tryFail(
                  new FetchException(
                      "timeout",
                      "no complete answer within " + limits.deadline().toSeconds() + " s"))) {
                if (current[0] != null) current[0].reset();
              }
            });
    long cap = Math.min(maxBytes, limits.maxBytes());
    // begun off a Vert.x context, Vert.x 5.0.7 can hand the response over after its end was
    // dispatched:
    // the body/end handlers set then never fire and the fetch hangs to its deadline (the suite's 30
    // s stalls, docs/stall-investigation.md)
    if (Vertx.currentContext() != null)
      attempt(url, validators, cap, 0, null, result, current, guarded);
    else
      vertx
          .getOrCreateContext()
          .runOnContext(v -> attempt(url, validators, cap, 0, null, result, current, guarded));
    return result.future().andThen(ar -> vertx.cancelTimer(timer));
  }

  private void attempt(
      String url,
      Validators v,
      long maxBytes,
      int redirects,
      String permanentUrl,
      Promise<FetchResult> result,
      HttpClientRequest[] current,
      boolean guarded) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(url)
            .setFollowRedirects(false)
            .putHeader("User-Agent", USER_AGENT)
            .putHeader(
                "Accept",
                "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
                    + "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5");
    if (v.etag() != null) options.putHeader("If-None-Match", v.etag());
    if (v.lastModified() != null) options.putHeader("If-Modified-Since", v.lastModified());
    // the SSRF hook: each hop (first request and every redirect) is resolved, checked, and pinned
    Future<Void> checked =
        !guarded
            ? Future.succeededFuture()
            : guard
                .resolve(vertx, URI.create(url))
                .map(
                    addr -> {
                      options.setServer(addr);
                      return null;
                    });
    checked
        .compose(ok -> client.request(options))
        .compose(
            req -> {
              current[0] = req;
              return req.send();
            })
        .onFailure(
            e ->
                result.tryFail(
                    e instanceof FetchException fe
                        ? fe
                        : new FetchException("connection", describe(e))))
        .onSuccess(
            resp -> {
              if (result.future().isComplete()) return;
              int status = resp.statusCode();
              String location = resp.getHeader("Location");
              if (status >= 300 && status < 400 && status != 304 && location != null) {
                // read the (small) redirect body to its end rather than reset it: see discard()
                readCapped(resp, 64 * 1024)
                    .onComplete(
                        drained ->
                            follow(
                                url,
                                location,
                                status,
                                v,
                                maxBytes,
                                redirects,
                                permanentUrl,
                                result,
                                current,
                                guarded));
                return;
              }
              if (status == 304) {
                // a 304 has no body: wait for its end so the connection goes back to the pool clean
                // (see discard())
                resp.end()
                    .onComplete(
                        ended -> result.tryComplete(response(resp, null, url, permanentUrl)));
                return;
              }
              long declared = declaredLength(resp);
              if (status >= 200 && status < 300 && declared > maxBytes) {
                // refused on the header alone: no point downloading what will be thrown away
                discard(resp);
                result.tryFail(
                    new FetchException(
                        "too-large",
                        "body of "
                            + declared / 1024
                            + " KiB announced, larger than "
                            + maxBytes / 1024
                            + " KiB"));
                return;
              }
              readCapped(resp, status >= 200 && status < 300 ? maxBytes : 64 * 1024)
                  .onSuccess(
                      body ->
                          result.tryComplete(
                              response(
                                  resp, status < 300 ? body.getBytes() : null, url, permanentUrl)))
                  .onFailure(result::tryFail);
            });
  }

  /**
   * Drops an exchange whose body is still arriving: the reset closes its connection. Never used on
   * an answer that may already be complete (304, short redirect): Vert.x 5.0.7 then keeps the
   * connection in the pool with its reads paused, and the next request on it hangs until the idle
   * timeout (the ~30 s stalls in docs/stall-investigation.md; compare vert.x #5663). Its
   * StreamResetException is expected, so swallowed.
   */
  private static void discard(HttpClientResponse resp) {
    resp.exceptionHandler(ignored -> {});
    resp.request().reset();
  }

  private void follow(
      String url,
      String location,
      int status,
      Validators v,
      long maxBytes,
      int redirects,
      String permanentUrl,
      Promise<FetchResult> result,
      HttpClientRequest[] current,
      boolean guarded) {
    if (result.future().isComplete()) return;
    if (redirects + 1 > limits.maxRedirects()) {
      result.tryFail(
          new FetchException("redirect-loop", "more than " + limits.maxRedirects() + " redirects"));
      return;
    }
    String next;
    try {
      next = URI.create(url).resolve(location.trim()).toString();
    } catch (RuntimeException e) {
      result.tryFail(new FetchException("bad-redirect", "unusable Location header"));
      return;
    }
    if (!next.startsWith("http://") && !next.startsWith("https://")) {
      result.tryFail(new FetchException("bad-redirect", "redirect to a non-http(s) URL"));
      return;
    }
    boolean permanent = (status == 301 || status == 308) && redirects == 0;
    attempt(
        next,
        v,
        maxBytes,
        redirects + 1,
        permanent ? next : permanentUrl,
        result,
        current,
        guarded);
  }

  /** Content-Length of an unencoded body (the decompressor drops it for gzip), or -1. */
  private static long declaredLength(HttpClientResponse resp) {
    String v = resp.getHeader("Content-Length");
    if (v == null || resp.getHeader("Content-Encoding") != null) return -1;
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private Future<Buffer> readCapped(HttpClientResponse resp, long cap) {
    Promise<Buffer> p = Promise.promise();
    Buffer acc = Buffer.buffer();
    resp.handler(
        chunk -> {
          if (acc.length() + chunk.length() > cap) {
            if (p.tryFail(
                new FetchException(
                    "too-large",
                    "body larger than " + cap / 1024 + " KiB (after decompression)"))) {
              resp.request().reset();
            }
          } else {
            acc.appendBuffer(chunk);
          }
        });
    resp.exceptionHandler(e -> p.tryFail(new FetchException("connection", describe(e))));
    resp.endHandler(v -> p.tryComplete(acc));
    return p.future();
  }

  private static FetchResult response(
      HttpClientResponse resp, byte[] body, String url, String permanentUrl) {
    return new FetchResult(
        resp.statusCode(),
        body,
        resp.getHeader("Content-Type"),
        resp.getHeader("ETag"),
        resp.getHeader("Last-Modified"),
        url,
        permanentUrl,
        retryAfter(resp.getHeader("Retry-After")),
        serverKind(resp));
  }

  /** Cloudflare and similar walls say so in their headers; outlet health reports it plainly. */
  private static String serverKind(HttpClientResponse resp) {
    if (resp.getHeader("cf-mitigated") != null
        || (resp.statusCode() == 403 && resp.getHeader("cf-ray") != null)) return "cloudflare";
    return resp.getHeader("Server");
  }

  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) return null;
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime when =
            ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(), when);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException ignored) {
        return null;
      }
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  public Future<Void> close() {
    return client.close();
  }
}
