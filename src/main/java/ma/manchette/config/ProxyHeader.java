package ma.manchette.config;

/**
 * Which header a trusted proxy writes the client into; the other one is never read, so a client
 * cannot forge it.
 */
public enum ProxyHeader {
  /**
   * {@code X-Forwarded-For}, {@code X-Forwarded-Proto}, {@code X-Forwarded-Host}: what nginx,
   * Traefik and most balancers send.
   */
  X_FORWARDED("x-forwarded"),
  /** The standard {@code Forwarded} header (RFC 7239): {@code for=...;proto=...;host=...}. */
  FORWARDED("forwarded");

  private final String setting;

  ProxyHeader(String setting) {
    this.setting = setting;
  }

  public String setting() {
    return setting;
  }

  static ProxyHeader parse(String s) {
    for (ProxyHeader h : values()) if (h.setting.equalsIgnoreCase(s)) return h;
    return null;
  }
}
