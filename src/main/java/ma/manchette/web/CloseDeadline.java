package ma.manchette.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream the server ends is closed gracefully first (close frame, or the end of the chunked
 * response), and reset if that has not finished within the grace period. Vert.x queues a close
 * behind the unsent bytes, so a client that does not read would otherwise keep its socket, its file
 * descriptor and its kernel buffers forever.
 */
public final class CloseDeadline {
  private static final Logger LOG = LoggerFactory.getLogger(CloseDeadline.class);

  private final Vertx vertx;
  private final Duration grace;

  /** Connections reset because their graceful close did not finish in time. */
  public final LongAdder resets = new LongAdder();

  public CloseDeadline(Vertx vertx, Duration grace) {
    this.vertx = vertx;
    this.grace = grace;
  }

  /** Runs {@code graceful}, then resets {@code connection} if it is still open after the grace. */
  public void close(HttpConnection connection, String client, Runnable graceful) {
    graceful.run();
    vertx.setTimer(
        grace.toMillis(),
        t -> {
          if (reset(connection)) {
            resets.increment();
            LOG.info(
                "reset the connection of {}: its close did not finish within {} ms",
                client,
                grace.toMillis());
          }
        });
  }

  /**
   * SO_LINGER 0 then close: the kernel sends a reset and frees the socket's buffers at once. No
   * public Vert.x API aborts a connection: every close, even the Netty channel's, passes Vert.x's
   * pipeline handler, which holds it behind the queued writes. So this takes the Netty channel
   * ({@link ConnectionBase#channel()}) and closes from the pipeline's first context, which goes
   * straight to the transport. False when it was closed already.
   */
  static boolean reset(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      connection.close();
      return false;
    }
    Channel channel = base.channel();
    if (!channel.isOpen()) return false;
    channel.config().setOption(ChannelOption.SO_LINGER, 0);
    ChannelHandlerContext first = channel.pipeline().firstContext();
    if (first != null) first.close();
    else channel.close();
    return true;
  }
}
