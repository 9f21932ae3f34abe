package ma.manchette.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Micrometer's "This Gauge has been already registered" warning for Vert.x's own gauges only.
 * Vert.x registers its connection and queue gauges again for every new connection on purpose (each
 * registration finds the same shared counter), which Micrometer 1.13.9 and later report at the
 * second connection of any client or server; a duplicate of one of our own meters (manchette_*, the
 * JVM's) is still reported.
 */
public final class VertxGaugeReRegistrations extends TurboFilter {
  private static final String REGISTRY_LOGGER = "io.micrometer.core.instrument.MeterRegistry";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format != null
        && REGISTRY_LOGGER.equals(logger.getName())
        && format.startsWith("This Gauge has been already registered (MeterId{name='vertx."))
      return FilterReply.DENY;
    return FilterReply.NEUTRAL;
  }
}
