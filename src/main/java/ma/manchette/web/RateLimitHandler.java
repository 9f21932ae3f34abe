package ma.manchette.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import ma.manchette.config.AccessConfig.ApiKey;

/**
 * Requests per minute on the API, the feeds and the OpenAPI file: per API key when the caller has
 * one, else per client address (the forwarded one behind a trusted proxy). Over the quota: 429 with
 * Retry-After.
 */
final class RateLimitHandler implements Handler<RoutingContext> {
  private final RateLimiter limiter;
  private final int perAddress;

  RateLimitHandler(RateLimiter limiter, int perAddressPerMinute) {
    this.limiter = limiter;
    this.perAddress = perAddressPerMinute;
  }

  /** The paths that cost the server work per request; pages and static files are not counted. */
  static boolean limited(String path) {
    return path != null
        && (path.startsWith("/api/") || path.startsWith("/feed.") || path.equals("/openapi.yaml"));
  }

  @Override
  public void handle(RoutingContext rc) {
    if (!limited(rc.normalizedPath())) {
      rc.next();
      return;
    }
    ApiKey key = ApiKeyHandler.of(rc);
    long wait =
        key != null
            ? limiter.acquire("key:" + key.name(), key.requestsPerMinute())
            : limiter.acquire("addr:" + ClientAddress.of(rc), perAddress);
    if (wait > 0) {
      rc.response().putHeader("Retry-After", Long.toString(wait));
      ApiError.send(
          rc,
          429,
          key != null
              ? "request quota of API key '"
                  + key.name()
                  + "' exceeded ("
                  + key.requestsPerMinute()
                  + "/min)"
              : "too many requests from your address (" + perAddress + "/min)",
          null);
      return;
    }
    rc.next();
  }
}
