package ma.manchette.web;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;

/**
 * Writes WebSocket frames the hub encoded once (header and payload) as they are, shared by every
 * connection: Vert.x's own text write would encode the string and build a frame per connection. The
 * bytes go through the connection's outbound queue, so they stay in order with the frames Vert.x
 * writes itself (pings, replies, close), and writability and drain work as for any write. Netty's
 * WebSocket encoders pass a raw buffer through unchanged.
 */
final class EncodedFrames {
  private final ServerWebSocket ws;
  private final VertxConnection conn;

  private EncodedFrames(ServerWebSocket ws, VertxConnection conn) {
    this.ws = ws;
    this.conn = conn;
  }

  /**
   * {@code http}: the connection the socket was upgraded from; its channel now ends in the
   * WebSocket's own Vert.x connection (vertx-web wraps the socket itself and hides it).
   */
  static EncodedFrames of(ServerWebSocket ws, HttpConnection http) {
    if (http instanceof ConnectionBase base
        && base.channel().pipeline().get(VertxHandler.class) instanceof VertxHandler<?> handler)
      return new EncodedFrames(ws, handler.getConnection());
    // the Vert.x BOM is pinned; a release that moved these internals fails every WebSocket test
    throw new IllegalStateException("no Vert.x connection under " + http.getClass().getName());
  }

  Future<Void> write(Buffer frames) {
    // nothing may follow a close frame (Vert.x's own writes check the same)
    if (ws.isClosed()) return Future.failedFuture("WebSocket is closed");
    Promise<Void> written = Promise.promise();
    conn.writeToChannel(((BufferInternal) frames).getByteBuf(), written);
    return written.future();
  }
}
