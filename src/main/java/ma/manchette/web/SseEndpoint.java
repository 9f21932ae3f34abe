package ma.manchette.web;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import ma.manchette.hub.EncodedEvent;
import ma.manchette.hub.HeadlineHub;
import ma.manchette.hub.Replay;
import ma.manchette.hub.StreamSubscriber;
import ma.manchette.model.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /api/stream: server-sent events written by hand (Vert.x has no SSE server). Resume from
 * Last-Event-ID, ?lastEventId or ?since; ?backfill=N; filters in the query; heartbeats; 503 at the
 * cap.
 */
public final class SseEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(SseEndpoint.class);
  private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");
  private static final int RETRY_MS = 3_000;

  private final HeadlineHub hub;
  private final Duration heartbeat;
  private final StreamSubscriber.SlowClientListener slowListener;
  private final CloseDeadline closeDeadline;

  public SseEndpoint(
      HeadlineHub hub,
      Duration heartbeat,
      StreamSubscriber.SlowClientListener slowListener,
      CloseDeadline closeDeadline) {
    this.hub = hub;
    this.heartbeat = heartbeat;
    this.slowListener = slowListener;
    this.closeDeadline = closeDeadline;
  }

  public void handle(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    Filter filter = Filter.fromQuery(req::getParam);
    Long cursor = QueryParams.cursor("Last-Event-ID", req.getHeader("Last-Event-ID"));
    if (cursor == null) cursor = QueryParams.cursor("lastEventId", req.getParam("lastEventId"));
    if (cursor == null) cursor = QueryParams.cursor("since", req.getParam("since"));
    int backfill =
        QueryParams.count("backfill", req.getParam("backfill"), 0, HeadlineHub.MAX_BACKFILL);

    HttpServerResponse resp = rc.response();
    Context ctx = Vertx.currentContext();
    SseSubscriber sub =
        new SseSubscriber(
            ctx,
            filter,
            cursor == null ? 0 : cursor,
            resp,
            req.connection(),
            ClientAddress.of(rc),
            slowListener,
            closeDeadline);
    if (!hub.tryRegister(sub)) {
      resp.putHeader("Retry-After", "10");
      ApiError.send(
          rc, 503, "subscriber limit reached (" + hub.maxSubscribers() + "), retry later", null);
      return;
    }
    resp.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache, no-transform")
        .putHeader("X-Accel-Buffering", "no")
        .putHeader("Connection", "keep-alive");
    resp.write(
        "retry: " + RETRY_MS + "\n: manchette stream, filter " + filter.toJson().encode() + "\n\n");
    long timer =
        ctx.owner()
            .setPeriodic(
                heartbeat.toMillis(),
                t -> {
                  if (!sub.closedFlag() && !resp.writeQueueFull()) resp.write(HEARTBEAT);
                });
    resp.closeHandler(
        v -> {
          ctx.owner().cancelTimer(timer);
          sub.markClosed();
          hub.unregister(sub);
        });
    Future<Replay> replay = hub.opening(cursor, backfill, filter);
    replay.onComplete(
        ar ->
            ctx.runOnContext(
                v -> {
                  if (ar.succeeded()) {
                    sub.finishReplay(ar.result());
                  } else {
                    LOG.warn(
                        "replay failed, closing stream so the client retries: {}",
                        ar.cause().getMessage());
                    resp.write(": history unavailable, retry shortly\n\n");
                    resp.end();
                  }
                }));
  }

  static final class SseSubscriber extends StreamSubscriber {
    private final HttpServerResponse resp;
    private final io.vertx.core.http.HttpConnection conn;
    private final String client;
    private final CloseDeadline closeDeadline;

    SseSubscriber(
        Context ctx,
        Filter filter,
        long cursor,
        HttpServerResponse resp,
        io.vertx.core.http.HttpConnection conn,
        String client,
        SlowClientListener l,
        CloseDeadline closeDeadline) {
      super(ctx, filter, cursor, l);
      this.resp = resp;
      this.conn = conn;
      this.client = client;
      this.closeDeadline = closeDeadline;
    }

    boolean closedFlag() {
      return closed;
    }

    @Override
    public String transport() {
      return "sse";
    }

    @Override
    protected io.vertx.core.Future<Void> write(EncodedEvent event) {
      return resp.write(event.sse);
    }

    @Override
    protected io.vertx.core.Future<Void> writeAll(ma.manchette.hub.EventBatch batch) {
      return resp.write(batch.sse());
    }

    @Override
    protected boolean writeQueueFull() {
      return resp.writeQueueFull();
    }

    @Override
    protected void onDrain(Runnable drained) {
      resp.drainHandler(v -> drained.run());
    }

    @Override
    protected void writeReset() {
      resp.write("event: reset\ndata: {\"reason\":\"cursor older than the history kept\"}\n\n");
    }

    @Override
    protected void closeForRestart() {
      // EventSource reconnects by itself after retry:, sending Last-Event-ID: nothing is lost
      resp.write(": server restarting, reconnect\n\n");
      resp.end();
    }

    @Override
    protected void closeSlow(String reason) {
      LOG.atInfo()
          .addKeyValue("transport", "sse")
          .addKeyValue("client", client)
          .addKeyValue("reason", reason)
          .log("closing slow SSE client {}: {}", client, reason);
      closeDeadline.close(conn, client, conn::close);
    }
  }
}
