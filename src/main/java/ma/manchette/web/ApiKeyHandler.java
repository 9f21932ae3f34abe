package ma.manchette.web;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import ma.manchette.config.AccessConfig.ApiKey;

/**
 * The optional API key (X-Api-Key) or, for EventSource URLs that cannot carry headers, a signed
 * {@code ?token=}: a known one is put in the context for the limits, an unknown one is a 401.
 */
final class ApiKeyHandler implements Handler<RoutingContext> {
  static final String API_KEY = "manchette.apiKey";

  private final ApiKeys keys;

  ApiKeyHandler(ApiKeys keys) {
    this.keys = keys;
  }

  /** The caller's API key, or null for an anonymous caller. */
  static ApiKey of(RoutingContext rc) {
    return rc.get(API_KEY);
  }

  @Override
  public void handle(RoutingContext rc) {
    ApiKey key = null;
    String header = rc.request().getHeader("X-Api-Key");
    if (header != null) {
      key = keys.byKey(header.trim());
      if (key == null) {
        ApiError.send(rc, 401, "unknown API key", "X-Api-Key");
        return;
      }
    } else {
      String token;
      try {
        token = rc.request().getParam("token");
      } catch (IllegalArgumentException e) {
        RequestShape.malformed(rc, e);
        return;
      }
      if (token != null && RateLimitHandler.limited(rc.normalizedPath())) {
        key = keys.verify(token);
        if (key == null) {
          ApiError.send(
              rc, 401, "stream token is invalid or expired; ask /api/token for a new one", "token");
          return;
        }
      }
    }
    if (key != null) rc.put(API_KEY, key);
    rc.next();
  }

  /**
   * GET /api/token: a short-lived signed token for EventSource URLs, for the holder of an API key.
   */
  void token(RoutingContext rc) {
    ApiKey key = of(rc);
    if (key == null || rc.request().getHeader("X-Api-Key") == null) {
      ApiError.send(rc, 401, "send your API key in X-Api-Key to get a stream token", "X-Api-Key");
      return;
    }
    ApiKeys.Token t = keys.issue(key);
    rc.response()
        .putHeader("Cache-Control", "no-store")
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(
            new JsonObject()
                .put("token", t.value())
                .put("expiresAt", t.expiresAt().toString())
                .encode());
  }
}
