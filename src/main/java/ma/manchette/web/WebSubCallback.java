package ma.manchette.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import ma.manchette.fetch.WebSubSubscriptions;
import ma.manchette.fetch.WebSubSubscriptions.Verdict;
import ma.manchette.outlet.OutletScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSub callback, {@code /websub/{outlet}}: GET answers the hub's intent verification, POST
 * receives content, accepted only with a valid HMAC signature, then handled exactly like a polled
 * body.
 */
public final class WebSubCallback {
  private static final Logger LOG = LoggerFactory.getLogger(WebSubCallback.class);
  private static final long MAX_BODY = 8L * 1024 * 1024;

  private final WebSubSubscriptions subscriptions;
  private final OutletScheduler scheduler;

  public WebSubCallback(WebSubSubscriptions subscriptions, OutletScheduler scheduler) {
    this.subscriptions = subscriptions;
    this.scheduler = scheduler;
  }

  public void mount(Router router) {
    router.get("/websub/:outlet").handler(this::verify);
    router
        .post("/websub/:outlet")
        .handler(BodyHandler.create().setBodyLimit(MAX_BODY).setHandleFileUploads(false));
    router.post("/websub/:outlet").handler(this::content);
  }

  private void verify(RoutingContext rc) {
    String outlet = rc.pathParam("outlet");
    String answer =
        subscriptions.verify(
            outlet,
            rc.queryParams().get("hub.mode"),
            rc.queryParams().get("hub.topic"),
            rc.queryParams().get("hub.challenge"),
            rc.queryParams().get("hub.lease_seconds"));
    if (answer == null) {
      ApiError.send(
          rc, 404, "no such subscription request pending for this outlet and topic", "hub.topic");
      return;
    }
    rc.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(answer);
  }

  private void content(RoutingContext rc) {
    String outlet = rc.pathParam("outlet");
    byte[] body = rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
    String signature =
        rc.request().getHeader("X-Hub-Signature-256") != null
            ? rc.request().getHeader("X-Hub-Signature-256")
            : rc.request().getHeader("X-Hub-Signature");
    String contentType = rc.request().getHeader("Content-Type");
    String from = ClientAddress.of(rc);
    rc.vertx()
        .executeBlocking(() -> subscriptions.check(outlet, body, signature), false)
        .onComplete(
            ar -> {
              Verdict v = ar.succeeded() ? ar.result() : Verdict.BAD_SIGNATURE;
              switch (v) {
                case ACCEPTED -> {
                  RequestLoop.run(rc, () -> rc.response().setStatusCode(202).end());
                  WebSubSubscriptions.Subscription s = subscriptions.get(outlet);
                  scheduler
                      .ingestPushed(outlet, body, contentType, s == null ? null : s.topic())
                      .onSuccess(
                          n ->
                              LOG.info(
                                  "websub: {} bytes pushed for outlet {}, {} new headlines",
                                  body.length,
                                  outlet,
                                  n))
                      .onFailure(
                          e ->
                              LOG.warn(
                                  "websub: content pushed for outlet {} not ingested: {}",
                                  outlet,
                                  e.getMessage()));
                }
                case UNKNOWN -> {
                  LOG.warn(
                      "websub: refused content for outlet {} from {}: no subscription",
                      outlet,
                      from);
                  ApiError.send(rc, 404, "no subscription for this outlet", null);
                }
                case UNSIGNED -> {
                  LOG.warn("websub: refused unsigned content for outlet {} from {}", outlet, from);
                  ApiError.send(
                      rc, 401, "content must be signed with X-Hub-Signature", "X-Hub-Signature");
                }
                default -> {
                  LOG.warn(
                      "websub: refused content for outlet {} from {}: bad signature", outlet, from);
                  ApiError.send(rc, 403, "signature does not match", "X-Hub-Signature");
                }
              }
            });
  }
}
