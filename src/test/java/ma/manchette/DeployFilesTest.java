package ma.manchette;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import ma.manchette.support.Nginx;
import org.junit.jupiter.api.Test;

/** What an operator copies from the README is the file the tests run. */
class DeployFilesTest {
  @Test
  void theReadmesNginxBlockIsTheTestedFile() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int open = readme.indexOf("```nginx\n");
    assertThat(open).as("a ```nginx block in the README").isGreaterThanOrEqualTo(0);
    int close = readme.indexOf("```", open + 9);
    assertThat(readme.substring(open + 9, close)).isEqualTo(Files.readString(Nginx.SHIPPED));
  }

  @Test
  void theTestConfigChangesOnlyAddresses() throws Exception {
    String shipped = Files.readString(Nginx.SHIPPED);
    String used = Nginx.configFor(shipped, 18080, List.of(9001, 9002));
    assertThat(used)
        .contains(
            "listen 127.0.0.1:18080;",
            "server 127.0.0.1:9001 max_fails=1 fail_timeout=10s;",
            "server 127.0.0.1:9002 max_fails=1 fail_timeout=10s;")
        .doesNotContain("10.0.0.11:8080", "listen 80;");
    // every other line is the shipped one
    List<String> kept =
        shipped.lines().filter(l -> !l.contains("10.0.0.1") && !l.contains("listen 80;")).toList();
    assertThat(used.lines().toList()).containsSubsequence(kept);
  }

  @Test
  void theComposeFileWiresTheTestedNginxFileToItsNodes() throws Exception {
    JsonNode compose =
        new ObjectMapper(new YAMLFactory()).readTree(Path.of("deploy/compose.yaml").toFile());
    JsonNode services = compose.get("services");
    JsonNode nginx = services.get("nginx");
    assertThat(nginx.get("volumes").get(0).asText())
        .startsWith("./nginx/manchette.conf:/etc/nginx/conf.d/");
    String nginxAddress = nginx.at("/networks/manchette/ipv4_address").asText();
    String conf = Files.readString(Nginx.SHIPPED);
    var version =
        java.util.regex.Pattern.compile(
                "<artifactId>manchette</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(version.find()).isTrue();
    String pomVersion = version.group(1);
    for (String node : List.of("node1", "node2")) {
      JsonNode n = services.get(node);
      assertThat(n.get("image").asText())
          .as("the image mvn package builds")
          .isEqualTo("manchette:" + pomVersion);
      assertThat(conf)
          .as("nginx's upstream names " + node)
          .contains("server " + n.at("/networks/manchette/ipv4_address").asText() + ":8080");
      assertThat(n.at("/environment/MANCHETTE_TRUSTED_PROXIES").asText())
          .isEqualTo(nginxAddress + "/32");
      assertThat(n.at("/healthcheck/test").toString()).contains("ma.manchette.HealthProbe");
    }
    assertThat(services.get("node1").at("/environment/MANCHETTE_NODE_ID").asText())
        .isNotEqualTo(services.get("node2").at("/environment/MANCHETTE_NODE_ID").asText());
  }

  @Test
  void theSystemdUnitIsValidWhereSystemdCanSay() throws Exception {
    Path unit = Path.of("deploy/manchette.service");
    assertThat(Files.readString(unit))
        .contains("SuccessExitStatus=143", "MANCHETTE_TRUSTED_PROXIES");
    if (!Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) return;
    Process p =
        new ProcessBuilder("/usr/bin/systemd-analyze", "verify", unit.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isEqualTo(0);
  }

  @Test
  void theAlertRulesAreValidAndFireWhenTheyShould() throws Exception {
    Path promtool = Path.of("/usr/bin/promtool");
    if (!Files.isExecutable(promtool)) {
      if ("true".equals(System.getenv("CI")))
        throw new AssertionError("promtool missing: .ci/run installs Debian's prometheus");
      org.junit.jupiter.api.Assumptions.abort(
          "promtool is not installed (apt-get install prometheus)");
    }
    for (List<String> cmd :
        List.of(
            List.of("check", "rules", "manchette-alerts.yaml"),
            List.of("test", "rules", "manchette-alerts.test.yaml"))) {
      List<String> full = new java.util.ArrayList<>(List.of(promtool.toString()));
      full.addAll(cmd);
      Process p =
          new ProcessBuilder(full)
              .directory(Path.of("deploy/prometheus").toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isEqualTo(0);
    }
  }

  @Test
  void theGrafanaDashboardIsWellFormed() throws Exception {
    JsonNode dash =
        new ObjectMapper().readTree(Path.of("deploy/grafana/manchette-dashboard.json").toFile());
    assertThat(dash.get("title").asText()).isEqualTo("Manchette");
    assertThat(dash.get("panels").size()).isGreaterThan(5);
    java.util.Set<Integer> ids = new java.util.HashSet<>();
    for (JsonNode panel : dash.get("panels")) {
      assertThat(ids.add(panel.get("id").asInt())).as("panel ids are unique").isTrue();
      assertThat(panel.at("/gridPos/w").asInt()).isBetween(1, 24);
      assertThat(panel.get("targets").size()).as(panel.get("title").asText()).isPositive();
      for (JsonNode t : panel.get("targets"))
        assertThat(t.get("expr").asText()).contains("manchette_");
    }
  }
}
