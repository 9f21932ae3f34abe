package ma.manchette.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * CORS: open (any origin, no credentials) for public GET/HEAD, closed for admin routes and writes.
 * Vert.x's {@link CorsHandler} writes the headers and answers preflights. Two things it cannot do,
 * kept here: it never refuses a method or a route (it only checks origins), while the contract
 * wants a 403 JSON answer without CORS headers for a cross-origin write or admin request, preflight
 * included; and it would add CORS headers to same-origin requests (the ticker page posting a
 * report), which are left alone. A third, below: an Origin it cannot parse.
 */
final class CrossOrigin implements Handler<RoutingContext> {
  private final AdminHandler admin;
  private static final List<String> ALLOWED_HEADERS =
      List.of("X-Api-Key", "Last-Event-ID", "If-None-Match", "Cache-Control");
  private static final List<String> EXPOSED_HEADERS =
      List.of("ETag", "Retry-After", "Content-Type");
  private static final String METHODS = "GET,HEAD";
  private static final String HEADERS = String.join(",", ALLOWED_HEADERS);
  private static final String EXPOSED = String.join(",", EXPOSED_HEADERS);

  private final CorsHandler cors =
      CorsHandler.create()
          .allowedMethods(new LinkedHashSet<>(List.of(HttpMethod.GET, HttpMethod.HEAD)))
          .allowedHeaders(new LinkedHashSet<>(ALLOWED_HEADERS))
          .exposedHeaders(new LinkedHashSet<>(EXPOSED_HEADERS))
          .maxAgeSeconds(600);

  CrossOrigin(AdminHandler admin) {
    this.admin = admin;
  }

  @Override
  public void handle(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    String origin = req.getHeader("Origin");
    if (origin == null || sameOrigin(rc, origin)) {
      rc.next();
      return;
    }
    HttpMethod effective;
    try {
      String asked =
          req.method() == HttpMethod.OPTIONS
              ? req.getHeader("Access-Control-Request-Method")
              : null;
      effective = asked != null ? HttpMethod.valueOf(asked.trim().toUpperCase()) : req.method();
    } catch (IllegalArgumentException e) {
      RequestShape.malformed(rc, e);
      return;
    }
    boolean read = effective == HttpMethod.GET || effective == HttpMethod.HEAD;
    if (!read || admin.covers(effective, rc.normalizedPath())) {
      // no CORS headers: browsers on other sites may not drive the admin API or post reports
      ApiError.send(rc, 403, "cross-origin requests are only open for public GET routes", "Origin");
      return;
    }
    if (!serialisedOrigin(origin)) {
      // CorsHandler fails such a request (Origin: null from a sandboxed frame or a file:// page, or
      // junk)
      // with a bare 403; the contract keeps public reads open to every origin, so answer it as
      // before
      openByHand(rc);
      return;
    }
    cors.handle(rc);
  }

  /**
   * scheme://host[:port] as RFC 6454 serialises an origin: what CorsHandler accepts ("null" and
   * junk are not).
   */
  static boolean serialisedOrigin(String origin) {
    try {
      java.net.URI u = new java.net.URI(origin);
      return u.getScheme() != null
          && u.getHost() != null
          && u.getRawPath().isEmpty()
          && u.getRawQuery() == null
          && u.getRawFragment() == null
          && u.getRawUserInfo() == null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static void openByHand(RoutingContext rc) {
    var resp =
        rc.response()
            .putHeader("Access-Control-Allow-Origin", "*")
            .putHeader("Access-Control-Expose-Headers", EXPOSED);
    if (rc.request().method() == HttpMethod.OPTIONS) {
      resp.setStatusCode(204)
          .putHeader("Access-Control-Allow-Methods", METHODS)
          .putHeader("Access-Control-Allow-Headers", HEADERS)
          .putHeader("Access-Control-Max-Age", "600")
          .end();
      return;
    }
    rc.next();
  }

  /**
   * The page's own origin, as the client reached it (through a trusted proxy: the forwarded host).
   */
  private static boolean sameOrigin(RoutingContext rc, String origin) {
    String host = ClientAddress.client(rc).host();
    String o = origin.replaceFirst("^https?://", "");
    return o.equalsIgnoreCase(host);
  }
}
