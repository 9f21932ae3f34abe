package ma.manchette.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import ma.manchette.config.AccessConfig.ApiKey;

/**
 * On GET /api/stream and /api/ws only: at most so many open streams per API key or per address, so
 * one client cannot take the whole subscriber budget. The slot is freed once, when the response
 * ends or the connection closes; an upgraded connection no longer reports its close here, so the
 * WebSocket endpoint runs {@link #STREAM_SLOT} from the socket's close handler (close frame, reset,
 * server cut alike).
 */
final class StreamSlotHandler implements Handler<RoutingContext> {
  /** A Runnable freeing the caller's stream slot. */
  static final String STREAM_SLOT = "manchette.streamSlot";

  private final StreamSlots slots;
  private final int perAddress;

  StreamSlotHandler(StreamSlots slots, int streamsPerAddress) {
    this.slots = slots;
    this.perAddress = streamsPerAddress;
  }

  @Override
  public void handle(RoutingContext rc) {
    ApiKey key = ApiKeyHandler.of(rc);
    String slot = key != null ? "key:" + key.name() : "addr:" + ClientAddress.of(rc);
    int max = key != null ? key.maxStreams() : perAddress;
    if (!slots.tryAcquire(slot, max)) {
      rc.response().putHeader("Retry-After", "10");
      ApiError.send(
          rc,
          429,
          "too many open streams "
              + (key != null ? "for API key '" + key.name() + "'" : "from your address")
              + " (at most "
              + max
              + ")",
          null);
      return;
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) slots.release(slot);
        };
    rc.response().endHandler(v -> release.run());
    rc.request().connection().closeHandler(v -> release.run());
    rc.put(STREAM_SLOT, release);
    rc.next();
  }
}
