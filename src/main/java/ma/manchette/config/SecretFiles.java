package ma.manchette.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Secrets may come from files (Docker and Kubernetes secrets, systemd credentials) rather than the
 * environment, which other processes and crash reports can read: {@code DATABASE_URL_FILE} names a
 * file whose content is {@code DATABASE_URL}, and so on.
 */
public final class SecretFiles {
  static final List<String> SECRETS =
      List.of("DATABASE_URL", "MANCHETTE_ADMIN_TOKEN", "MANCHETTE_TOKEN_SECRET");

  private SecretFiles() {}

  /**
   * The environment with each {@code X_FILE} read into {@code X}; both set, or an unreadable file,
   * is refused.
   */
  public static Map<String, String> resolve(Map<String, String> env) {
    Map<String, String> out = new HashMap<>(env);
    for (String key : SECRETS) {
      String file = env.get(key + "_FILE");
      if (file == null || file.isBlank()) continue;
      if (env.get(key) != null && !env.get(key).isBlank()) {
        throw new IllegalArgumentException("set " + key + " or " + key + "_FILE, not both");
      }
      try {
        out.put(key, Files.readString(Path.of(file.trim())).strip());
      } catch (IOException e) {
        throw new IllegalArgumentException(
            key + "_FILE names " + file + ", which cannot be read: " + e.getMessage());
      }
    }
    return out;
  }
}
