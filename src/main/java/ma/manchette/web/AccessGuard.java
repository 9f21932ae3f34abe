package ma.manchette.web;

import io.vertx.ext.web.Router;
import ma.manchette.config.AccessConfig;

/**
 * The access chain, ahead of the routes (ForwardedHeaders at -1100 has already named the client):
 * {@link RequestShape} (-1000), {@link CrossOrigin} (-990), {@link ApiKeyHandler} (-980), {@link
 * RateLimitHandler} (-970), then {@link AdminHandler} (-950) on the admin routes, put there by the
 * APIs that declare them, and {@link StreamSlotHandler} (-960) on the two stream routes.
 */
public final class AccessGuard {
  private final ApiKeys keys;
  private final AdminHandler admin;
  private final RequestShape shape;
  private final CrossOrigin cors;
  private final ApiKeyHandler apiKeys;
  private final RateLimitHandler limits;
  private final StreamSlotHandler streams;

  public AccessGuard(AccessConfig config, ApiKeys keys, String adminToken) {
    this.keys = keys;
    this.admin = new AdminHandler(adminToken);
    this.shape = new RequestShape(config.maxQueryLength());
    this.cors = new CrossOrigin(admin);
    this.apiKeys = new ApiKeyHandler(keys);
    // one limiter and one slot table for every router (one per event loop): the limits are per
    // process
    this.limits = new RateLimitHandler(new RateLimiter(), config.requestsPerMinute());
    this.streams = new StreamSlotHandler(new StreamSlots(), config.streamsPerAddress());
  }

  public ApiKeys keys() {
    return keys;
  }

  /** The admin gate, for the APIs that declare admin routes. */
  public AdminHandler admin() {
    return admin;
  }

  /**
   * Installed through HttpVerticle.Routes.extra; the orders put each piece ahead of every route.
   */
  public void install(Router router) {
    router.route().order(-1000).handler(shape);
    router.route().order(-990).handler(cors);
    router.route().order(-980).handler(apiKeys);
    router.route().order(-970).handler(limits);
    router.get("/api/stream").order(-960).handler(streams);
    router.get("/api/ws").order(-960).handler(streams);
    router.get("/api/token").handler(apiKeys::token);
  }
}
