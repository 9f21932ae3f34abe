package ma.manchette.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import ma.manchette.model.InvalidParameter;

/** The request body as a JSON object, or a 400 that says what is wrong with it. */
final class JsonBody {
  private JsonBody() {}

  static JsonObject object(RoutingContext rc) {
    var body = rc.body();
    if (body == null || body.buffer() == null || body.length() == 0)
      throw new InvalidParameter("body", "a JSON object body is required");
    String text = InputText.body(body.buffer().getBytes());
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(text);
    } catch (RuntimeException e) {
      throw new InvalidParameter("body", "body is not valid JSON");
    }
    if (!(parsed instanceof JsonObject o))
      throw new InvalidParameter("body", "body must be a JSON object");
    InputText.checkJson(o, "");
    return o;
  }
}
