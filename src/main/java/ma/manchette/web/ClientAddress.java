package ma.manchette.web;

import io.vertx.core.http.HttpServerRequest;

/** The peer address a limit or a report is counted against (the socket's; proxies are not trusted). */
final class ClientAddress {
  private ClientAddress() {}

  static String of(HttpServerRequest req) {
    var a = req.remoteAddress();
    return a == null ? "unknown" : a.hostAddress();
  }
}
