package ma.manchette.text;

import java.net.URI;
import java.util.Locale;

/** Resolves a link against its base and keeps it only if it is an absolute http(s) URL. */
public final class SafeUrl {
  private SafeUrl() {}

  public static String resolve(String base, String link) {
    if (link == null) return null;
    String l = link.strip().replace(" ", "%20");
    if (l.isEmpty() || l.length() > 2048) return null;
    try {
      URI uri = base == null ? new URI(l) : new URI(base).resolve(new URI(l));
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null
          || uri.getHost().isEmpty()) return null;
      return withoutLeadingDotSegments(uri.normalize()).toString();
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * java.net.URI keeps "/../x" when ".." climbs above the root; browsers (RFC 3986 5.2.4) drop it.
   */
  private static URI withoutLeadingDotSegments(URI u) throws java.net.URISyntaxException {
    String path = u.getRawPath();
    if (path == null || !path.startsWith("/..")) return u;
    while (path.startsWith("/../")) path = path.substring(3);
    if (path.equals("/..")) path = "/";
    return new URI(
        u.getScheme()
            + "://"
            + u.getRawAuthority()
            + path
            + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery())
            + (u.getRawFragment() == null ? "" : "#" + u.getRawFragment()));
  }

  /** The same address without tracking parameters or fragment: the basis of a stable key. */
  public static String canonical(String url) {
    if (url == null) return null;
    try {
      URI u = new URI(url);
      String query = u.getRawQuery();
      String kept = null;
      if (query != null) {
        StringBuilder sb = new StringBuilder();
        for (String p : query.split("&")) {
          String name = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
          String n = name.toLowerCase(Locale.ROOT);
          if (n.startsWith("utm_")
              || n.equals("fbclid")
              || n.equals("gclid")
              || n.equals("xtor")
              || n.isEmpty()) continue;
          if (sb.length() > 0) sb.append('&');
          sb.append(p);
        }
        kept = sb.length() == 0 ? null : sb.toString();
      }
      String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
      String port = u.getPort() < 0 ? "" : ":" + u.getPort();
      String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
      return u.getScheme().toLowerCase(Locale.ROOT)
          + "://"
          + host
          + port
          + path
          + (kept == null ? "" : "?" + kept);
    } catch (Exception e) {
      return url;
    }
  }
}
