package ma.manchette.web;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
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
 * idle sockets, and a client that answers none of {@link #MAX_UNANSWERED_PINGS} is gone. Every
 * close the server starts is bounded by {@link CloseDeadline}.
 */
public final class WebSocketEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);
  private static final int MAX_ERRORS = 20;

  /** The largest message, in one frame or in fragments (HttpVerticle sets both limits to it). */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024;

  static final int MAX_UNANSWERED_PINGS = 3;

  private final HeadlineHub hub;
  private final Duration heartbeat;
  private final StreamSubscriber.SlowClientListener slowListener;
  private final CloseDeadline closeDeadline;

  /** Sockets closed with 1009 for a message over {@link #MAX_MESSAGE_BYTES}. */
  public final LongAdder oversizeCloses = new LongAdder();

  public WebSocketEndpoint(
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
    if (hub.subscribers() >= hub.maxSubscribers()) {
      rc.response().putHeader("Retry-After", "10");
      ApiError.send(
          rc, 503, "subscriber limit reached (" + hub.maxSubscribers() + "), retry later", null);
      return;
    }
    Runnable releaseSlot =
        rc.get(StreamSlotHandler.STREAM_SLOT); // per-address / per-key stream cap
    String client = ClientAddress.of(rc);
    // the HTTP connection's close handler no longer runs once the socket is upgraded: the
    // WebSocket's own close handler frees the slot, whichever way the socket ends
    HttpConnection conn = rc.request().connection();
    rc.request()
        .toWebSocket()
        .onSuccess(
            ws -> new Connection(ws, conn, Vertx.currentContext(), client, releaseSlot).start())
        .onFailure(
            e -> {
              if (releaseSlot != null) releaseSlot.run();
              LOG.debug("websocket upgrade failed: {}", e.getMessage());
            });
  }

  final class Connection {
    private final ServerWebSocket ws;
    private final HttpConnection conn;
    private final Context ctx;
    private final String client;
    private final Runnable releaseSlot;
    private WsSubscriber current;
    private int errors;
    private int unanswered;
    private boolean closing;
    private long pinger = -1;
    final EncodedFrames frames;

    Connection(
        ServerWebSocket ws, HttpConnection conn, Context ctx, String client, Runnable releaseSlot) {
      this.ws = ws;
      this.frames = EncodedFrames.of(ws, conn);
      this.conn = conn;
      this.ctx = ctx;
      this.client = client;
      this.releaseSlot = releaseSlot;
    }

    void start() {
      ws.textMessageHandler(
          text -> {
            unanswered = 0;
            onText(text);
          });
      ws.binaryMessageHandler(
          b -> {
            unanswered = 0;
            error("binary frames are not accepted; send JSON text");
          });
      ws.pongHandler(b -> unanswered = 0);
      ws.exceptionHandler(this::onException);
      ws.closeHandler(
          v -> {
            if (pinger >= 0) ctx.owner().cancelTimer(pinger);
            drop();
            if (releaseSlot != null) releaseSlot.run();
          });
      pinger = ctx.owner().setPeriodic(heartbeat.toMillis(), t -> heartbeat());
    }

    private void heartbeat() {
      if (ws.isClosed() || closing) return;
      if (unanswered >= MAX_UNANSWERED_PINGS) {
        LOG.atInfo()
            .addKeyValue("transport", "ws")
            .addKeyValue("client", client)
            .log("closing silent WebSocket client {}: no answer to {} pings", client, unanswered);
        close((short) 1008, "no answer to " + unanswered + " pings");
        return;
      }
      if (ws.writeQueueFull()) return; // a slow reader: the slow-client rule deals with it
      unanswered++;
      ws.writePing(Buffer.buffer("hb"));
    }

    /**
     * A frame or message over the limit: Netty's decoder reports the frame, Vert.x's aggregator the
     * fragments; without an answer here the client only saw the socket drop (1006).
     */
    private void onException(Throwable e) {
      if (!tooBig(e)) {
        LOG.debug("websocket error: {}", e.getMessage());
        return;
      }
      if (closing) return;
      oversizeCloses.increment();
      LOG.atInfo()
          .addKeyValue("transport", "ws")
          .addKeyValue("client", client)
          .log("closing WebSocket client {}: message over {} bytes", client, MAX_MESSAGE_BYTES);
      close((short) 1009, "message too big: at most " + MAX_MESSAGE_BYTES + " bytes");
    }

    private static boolean tooBig(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof TooLongFrameException) return true;
        if (t instanceof CorruptedWebSocketFrameException c
            && c.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG) return true;
        // Vert.x's aggregator has no exception type of its own for a message over the limit
        if (t instanceof IllegalStateException
            && t.getMessage() != null
            && t.getMessage().contains("overflow max message size")) return true;
      }
      return false;
    }

    /** Closes with a close frame; resets the connection if the handshake does not end in time. */
    void close(short code, String reason) {
      if (closing) return;
      closing = true;
      drop();
      closeDeadline.close(conn, client, () -> ws.close(code, reason));
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
          new WsSubscriber(ctx, filter, cursor == null ? 0 : cursor, this, client, slowListener);
      if (!hub.tryRegister(sub)) {
        error("subscriber limit reached, retry later");
        close((short) 1013, "try again later");
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
      if (++errors >= MAX_ERRORS) close((short) 1008, "too many bad messages");
    }
  }

  final class WsSubscriber extends StreamSubscriber {
    private final Connection connection;
    private final ServerWebSocket ws;
    private final String client;

    WsSubscriber(
        Context ctx,
        Filter filter,
        long cursor,
        Connection connection,
        String client,
        SlowClientListener l) {
      super(ctx, filter, cursor, l);
      this.connection = connection;
      this.ws = connection.ws;
      this.client = client;
    }

    @Override
    public String transport() {
      return "ws";
    }

    @Override
    protected io.vertx.core.Future<Void> write(EncodedEvent event) {
      return connection.frames.write(event.ws);
    }

    @Override
    protected io.vertx.core.Future<Void> writeAll(ma.manchette.hub.EventBatch batch) {
      return connection.frames.write(batch.ws());
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
      connection.close((short) 1008, "slow consumer: " + reason);
    }
  }
}
