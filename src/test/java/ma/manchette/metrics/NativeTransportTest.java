package ma.manchette.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The server's Vert.x runs on epoll where the jar ships it (Linux x86-64), NIO when told to. */
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class NativeTransportTest {
  @Test
  void epollByDefaultAndNioWithTheOptOut() {
    Vertx byDefault = Telemetry.newVertx(Map.of());
    Vertx optedOut = Telemetry.newVertx(Map.of("MANCHETTE_NATIVE_TRANSPORT", "0"));
    try {
      assertThat(byDefault.isNativeTransportEnabled())
          .as("cause: %s", byDefault.unavailableNativeTransportCause())
          .isTrue();
      assertThat(optedOut.isNativeTransportEnabled()).isFalse();
    } finally {
      byDefault.close();
      optedOut.close();
    }
  }
}
