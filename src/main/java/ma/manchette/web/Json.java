package ma.manchette.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes a 200 JSON answer. */
final class Json {
  private Json() {}

  static void ok(RoutingContext rc, JsonObject body) {
    if (rc.response().ended()) return;
    rc.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }
}
