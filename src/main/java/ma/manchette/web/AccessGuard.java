package ma.manchette.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import ma.manchette.config.AccessConfig;
import ma.manchette.config.AccessConfig.ApiKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before every route: query size, CORS (open for public reads, closed for admin routes), the
 * optional API key or signed token, per-address / per-key rate limits, the cap on open streams per
 * address and per key, and the admin bearer token (constant-time comparison).
 */
public final class AccessGuard {
  private static final Logger LOG = LoggerFactory.getLogger(AccessGuard.class);
  public static final String API_KEY = "manchette.apiKey";
  /** A Runnable freeing the caller's stream slot; the WebSocket endpoint runs it when the socket ends. */
  public static final String STREAM_SLOT = "manchette.streamSlot";
  private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
  private static final Pattern ITEM_ACTION = Pattern.compile("/api/items/[^/]+/(hide|unhide)");

  private final AccessConfig config;
  private final ApiKeys keys;
  private final byte[] adminDigest;
  private final RateLimiter limiter = new RateLimiter();
  private final StreamSlots slots = new StreamSlots();

  public AccessGuard(AccessConfig config, ApiKeys keys, String adminToken) {
    this.config = config;
    this.keys = keys;
    this.adminDigest = adminToken == null ? null : sha256(adminToken);
  }

  public ApiKeys keys() {
    return keys;
  }

  /** Installed through HttpVerticle.Routes.extra: order -1000 puts it ahead of every route. */
  public void install(Router router) {
    router.route().order(-1000).handler(this::handle);
    router.get("/api/token").handler(this::token);
  }

  /** The admin-only routes: changing outlets, hiding items, reading reports, importing OPML. */
  static boolean adminRoute(HttpMethod m, String path) {
    boolean read = m == HttpMethod.GET || m == HttpMethod.HEAD;
    return path.equals("/api/reports") || path.startsWith("/api/reports/")
        || (!read && (path.equals("/api/outlets") || path.startsWith("/api/outlets/") || path.equals("/api/outlets.opml")))
        || ITEM_ACTION.matcher(path).matches();
  }

  private static boolean limited(String path) {
    return path.startsWith("/api/") || path.startsWith("/feed.") || path.equals("/openapi.yaml");
  }

  private void handle(RoutingContext rc) {
    try {
      check(rc);
    } catch (IllegalArgumentException e) {
      // a malformed percent-escape or method name: the client's fault, said plainly
      ApiError.send(rc, 400, "malformed request: " + e.getMessage(), "query");
    }
  }

  private void check(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    String path = req.path();
    if (path == null || BAD_ESCAPE.matcher(path).find()) {
      // the router itself would throw on a broken escape such as %zz: answer it here
      ApiError.send(rc, 400, "malformed path: invalid percent-escape", "path");
      return;
    }
    String query = req.query();
    if (query != null && query.length() > config.maxQueryLength()) {
      ApiError.send(rc, 414, "query string longer than " + config.maxQueryLength() + " characters", "query");
      return;
    }
    String origin = req.getHeader("Origin");
    HttpMethod effective = req.method();
    if (req.method() == HttpMethod.OPTIONS && req.getHeader("Access-Control-Request-Method") != null) {
      effective = HttpMethod.valueOf(req.getHeader("Access-Control-Request-Method").trim().toUpperCase());
    }
    boolean admin = adminRoute(effective, path);
    if (origin != null && !sameOrigin(rc, origin)) {
      if (admin || !(effective == HttpMethod.GET || effective == HttpMethod.HEAD)) {
        // no CORS headers: browsers on other sites may not drive the admin API or post reports
        ApiError.send(rc, 403, "cross-origin requests are only open for public GET routes", "Origin");
        return;
      }
      rc.response().putHeader("Access-Control-Allow-Origin", "*")
          .putHeader("Access-Control-Expose-Headers", "ETag, Retry-After, Content-Type");
      if (req.method() == HttpMethod.OPTIONS) {
        rc.response().setStatusCode(204)
            .putHeader("Access-Control-Allow-Methods", "GET, HEAD")
            .putHeader("Access-Control-Allow-Headers", "X-Api-Key, Last-Event-ID, If-None-Match, Cache-Control")
            .putHeader("Access-Control-Max-Age", "600").end();
        return;
      }
    }
    ApiKey key = null;
    String header = req.getHeader("X-Api-Key");
    if (header != null) {
      key = keys.byKey(header.trim());
      if (key == null) {
        ApiError.send(rc, 401, "unknown API key", "X-Api-Key");
        return;
      }
    } else if (req.getParam("token") != null && limited(path)) {
      key = keys.verify(req.getParam("token"));
      if (key == null) {
        ApiError.send(rc, 401, "stream token is invalid or expired; ask /api/token for a new one", "token");
        return;
      }
    }
    if (key != null) rc.put(API_KEY, key);
    String address = ClientAddress.of(rc);
    if (limited(path)) {
      long wait = key != null ? limiter.acquire("key:" + key.name(), key.requestsPerMinute())
          : limiter.acquire("addr:" + address, config.requestsPerMinute());
      if (wait > 0) {
        rc.response().putHeader("Retry-After", Long.toString(wait));
        ApiError.send(rc, 429, key != null ? "request quota of API key '" + key.name() + "' exceeded ("
            + key.requestsPerMinute() + "/min)" : "too many requests from your address (" + config.requestsPerMinute() + "/min)", null);
        return;
      }
    }
    if (admin && !adminAllowed(rc)) return;
    if (req.method() == HttpMethod.GET && (path.equals("/api/stream") || path.equals("/api/ws"))) {
      String slot = key != null ? "key:" + key.name() : "addr:" + address;
      int max = key != null ? key.maxStreams() : config.streamsPerAddress();
      if (!slots.tryAcquire(slot, max)) {
        rc.response().putHeader("Retry-After", "10");
        ApiError.send(rc, 429, "too many open streams " + (key != null ? "for API key '" + key.name() + "'" : "from your address")
            + " (at most " + max + ")", null);
        return;
      }
      AtomicBoolean released = new AtomicBoolean();
      Runnable release = () -> {
        if (released.compareAndSet(false, true)) slots.release(slot);
      };
      HttpServerResponse resp = rc.response();
      resp.endHandler(v -> release.run());
      req.connection().closeHandler(v -> release.run());
      rc.put(STREAM_SLOT, release);
    }
    rc.next();
  }

  private boolean adminAllowed(RoutingContext rc) {
    if (adminDigest == null) {
      ApiError.send(rc, 403, "the admin API is off: set MANCHETTE_ADMIN_TOKEN to turn it on", null);
      return false;
    }
    String auth = rc.request().getHeader("Authorization");
    String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    // compare digests with MessageDigest.isEqual: the time taken says nothing about the token
    if (given == null || !MessageDigest.isEqual(sha256(given), adminDigest)) {
      LOG.info("admin request refused from {}: {} {}", ClientAddress.of(rc), rc.request().method(), rc.request().path());
      rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"manchette-admin\"");
      ApiError.send(rc, 401, given == null ? "admin token required (Authorization: Bearer ...)" : "invalid admin token", "Authorization");
      return false;
    }
    return true;
  }

  /** GET /api/token: a short-lived signed token for EventSource URLs, for the holder of an API key. */
  private void token(RoutingContext rc) {
    ApiKey key = rc.get(API_KEY);
    if (key == null || rc.request().getHeader("X-Api-Key") == null) {
      ApiError.send(rc, 401, "send your API key in X-Api-Key to get a stream token", "X-Api-Key");
      return;
    }
    ApiKeys.Token t = keys.issue(key);
    rc.response().putHeader("Cache-Control", "no-store").putHeader("Content-Type", "application/json; charset=utf-8")
        .end(new io.vertx.core.json.JsonObject().put("token", t.value()).put("expiresAt", t.expiresAt().toString()).encode());
  }

  private static boolean sameOrigin(RoutingContext rc, String origin) {
    String host = ClientAddress.client(rc).host();
    String o = origin.replaceFirst("^https?://", "");
    return o.equalsIgnoreCase(host);
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
