package ma.manchette;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(used).contains("listen 127.0.0.1:18080;", "server 127.0.0.1:9001 max_fails=1 fail_timeout=10s;",
        "server 127.0.0.1:9002 max_fails=1 fail_timeout=10s;").doesNotContain("10.0.0.11:8080", "listen 80;");
    // every other line is the shipped one
    List<String> kept = shipped.lines().filter(l -> !l.contains("10.0.0.1") && !l.contains("listen 80;")).toList();
    assertThat(used.lines().toList()).containsSubsequence(kept);
  }
}
