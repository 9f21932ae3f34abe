package ma.manchette.web;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import ma.manchette.hub.EncodedEvent;
import ma.manchette.hub.HeadlineHub;
import ma.manchette.hub.Replay;
import ma.manchette.hub.StreamSubscriber;
import ma.manchette.model.Filter;
import ma.manchette.model.InvalidParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /api/ws: the client subscribes with a JSON message (filter, since, backfill) and may
 * re-subscribe; bad messages get an error frame, never a crash; pings keep proxies from closing
 * idle sockets.
 */
public final class WebSocketEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);
  private static final int MAX_ERRORS = 20;

  private final HeadlineHub hub;
  private final Duration heartbeat;
  private final StreamSubscriber.SlowClientListener slowListener;

  public WebSocketEndpoint(
      HeadlineHub hub, Duration heartbeat, StreamSubscriber.SlowClientListener slowListener) {
    this.hub = hub;
    this.heartbeat = heartbeat;
    this.slowListener = slowListener;
  }

  public void handle(RoutingContext rc) {
    if (hub.subscribers() >= hub.maxSubscribers()) {
      rc.response().putHeader("Retry-After", "10");
      ApiError.send(
          rc, 503, "subscriber limit reached (" + hub.maxSubscribers() + "), retry later", null);
      return;
    }
    Runnable releaseSlot =
        rc.get(StreamSlotHandler.STREAM_SLOT); // per-address / per-key stream cap
    String client = ClientAddress.of(rc);
    rc.request()
        .toWebSocket()
        .onSuccess(
            ws -> {
              if (releaseSlot != null) ws.endHandler(v -> releaseSlot.run());
              new Connection(ws, Vertx.currentContext(), client).start();
            })
        .onFailure(
            e -> {
              if (releaseSlot != null) releaseSlot.run();
              LOG.debug("websocket upgrade failed: {}", e.getMessage());
            });
  }

  private final class Connection {
    private final ServerWebSocket ws;
    private final Context ctx;
    private final String client;
    private WsSubscriber current;
    private int errors;
    private long pinger = -1;

    Connection(ServerWebSocket ws, Context ctx, String client) {
      this.ws = ws;
      this.ctx = ctx;
      this.client = client;
    }

    void start() {
      ws.textMessageHandler(this::onText);
      ws.binaryMessageHandler(b -> error("binary frames are not accepted; send JSON text"));
      ws.exceptionHandler(e -> LOG.debug("websocket error: {}", e.getMessage()));
      ws.closeHandler(
          v -> {
            if (pinger >= 0) ctx.owner().cancelTimer(pinger);
            drop();
          });
      pinger =
          ctx.owner()
              .setPeriodic(
                  heartbeat.toMillis(),
                  t -> {
                    if (!ws.isClosed() && !ws.writeQueueFull()) ws.writePing(Buffer.buffer("hb"));
                  });
    }

    private void onText(String text) {
      JsonObject msg;
      try {
        msg = new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        error("malformed JSON message");
        return;
      }
      Object type = msg.getValue("type");
      if ("subscribe".equals(type)) {
        try {
          subscribe(msg);
        } catch (InvalidParameter e) {
          error(e.getMessage());
        } catch (ClassCastException e) {
          error("subscribe: filter must be an object");
        }
      } else if ("unsubscribe".equals(type)) {
        drop();
        ws.writeTextMessage(new JsonObject().put("type", "unsubscribed").encode());
      } else if ("ping".equals(type)) {
        ws.writeTextMessage(new JsonObject().put("type", "pong").encode());
      } else {
        error(
            "unknown message type "
                + (type == null ? "(none)" : "'" + String.valueOf(type) + "'")
                + "; expected subscribe, unsubscribe or ping");
      }
    }

    private void subscribe(JsonObject msg) {
      Filter filter = Filter.fromJson(msg.getJsonObject("filter"));
      Object sinceV = msg.getValue("since");
      Long cursor = QueryParams.cursor("since", sinceV == null ? null : String.valueOf(sinceV));
      Object bf = msg.getValue("backfill");
      int backfill =
          QueryParams.count(
              "backfill", bf == null ? null : String.valueOf(bf), 0, HeadlineHub.MAX_BACKFILL);
      drop();
      WsSubscriber sub =
          new WsSubscriber(ctx, filter, cursor == null ? 0 : cursor, ws, client, slowListener);
      if (!hub.tryRegister(sub)) {
        error("subscriber limit reached, retry later");
        ws.close((short) 1013, "try again later");
        return;
      }
      current = sub;
      ws.writeTextMessage(
          new JsonObject().put("type", "subscribed").put("filter", filter.toJson()).encode());
      Future<Replay> replay = hub.opening(cursor, backfill, filter);
      replay.onComplete(
          ar ->
              ctx.runOnContext(
                  v -> {
                    if (ar.succeeded()) sub.finishReplay(ar.result());
                    else {
                      error("history unavailable, subscribe again shortly");
                      sub.finishReplay(new Replay(java.util.List.of(), Replay.Source.NONE));
                    }
                  }));
    }

    private void drop() {
      if (current != null) {
        current.markClosed();
        hub.unregister(current);
        current = null;
      }
    }

    private void error(String message) {
      if (ws.isClosed()) return;
      ws.writeTextMessage(new JsonObject().put("type", "error").put("message", message).encode());
      if (++errors >= MAX_ERRORS) ws.close((short) 1008, "too many bad messages");
    }
  }

  static final class WsSubscriber extends StreamSubscriber {
    private final ServerWebSocket ws;
    private final String client;

    WsSubscriber(
        Context ctx,
        Filter filter,
        long cursor,
        ServerWebSocket ws,
        String client,
        SlowClientListener l) {
      super(ctx, filter, cursor, l);
      this.ws = ws;
      this.client = client;
    }

    @Override
    public String transport() {
      return "ws";
    }

    @Override
    protected io.vertx.core.Future<Void> write(EncodedEvent event) {
      return ws.writeTextMessage(event.ws);
    }

    @Override
    protected boolean writeQueueFull() {
      return ws.writeQueueFull();
    }

    @Override
    protected void onDrain(Runnable drained) {
      ws.drainHandler(v -> drained.run());
    }

    @Override
    protected void writeReset() {
      ws.writeTextMessage(
          new JsonObject().put("type", "reset").put("head", Long.toString(lastSent())).encode());
    }

    @Override
    protected void closeForRestart() {
      ws.close((short) 1012, "server restarting, reconnect with since=" + lastSent());
    }

    @Override
    protected void closeSlow(String reason) {
      LOG.atInfo()
          .addKeyValue("transport", "ws")
          .addKeyValue("client", client)
          .addKeyValue("reason", reason)
          .log("closing slow WebSocket client {}: {}", client, reason);
      ws.close((short) 1008, "slow consumer: " + reason);
    }
  }
}
