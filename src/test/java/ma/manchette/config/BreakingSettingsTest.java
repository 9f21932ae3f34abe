package ma.manchette.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BreakingSettingsTest {
  @Test
  void threeOutletsWithinHalfAnHourUnlessSaidOtherwise() {
    assertThat(AppConfig.fromEnvironment(Map.of()).breaking())
        .isEqualTo(new BreakingSettings(3, Duration.ofMinutes(30)));
    assertThat(
            AppConfig.fromEnvironment(
                    Map.of("MANCHETTE_BREAKING_OUTLETS", "4", "MANCHETTE_BREAKING_WINDOW", "2h"))
                .breaking())
        .isEqualTo(new BreakingSettings(4, Duration.ofHours(2)));
  }

  @Test
  void nonsenseIsRefusedAtStartNamingTheSetting() {
    assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("MANCHETTE_BREAKING_OUTLETS", "1")))
        .hasMessageContaining("MANCHETTE_BREAKING_OUTLETS");
    assertThatThrownBy(
            () -> AppConfig.fromEnvironment(Map.of("MANCHETTE_BREAKING_OUTLETS", "three")))
        .hasMessageContaining("MANCHETTE_BREAKING_OUTLETS");
    assertThatThrownBy(
            () -> AppConfig.fromEnvironment(Map.of("MANCHETTE_BREAKING_WINDOW", "half an hour")))
        .hasMessageContaining("MANCHETTE_BREAKING_WINDOW");
    assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("MANCHETTE_BREAKING_WINDOW", "0m")))
        .hasMessageContaining("MANCHETTE_BREAKING_WINDOW");
    assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("MANCHETTE_BREAKING_WINDOW", "49h")))
        .hasMessageContaining("MANCHETTE_BREAKING_WINDOW");
  }
}
