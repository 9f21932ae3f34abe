package ma.manchette.web;

import io.vertx.ext.web.RoutingContext;

/**
 * The address a limit, a report or a log line is counted against: the forwarded client's, else the
 * socket's peer.
 */
final class ClientAddress {
  private ClientAddress() {}

  static String of(RoutingContext rc) {
    return client(rc).address();
  }

  /**
   * Set by {@link ForwardedHeaders} ahead of every route; the fallback covers a router built
   * without it.
   */
  static ForwardedHeaders.Client client(RoutingContext rc) {
    ForwardedHeaders.Client c = rc.get(ForwardedHeaders.KEY);
    if (c != null) return c;
    var a = rc.request().remoteAddress();
    String host = rc.request().getHeader("Host");
    return new ForwardedHeaders.Client(
        a == null ? "unknown" : a.hostAddress(),
        rc.request().isSSL() ? "https" : "http",
        host == null ? "localhost" : host);
  }
}
