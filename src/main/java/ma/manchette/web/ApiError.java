package ma.manchette.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import ma.manchette.model.InvalidParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: every error leaves as {"error": "...", "field": ...} with the right
 * status.
 */
public final class ApiError {
  private static final Logger LOG = LoggerFactory.getLogger(ApiError.class);

  private ApiError() {}

  public static void send(RoutingContext rc, int status, String message, String field) {
    RequestLoop.run(rc, () -> write(rc, status, message, field));
  }

  private static void write(RoutingContext rc, int status, String message, String field) {
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    JsonObject body = new JsonObject().put("error", message);
    if (field != null) body.put("field", field);
    rc.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  public static void handle(RoutingContext rc) {
    Throwable f = rc.failure();
    if (f instanceof InvalidParameter ip) {
      send(rc, 400, ip.getMessage(), ip.field);
    } else if (f instanceof HttpException he) {
      send(
          rc,
          he.getStatusCode(),
          he.getPayload() != null ? he.getPayload() : statusText(he.getStatusCode()),
          null);
    } else if (f == null) {
      send(rc, rc.statusCode(), statusText(rc.statusCode()), null);
    } else {
      LOG.error("{} {} failed", rc.request().method(), rc.request().path(), f);
      send(rc, 500, "internal error", null);
    }
  }

  private static String statusText(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 401 -> "authentication required";
      case 403 -> "forbidden";
      case 404 -> "not found";
      case 405 -> "method not allowed";
      case 413 -> "request body too large";
      case 414, 431 -> "request too large";
      case 415 -> "unsupported media type";
      case 429 -> "too many requests";
      case 503 -> "service unavailable";
      default -> "error " + status;
    };
  }
}
