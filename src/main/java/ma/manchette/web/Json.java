package ma.manchette.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes a 200 JSON answer, with an ETag and Cache-Control (see {@link CacheHeaders}). */
final class Json {
  private Json() {}

  static void ok(RoutingContext rc, JsonObject body) {
    if (rc.response().ended()) return;
    CacheHeaders.send(rc, "application/json; charset=utf-8", Buffer.buffer(body.encode()), 5);
  }
}
