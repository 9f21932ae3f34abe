package ma.manchette.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import ma.manchette.support.Await;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A start logs no warning about Vert.x's own gauges, and a duplicate of ours is still shown. */
class VertxGaugeReRegistrationsTest {
  private static final String REGISTRY_LOGGER = "io.micrometer.core.instrument.MeterRegistry";

  @Test
  void aSecondConnectionOfAClientLogsNoGaugeWarning() throws Exception {
    Logger registryLog = (Logger) LoggerFactory.getLogger(REGISTRY_LOGGER);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    registryLog.addAppender(seen);
    Vertx vertx = Telemetry.newVertx();
    try {
      NetServer server =
          Await.result(vertx.createNetServer().connectHandler(s -> {}).listen(0, "127.0.0.1"));
      NetClient client = vertx.createNetClient();
      // the second connection is where Vert.x registers its active-connections gauge again
      for (int i = 0; i < 2; i++) Await.result(client.connect(server.actualPort(), "127.0.0.1"));
      assertThat(seen.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .noneMatch(m -> m.contains("already registered"));
    } finally {
      registryLog.detachAppender(seen);
      Await.result(vertx.close());
    }
  }

  @Test
  void aDuplicateOfOurOwnMetersStillGetsThrough() {
    Logger registryLog = (Logger) LoggerFactory.getLogger(REGISTRY_LOGGER);
    String ours =
        "This Gauge has been already registered (MeterId{name='manchette.subscribers', tags=[]}),"
            + " the registration will be ignored.";
    assertThat(
            new VertxGaugeReRegistrations()
                .decide(null, registryLog, ch.qos.logback.classic.Level.WARN, ours, null, null))
        .isEqualTo(FilterReply.NEUTRAL);
  }
}
