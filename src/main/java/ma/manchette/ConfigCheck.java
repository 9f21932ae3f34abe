package ma.manchette;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import ma.manchette.config.AccessConfig;
import ma.manchette.config.AppConfig;
import ma.manchette.config.OutletConfig;
import ma.manchette.config.OutletsFile;
import ma.manchette.enrich.Enrichers;

/**
 * {@code --check-config}: everything the server would read before it touches the network or the
 * database, validated the same way a start does, then a short account of what would run.
 */
final class ConfigCheck {
  private ConfigCheck() {}

  /**
   * Returns the exit code; a problem throws IllegalArgumentException naming the setting or the file
   * and line.
   */
  static int print(AppConfig config, AccessConfig access, PrintStream out) {
    Path confDir = config.outletsFile().toAbsolutePath().getParent();
    List<OutletConfig> outlets;
    if (config.demo()) {
      outlets = List.of();
    } else {
      try {
        outlets = OutletsFile.read(config.outletsFile());
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(config.outletsFile() + ": " + e.getMessage());
      }
    }
    Enrichers.Loaded rules = Enrichers.load(confDir, config.regionsFile(), config.sectionsFile());
    java.util.Set<String> eager = Enrichers.eagerFullText(confDir);
    for (String id : eager) {
      if (outlets.stream().noneMatch(o -> o.id().equals(id)) && !config.demo()) {
        throw new IllegalArgumentException(
            confDir.resolve("fulltext.yaml")
                + ": no outlet '"
                + id
                + "' in "
                + config.outletsFile());
      }
    }
    out.println("configuration is valid:");
    out.println("  listen        " + config.httpHost() + ":" + config.httpPort());
    out.println(
        "  database      "
            + (config.databaseUrl() == null
                ? "embedded PostgreSQL under " + config.dataDir().toAbsolutePath()
                : redact(config.databaseUrl())));
    out.println(
        "  cluster       "
            + (config.cluster().enabled()
                ? "on (leases, hold window while several nodes are live)"
                : "off"));
    out.println(
        "  outlets       "
            + (config.demo()
                ? "demo (four simulated outlets on loopback)"
                : outlets.size()
                    + " in "
                    + config.outletsFile()
                    + ", "
                    + outlets.stream().filter(OutletConfig::enabled).count()
                    + " enabled"));
    out.println("  rules         " + rules.summary());
    out.println(
        "  full text     "
            + (eager.isEmpty()
                ? "on first view"
                : "right after detection for " + String.join(", ", eager)));
    out.println(
        "  admin API     "
            + (config.adminToken() == null ? "off (MANCHETTE_ADMIN_TOKEN unset)" : "on"));
    out.println(
        "  proxies       "
            + (access.proxies().trusted().isEmpty()
                ? "none trusted"
                : access.proxies().trusted().stream().map(c -> c.text()).toList()
                    + " via "
                    + access.proxies().header().setting()));
    out.println("  API keys      " + access.apiKeys().size());
    return 0;
  }

  /** The URL without its password, for a terminal or a CI log. */
  static String redact(String url) {
    return url.replaceFirst("://([^:/@]+):[^@]*@", "://$1:***@");
  }
}
