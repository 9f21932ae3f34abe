package ma.manchette.boot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts log under the server's own logger name, as before they were split out: log set-ups and
 * alerts filter on it.
 */
final class ServerLog {
  static final Logger LOG = LoggerFactory.getLogger("ma.manchette.ManchetteServer");

  private ServerLog() {}
}
