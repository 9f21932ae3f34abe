package ma.manchette.web;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The HTTP server: one instance per event loop, all sharing the same hub and APIs. */
public final class HttpVerticle extends VerticleBase {
  /** Everything the routes need, built once by the server and shared by every instance. */
  public record Routes(
      String host,
      int port,
      int sendBuffer,
      boolean proxyProtocol,
      String webroot,
      SseEndpoint sse,
      WebSocketEndpoint ws,
      ItemsApi items,
      OutletsApi outlets,
      StatsApi stats,
      HealthChecks live,
      HealthChecks ready,
      JsonObject readyDetails,
      List<Consumer<Router>> extra) {}

  private final Routes r;
  private HttpServer server;
  private volatile Router router;

  public HttpVerticle(Routes routes) {
    this.r = routes;
  }

  /**
   * The health result with {@code details}' keys (e.g. "enrichment") at the top of its JSON, and
   * the outlets check's data lifted beside them with an overall "state" ({@link
   * OutletsReadiness#lift}); status unchanged.
   */
  private static CheckResult withDetails(CheckResult res, JsonObject details) {
    CheckResult out =
        new CheckResult() {
          @Override
          public JsonObject toJson() {
            JsonObject json = res.toJson();
            if (details != null) json.mergeIn(details.copy());
            return OutletsReadiness.lift(json);
          }
        };
    out.setId(res.getId()).setStatus(res.getStatus()).setChecks(res.getChecks());
    if (res.getFailure() != null) out.setFailure(res.getFailure());
    return out;
  }

  @Override
  public Future<?> start() {
    Router router = this.router = Router.router(vertx);
    router.route().failureHandler(ApiError::handle);
    router
        .route("/api/*")
        .handler(BodyHandler.create().setBodyLimit(64 * 1024).setHandleFileUploads(false));
    router.get("/api/stream").handler(r.sse()::handle);
    router.get("/api/ws").handler(r.ws()::handle);
    router.get("/api/items").handler(r.items()::list);
    router.get("/api/items/:id").handler(r.items()::get);
    router.get("/api/outlets").handler(r.outlets()::list);
    router.get("/api/stats").handler(r.stats()::get);
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(r.live()));
    router
        .get("/health/ready")
        .handler(
            HealthCheckHandler.createWithHealthChecks(r.ready())
                .resultMapper(res -> Future.succeededFuture(withDetails(res, r.readyDetails()))));
    for (Consumer<Router> more : r.extra()) more.accept(router);
    AllowedMethods allowed = new AllowedMethods(router);
    router
        .route("/api/*")
        .handler(
            rc -> {
              Set<String> methods = allowed.of(rc.request().path());
              if (methods.isEmpty()) {
                ApiError.send(rc, 404, "no such API route: " + rc.request().path(), null);
                return;
              }
              rc.response().putHeader("Allow", String.join(", ", methods));
              ApiError.send(
                  rc,
                  405,
                  rc.request().method() + " is not allowed on " + rc.request().path(),
                  "method");
            });
    // a missing page must still end the response (sendFile's failure was left unhandled: the
    // request hung)
    router
        .get("/dashboard")
        .handler(
            rc ->
                rc.response()
                    .sendFile(r.webroot() + "/dashboard.html")
                    .onFailure(e -> ApiError.send(rc, 404, "page not installed", null)));
    // the ticker's own views: a deep link to an article or a story loads the page that shows it
    for (String view : new String[] {"/items/:id", "/story/:id"})
      router
          .get(view)
          .handler(
              rc ->
                  rc.response()
                      .sendFile(r.webroot() + "/index.html")
                      .onFailure(e -> ApiError.send(rc, 404, "page not installed", null)));
    router
        .route("/*")
        .handler(
            // StaticHandler refuses an absolute root unless given whole-file-system access
            StaticHandler.create(
                    java.nio.file.Path.of(r.webroot()).isAbsolute()
                        ? FileSystemAccess.ROOT
                        : FileSystemAccess.RELATIVE,
                    r.webroot())
                .setCachingEnabled(false)
                .setIndexPage("index.html"));
    // any other page is the styled 404 page (API paths got their JSON 404 above)
    router
        .route()
        .handler(
            rc ->
                rc.response()
                    .setStatusCode(404)
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .sendFile(r.webroot() + "/404.html")
                    .onFailure(
                        e -> {
                          if (!rc.response().ended()) rc.response().end("page not found");
                        }));

    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(r.host())
            .setPort(r.port())
            .setCompressionSupported(
                false) // SSE frames must leave at once; compression would buffer them
            .setTcpNoDelay(true)
            // every response is written on its connection's event loop (the hub delivers there):
            // Vert.x then writes straight to the channel, without a thread-safe queue per
            // connection (4 KiB of a 10 KiB idle stream); a write from another thread would throw
            .setStrictThreadMode(true)
            .setMaxWebSocketFrameSize(WebSocketEndpoint.MAX_MESSAGE_BYTES)
            .setMaxWebSocketMessageSize(WebSocketEndpoint.MAX_MESSAGE_BYTES)
            .setMaxInitialLineLength(8 * 1024)
            .setMaxHeaderSize(16 * 1024);
    // a fixed send buffer bounds what a stalled client can hold in the kernel; 0 leaves it to the
    // OS
    if (r.sendBuffer() > 0) options.setSendBufferSize(r.sendBuffer());
    // HAProxy's PROXY protocol: the balancer states the client's address before the HTTP bytes
    // (netty-codec-haproxy)
    if (r.proxyProtocol()) options.setUseProxyProtocol(true);
    return vertx
        .createHttpServer(options)
        .requestHandler(router)
        .listen()
        .onSuccess(s -> server = s);
  }

  /** This instance's router once started: for the test that walks every route's access policy. */
  Router router() {
    return router;
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
