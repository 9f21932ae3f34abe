package ma.manchette.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * First of the access chain: a path the router cannot decode is a 400, an overlong query a 414, a
 * parameter with a NUL byte or bytes that are not UTF-8 a 400 naming it.
 */
final class RequestShape implements Handler<RoutingContext> {
  private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

  private final int maxQueryLength;

  RequestShape(int maxQueryLength) {
    this.maxQueryLength = maxQueryLength;
  }

  @Override
  public void handle(RoutingContext rc) {
    String path = rc.request().path();
    if (path == null || BAD_ESCAPE.matcher(path).find()) {
      // the router itself would throw on a broken escape such as %zz: answer it here
      ApiError.send(rc, 400, "malformed path: invalid percent-escape", "path");
      return;
    }
    String query = rc.request().query();
    if (query != null && query.length() > maxQueryLength) {
      ApiError.send(rc, 414, "query string longer than " + maxQueryLength + " characters", "query");
      return;
    }
    InputText.Problem bad = InputText.firstBadParameter(query);
    if (bad != null) {
      ApiError.send(rc, 400, bad.message(), bad.parameter());
      return;
    }
    rc.next();
  }

  /**
   * A malformed percent-escape in the query or a bad method name: the client's fault, said plainly.
   */
  static void malformed(RoutingContext rc, IllegalArgumentException e) {
    ApiError.send(rc, 400, "malformed request: " + e.getMessage(), "query");
  }
}
