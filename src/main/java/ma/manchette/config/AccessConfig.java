package ma.manchette.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The public interface's limits and keys: report threshold, per-address and per-key quotas, the
 * SSRF allow-list, the secret behind signed stream tokens. Every key has a default; the environment
 * and two optional files in conf/ override them; nonsense is refused before anything starts.
 */
public record AccessConfig(
    int reportThreshold,
    int requestsPerMinute,
    int reportsPerMinute,
    int streamsPerAddress,
    List<ApiKey> apiKeys,
    List<Cidr> fetchAllow,
    byte[] secret,
    Duration tokenTtl,
    int maxQueryLength,
    ProxySettings proxies) {

  /** A third party's key: its own request quota and stream cap instead of the per-address ones. */
  public record ApiKey(String name, String key, int requestsPerMinute, int maxStreams) {}

  /**
   * Who may speak for a client: requests whose socket peer is in {@code trusted} have their client
   * address, scheme and host read from {@code header}; everyone else's forwarded headers are
   * ignored.
   */
  public record ProxySettings(List<Cidr> trusted, ProxyHeader header, boolean proxyProtocol) {
    public static final ProxySettings NONE =
        new ProxySettings(List.of(), ProxyHeader.X_FORWARDED, false);

    public boolean trusts(java.net.InetAddress peer) {
      for (Cidr c : trusted) if (c.contains(peer)) return true;
      return false;
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  public static AccessConfig defaults() {
    return new AccessConfig(
        3,
        600,
        10,
        20,
        List.of(),
        List.of(),
        randomSecret(),
        Duration.ofMinutes(10),
        4096,
        ProxySettings.NONE);
  }

  /**
   * MANCHETTE_REPORT_THRESHOLD, MANCHETTE_RATE_LIMIT (requests per minute per address),
   * MANCHETTE_REPORT_RATE_LIMIT (reports per minute per address), MANCHETTE_STREAMS_PER_ADDRESS,
   * MANCHETTE_API_KEYS (file, default conf/api-keys.yaml), MANCHETTE_FETCH_ALLOW (file, default
   * conf/fetch-allow.yaml), MANCHETTE_TOKEN_SECRET, MANCHETTE_TOKEN_TTL_SECONDS. Blocking: reads
   * files.
   */
  public static AccessConfig fromEnvironment(Map<String, String> env) {
    AccessConfig d = defaults();
    String secret = env.get("MANCHETTE_TOKEN_SECRET");
    AccessConfig c =
        new AccessConfig(
            intEnv(env, "MANCHETTE_REPORT_THRESHOLD", d.reportThreshold),
            intEnv(env, "MANCHETTE_RATE_LIMIT", d.requestsPerMinute),
            intEnv(env, "MANCHETTE_REPORT_RATE_LIMIT", d.reportsPerMinute),
            intEnv(env, "MANCHETTE_STREAMS_PER_ADDRESS", d.streamsPerAddress),
            apiKeys(Path.of(env.getOrDefault("MANCHETTE_API_KEYS", "conf/api-keys.yaml"))),
            allowList(Path.of(env.getOrDefault("MANCHETTE_FETCH_ALLOW", "conf/fetch-allow.yaml"))),
            secret == null || secret.isBlank()
                ? d.secret
                : secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            Duration.ofSeconds(
                intEnv(env, "MANCHETTE_TOKEN_TTL_SECONDS", (int) d.tokenTtl.toSeconds())),
            d.maxQueryLength,
            proxies(env));
    return c.validate();
  }

  public AccessConfig validate() {
    if (reportThreshold < 1)
      throw new IllegalArgumentException("MANCHETTE_REPORT_THRESHOLD must be >= 1");
    if (requestsPerMinute < 1)
      throw new IllegalArgumentException("MANCHETTE_RATE_LIMIT must be >= 1");
    if (reportsPerMinute < 1)
      throw new IllegalArgumentException("MANCHETTE_REPORT_RATE_LIMIT must be >= 1");
    if (streamsPerAddress < 1)
      throw new IllegalArgumentException("MANCHETTE_STREAMS_PER_ADDRESS must be >= 1");
    if (tokenTtl.toSeconds() < 10)
      throw new IllegalArgumentException("MANCHETTE_TOKEN_TTL_SECONDS must be >= 10");
    if (secret.length < 16)
      throw new IllegalArgumentException("MANCHETTE_TOKEN_SECRET must be at least 16 characters");
    return this;
  }

  /**
   * MANCHETTE_TRUSTED_PROXIES (comma-separated CIDRs, default none), MANCHETTE_PROXY_HEADER ({@code
   * x-forwarded}, the default, or {@code forwarded}), MANCHETTE_PROXY_PROTOCOL (0/1).
   */
  static ProxySettings proxies(Map<String, String> env) {
    List<Cidr> trusted = new ArrayList<>();
    String raw = env.get("MANCHETTE_TRUSTED_PROXIES");
    if (raw != null && !raw.isBlank()) {
      for (String part : raw.split(",")) {
        if (part.isBlank()) continue;
        try {
          trusted.add(Cidr.parse(part));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("MANCHETTE_TRUSTED_PROXIES: " + e.getMessage());
        }
      }
    }
    String header = env.getOrDefault("MANCHETTE_PROXY_HEADER", "x-forwarded").trim();
    ProxyHeader h = ProxyHeader.parse(header);
    if (h == null) {
      throw new IllegalArgumentException(
          "MANCHETTE_PROXY_HEADER must be 'x-forwarded' or 'forwarded', not '" + header + "'");
    }
    String pp = env.getOrDefault("MANCHETTE_PROXY_PROTOCOL", "0").trim();
    if (!pp.equals("0") && !pp.equals("1"))
      throw new IllegalArgumentException(
          "MANCHETTE_PROXY_PROTOCOL must be 0 or 1, not '" + pp + "'");
    return new ProxySettings(List.copyOf(trusted), h, pp.equals("1"));
  }

  /**
   * conf/api-keys.yaml: {@code keys: [{name, key, requestsPerMinute, maxStreams}]}; absent file =
   * no keys.
   */
  static List<ApiKey> apiKeys(Path file) {
    JsonNode root = readOptional(file, KnownKeys.API_KEYS_FILE);
    List<ApiKey> out = new ArrayList<>();
    if (root == null) return out;
    JsonNode keys = root.get("keys");
    if (keys == null || !keys.isArray())
      throw new IllegalArgumentException(file + ": expected a top-level 'keys' list");
    for (JsonNode k : keys) {
      String name = k.path("name").asText(null);
      String key = k.path("key").asText(null);
      if (name == null || key == null || key.length() < 16) {
        throw new IllegalArgumentException(
            file + ": every key needs a name and a key of at least 16 characters");
      }
      int rpm = k.path("requestsPerMinute").asInt(6000);
      int streams = k.path("maxStreams").asInt(100);
      if (rpm < 1 || streams < 1)
        throw new IllegalArgumentException(file + ": key '" + name + "' needs positive quotas");
      out.add(new ApiKey(name, key, rpm, streams));
    }
    return out;
  }

  /**
   * conf/fetch-allow.yaml: {@code allow: [10.0.0.0/8, 127.0.0.1/32]}; absent file = nothing
   * internal allowed.
   */
  static List<Cidr> allowList(Path file) {
    JsonNode root = readOptional(file, KnownKeys.FETCH_ALLOW_FILE);
    List<Cidr> out = new ArrayList<>();
    if (root == null) return out;
    JsonNode allow = root.get("allow");
    if (allow == null || !allow.isArray())
      throw new IllegalArgumentException(file + ": expected a top-level 'allow' list");
    for (JsonNode n : allow) {
      try {
        out.add(Cidr.parse(n.asText()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static JsonNode readOptional(Path file, Map<String, Object> shape) {
    if (!Files.isRegularFile(file)) return null;
    try {
      String text = Files.readString(file);
      KnownKeys.check(file.toString(), text, shape);
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }

  private static byte[] randomSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static int intEnv(Map<String, String> env, String key, int fallback) {
    String v = env.get(key);
    if (v == null || v.isBlank()) return fallback;
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'");
    }
  }
}
