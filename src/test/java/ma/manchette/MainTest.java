package ma.manchette;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line an operator types: help, version, a configuration check that says what is wrong
 * and where.
 */
class MainTest {
  private record Run(int code, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    Main main = new Main();
    Map<String, String> e = new HashMap<>(env);
    e.putIfAbsent("MANCHETTE_API_KEYS", "/nonexistent");
    e.putIfAbsent("MANCHETTE_FETCH_ALLOW", "/nonexistent");
    main.environment = e;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    main.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    main.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    CommandLine cl = new CommandLine(main);
    cl.setOut(new java.io.PrintWriter(main.out, true));
    cl.setErr(new java.io.PrintWriter(main.err, true));
    int code = cl.execute(args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpAndVersionAnswerWithoutStartingAnything() {
    Run help = run(Map.of(), "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("--check-config", "--migrate", "--demo", "--version", "docs/configuration.md");
    Run version = run(Map.of(), "--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("manchette ");
    assertThat(run(Map.of(), "--no-such-option").code()).isEqualTo(2);
  }

  @Test
  void theShippedConfigurationChecksOutAndSaysWhatWouldRun() {
    Run r =
        run(
            Map.of("DATABASE_URL", "postgresql://manchette:s3cret@db.internal:5432/manchette"),
            "--check-config");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("configuration is valid", "outlets", "enabled", "regions", "cluster       on")
        .contains("postgresql://manchette:***@db.internal")
        .doesNotContain("s3cret");
  }

  @Test
  void anUnknownKeyInTheOutletsFileIsAnErrorNamingFileLineAndKey() {
    Run r =
        run(
            Map.of("MANCHETTE_OUTLETS", "src/test/resources/fixtures/config/outlets-typo.yaml"),
            "--check-config");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("outlets-typo.yaml:8: unknown key 'intervall'")
        .contains("interval");
    Run scrape =
        run(
            Map.of(
                "MANCHETTE_OUTLETS", "src/test/resources/fixtures/config/outlets-scrape-typo.yaml"),
            "--check-config");
    assertThat(scrape.err()).contains("outlets-scrape-typo.yaml:7: unknown key 'titel'");
  }

  @Test
  void aWrongSettingIsNamed() {
    Run r = run(Map.of("MANCHETTE_HTTP_PORT", "eighty"), "--check-config");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("MANCHETTE_HTTP_PORT");
  }

  @Test
  void aNativeTransportSettingOtherThanZeroOrOneIsRefusedNamingIt() {
    Run r = run(Map.of("MANCHETTE_NATIVE_TRANSPORT", "yes"), "--check-config");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("MANCHETTE_NATIVE_TRANSPORT", "'yes'");
  }

  @Test
  void aWebrootThatDoesNotExistIsRefusedNamingTheSetting() {
    Run r = run(Map.of("MANCHETTE_WEBROOT", "/nonexistent/pages"), "--check-config");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("MANCHETTE_WEBROOT", "/nonexistent/pages");
  }

  @Test
  void secretsMayComeFromFiles() throws Exception {
    Path secret = Files.createTempFile("db", ".url");
    Files.writeString(secret, "postgresql://u:fromfile@db.internal:5432/m\n");
    Run r = run(Map.of("DATABASE_URL_FILE", secret.toString()), "--check-config");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("postgresql://u:***@db.internal:5432/m");
    Run both =
        run(
            Map.of("DATABASE_URL_FILE", secret.toString(), "DATABASE_URL", "postgresql://x@y/z"),
            "--check-config");
    assertThat(both.err()).contains("set DATABASE_URL or DATABASE_URL_FILE, not both");
    Run missing = run(Map.of("MANCHETTE_ADMIN_TOKEN_FILE", "/nonexistent/token"), "--check-config");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("MANCHETTE_ADMIN_TOKEN_FILE names /nonexistent/token");
  }
}
