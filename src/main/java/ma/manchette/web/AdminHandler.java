package ma.manchette.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin gate, put on each admin route where that route is declared ({@link #route}), ahead of
 * the route's own handler: there is no separate list of admin paths that a new route could be left
 * out of. The bearer token is compared as a digest with {@link MessageDigest#isEqual}, so the time
 * taken says nothing about the token.
 */
public final class AdminHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

  /**
   * Route metadata key on every gate route, the gate itself its value: how a route walk finds admin
   * routes.
   */
  public static final String METADATA = "manchette.admin";

  /** Context flag for a request that passed the gate: its answer is never cacheable. */
  static final String PASSED = "manchette.admin.passed";

  /**
   * After the rate limit, before the body is read (BodyHandler runs at the routes' own order): a
   * request without the token is refused before its body is buffered, whatever its size.
   */
  static final int ORDER = -950;

  /** One protected route as declared: its methods and its path with {@code :param} segments. */
  public record Protected(Set<HttpMethod> methods, String path) {}

  private final byte[] digest;
  // every HttpVerticle instance builds its own router from the same APIs: the union is the same
  // routes
  private final Map<Protected, Pattern> routes = new ConcurrentHashMap<>();

  /** {@code token} null: the admin API is off and answers 403. */
  public AdminHandler(String token) {
    this.digest = token == null ? null : sha256(token);
  }

  /**
   * Declares an admin route: the gate goes on {@code method path} at {@link #ORDER}, marked with
   * {@link #METADATA}, and the returned route (same method and path) takes the route's own handler.
   */
  public Route route(Router router, HttpMethod method, String path) {
    routes.computeIfAbsent(new Protected(Set.of(method), path), p -> pattern(path));
    router.route(method, path).order(ORDER).putMetadata(METADATA, this).handler(this);
    return router.route(method, path);
  }

  /** The routes this gate protects, as declared. */
  public Set<Protected> protectedRoutes() {
    return Set.copyOf(routes.keySet());
  }

  /**
   * Whether a request with {@code method} on {@code path} would reach a protected route: a CORS
   * preflight is an OPTIONS request and matches no admin route itself, yet its answer depends on
   * the route it asks for.
   */
  public boolean covers(HttpMethod method, String path) {
    for (Map.Entry<Protected, Pattern> e : routes.entrySet()) {
      if (e.getKey().methods().contains(method) && e.getValue().matcher(path).matches())
        return true;
    }
    return false;
  }

  static boolean passed(RoutingContext rc) {
    return Boolean.TRUE.equals(rc.get(PASSED));
  }

  @Override
  public void handle(RoutingContext rc) {
    if (digest == null) {
      ApiError.send(rc, 403, "the admin API is off: set MANCHETTE_ADMIN_TOKEN to turn it on", null);
      return;
    }
    String auth = rc.request().getHeader("Authorization");
    String given =
        auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
            ? auth.substring(7).trim()
            : null;
    if (given == null || !MessageDigest.isEqual(sha256(given), digest)) {
      LOG.info(
          "admin request refused from {}: {} {}",
          ClientAddress.of(rc),
          rc.request().method(),
          rc.request().path());
      rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"manchette-admin\"");
      ApiError.send(
          rc,
          401,
          given == null
              ? "admin token required (Authorization: Bearer ...)"
              : "invalid admin token",
          "Authorization");
      return;
    }
    rc.put(PASSED, true);
    rc.next();
  }

  /** {@code /api/outlets/:id/pause} as a regex over the router's normalised path. */
  private static Pattern pattern(String path) {
    return Pattern.compile(
        Arrays.stream(path.split("/", -1))
            .map(seg -> seg.startsWith(":") ? "[^/]+" : Pattern.quote(seg))
            .collect(Collectors.joining("/")));
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
