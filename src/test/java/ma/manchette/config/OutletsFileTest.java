package ma.manchette.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutletsFileTest {

  @Test
  void theShippedOutletsFileIsValidAndCoversTheMaghressList() throws Exception {
    List<OutletConfig> outlets = OutletsFile.read(Path.of("conf/outlets.yaml"));
    assertThat(outlets.size()).isGreaterThanOrEqualTo(40);
    assertThat(outlets)
        .extracting(OutletConfig::id)
        .contains(
            "hespress-fr",
            "hespress-ar",
            "hespress-en",
            "le360-fr",
            "yabiladi-fr",
            "h24info",
            "2m-ar",
            "map-fr",
            "tanjanews",
            "panorapost",
            "medias24");
    assertThat(outlets)
        .filteredOn(o -> !o.enabled())
        .allSatisfy(o -> assertThat(o.disabledReason()).isNotBlank());
    assertThat(outlets)
        .filteredOn(OutletConfig::enabled)
        .allSatisfy(o -> assertThat(o.sources()).isNotEmpty());
    assertThat(outlets).extracting(OutletConfig::lang).allMatch(l -> l.matches("fr|ar|en|es"));
    assertThat(outlets.stream().filter(o -> o.scrape() != null)).isNotEmpty();
  }

  @Test
  void mistakesAreNamedWithTheOutlet() throws Exception {
    Path f = Files.createTempFile("outlets", ".yaml");
    Files.writeString(f, "outlets:\n  - id: bad\n    feeds: [ftp://example.ma/feed]\n");
    assertThatThrownBy(() -> OutletsFile.read(f))
        .hasMessageContaining("outlet 'bad'")
        .hasMessageContaining("http(s)");
    Files.writeString(
        f,
        "outlets:\n  - id: a\n    feeds: [https://a.ma/feed]\n  - id: a\n    feeds: [https://a.ma/feed]\n");
    assertThatThrownBy(() -> OutletsFile.read(f)).hasMessageContaining("duplicate outlet id 'a'");
    Files.writeString(
        f, "outlets:\n  - id: a\n    interval: soon\n    feeds: [https://a.ma/feed]\n");
    assertThatThrownBy(() -> OutletsFile.read(f)).hasMessageContaining("not a duration");
  }
}
