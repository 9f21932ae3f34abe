package ma.manchette.web;

import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * The server writes each response only on its connection's event loop (strict thread mode, see
 * {@link HttpVerticle}); an answer that becomes ready on another loop (a poll, a fetch, a query
 * begun elsewhere) is handed back to it here.
 */
final class RequestLoop {
  private RequestLoop() {}

  static void run(RoutingContext rc, Runnable write) {
    ContextInternal ctx = ((HttpServerRequestInternal) rc.request()).context();
    if (ctx.executor().inThread()) write.run();
    else ctx.runOnContext(v -> write.run());
  }
}
