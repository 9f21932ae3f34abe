package ma.manchette.outlet;

import ma.manchette.config.OutletConfig;
import ma.manchette.store.OutletStateStore.PollState;

/**
 * An outlet at run time: its configuration, its health, and the polling state kept between polls.
 */
public final class Outlet {
  private volatile OutletConfig config;
  public final OutletHealth health = new OutletHealth();
  volatile PollState state = PollState.NEW;
  volatile java.time.Duration currentInterval;
  long timerId = -1;

  /**
   * The poll under way, if any: a timer, a reschedule or "poll now" joins it rather than polling
   * twice at once.
   */
  io.vertx.core.Future<Void> inFlight;

  /** Added or changed at run time (admin API): every fetch goes through the SSRF guard. */
  private volatile boolean guarded;

  public Outlet(OutletConfig config) {
    this.config = config;
    this.currentInterval = config.interval();
  }

  public OutletConfig config() {
    return config;
  }

  void config(OutletConfig c) {
    this.config = c;
  }

  public boolean guarded() {
    return guarded;
  }

  public void guarded(boolean g) {
    this.guarded = g;
  }

  public String id() {
    return config.id();
  }
}
