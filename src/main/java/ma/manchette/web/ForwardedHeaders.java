package ma.manchette.web;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import ma.manchette.config.AccessConfig.ProxySettings;
import ma.manchette.config.ProxyHeader;

/**
 * Works out who is asking before any limit is counted. From a trusted proxy only, the client is the
 * rightmost hop of the forwarded chain that is not itself a trusted proxy (what a client writes to
 * the left of it cannot move it), and the scheme and host are the ones the proxy received.
 *
 * <p>Written here rather than with Vert.x Web's {@code Router.allowForward}: that one believes any
 * peer and takes the leftmost {@code X-Forwarded-For} entry, which every client can write.
 */
public final class ForwardedHeaders {
  static final String KEY = "manchette.client";
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*"
              + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?(?::\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](?::\\d{1,5})?");
  private static final Pattern OBFUSCATED = Pattern.compile("_[A-Za-z0-9._-]+|unknown");

  /** Who the request is from, as limits, reports, logs and self links should see it. */
  public record Client(String address, String scheme, String host) {
    public String baseUrl() {
      return scheme + "://" + host;
    }
  }

  /** A forwarded header that a trusted proxy passed on but that cannot be read. */
  static final class Malformed extends IllegalArgumentException {
    final String header;

    Malformed(String header, String message) {
      super(message);
      this.header = header;
    }
  }

  private final ProxySettings settings;

  public ForwardedHeaders(ProxySettings settings) {
    this.settings = settings;
  }

  /** Ahead of the access guard (order -1000), so every limit counts the forwarded client. */
  public void install(Router router) {
    router.route().order(-1100).handler(this::handle);
  }

  private void handle(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    try {
      rc.put(
          KEY,
          resolve(
              peer(req),
              req.isSSL() ? "https" : "http",
              req.getHeader("Host"),
              req.headers()::getAll));
      rc.next();
    } catch (Malformed e) {
      ApiError.send(rc, 400, e.getMessage(), e.header);
    }
  }

  private static InetAddress peer(HttpServerRequest req) {
    var a = req.remoteAddress();
    return a == null || a.hostAddress() == null ? null : address(a.hostAddress());
  }

  /** The client of one request; {@code headers} gives every value of a header, in order. */
  Client resolve(
      InetAddress peer, String scheme, String host, Function<String, List<String>> headers) {
    String self = peer == null ? "unknown" : NetUtil.toAddressString(peer);
    Client direct =
        new Client(
            self, scheme, host == null || !HOST.matcher(host).matches() ? "localhost" : host);
    if (peer == null || !settings.trusts(peer)) return direct;
    return settings.header() == ProxyHeader.FORWARDED
        ? fromForwarded(direct, headers)
        : fromXForwarded(direct, headers);
  }

  private Client fromXForwarded(Client direct, Function<String, List<String>> headers) {
    List<String> chain = new ArrayList<>();
    for (String line : headers.apply("X-Forwarded-For")) {
      for (String part : line.split(",")) chain.add(part.trim());
    }
    String address = direct.address();
    for (int i = chain.size() - 1; i >= 0; i--) {
      InetAddress hop = address(chain.get(i));
      if (hop == null)
        throw new Malformed(
            "X-Forwarded-For",
            "malformed X-Forwarded-For: '" + clip(chain.get(i)) + "' is not an IP address");
      address = NetUtil.toAddressString(hop);
      if (!settings.trusts(hop)) break;
    }
    String proto = first(headers.apply("X-Forwarded-Proto"));
    String host = first(headers.apply("X-Forwarded-Host"));
    return new Client(
        address,
        proto == null ? direct.scheme() : scheme("X-Forwarded-Proto", proto),
        host == null ? direct.host() : host("X-Forwarded-Host", host));
  }

  private Client fromForwarded(Client direct, Function<String, List<String>> headers) {
    List<List<String[]>> elements = new ArrayList<>();
    for (String line : headers.apply("Forwarded")) elements.addAll(parseForwarded(line));
    String address = direct.address();
    List<String[]> describing = null;
    for (int i = elements.size() - 1; i >= 0; i--) {
      String node = param(elements.get(i), "for");
      if (node == null) continue;
      describing = elements.get(i);
      InetAddress hop = nodeAddress(node);
      if (hop == null) {
        // an obfuscated identifier (RFC 7239 section 6.3): the proxy chose to hide the address,
        // count by the name
        address = node;
        break;
      }
      address = NetUtil.toAddressString(hop);
      if (!settings.trusts(hop)) break;
    }
    String proto = describing == null ? null : param(describing, "proto");
    String host = describing == null ? null : param(describing, "host");
    return new Client(
        address,
        proto == null ? direct.scheme() : scheme("Forwarded", proto),
        host == null ? direct.host() : host("Forwarded", host));
  }

  /** RFC 7239: elements split by commas, pairs by semicolons, values tokens or quoted strings. */
  static List<List<String[]>> parseForwarded(String line) {
    List<List<String[]>> elements = new ArrayList<>();
    List<String[]> pairs = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
      } else if (c == ',') {
        elements.add(pairs);
        pairs = new ArrayList<>();
        i++;
      } else if (c == ';') {
        i++;
      } else {
        int eq = line.indexOf('=', i);
        if (eq < 0)
          throw new Malformed(
              "Forwarded",
              "malformed Forwarded header: '" + clip(line.substring(i)) + "' is not name=value");
        String name = line.substring(i, eq).trim();
        if (!TOKEN.matcher(name).matches())
          throw new Malformed(
              "Forwarded", "malformed Forwarded header: bad parameter name '" + clip(name) + "'");
        i = eq + 1;
        StringBuilder value = new StringBuilder();
        if (i < n && line.charAt(i) == '"') {
          i++;
          boolean closed = false;
          while (i < n) {
            char v = line.charAt(i++);
            if (v == '\\' && i < n) {
              value.append(line.charAt(i++));
            } else if (v == '"') {
              closed = true;
              break;
            } else {
              value.append(v);
            }
          }
          if (!closed)
            throw new Malformed(
                "Forwarded", "malformed Forwarded header: unterminated quoted value");
        } else {
          int end = i;
          while (end < n && line.charAt(end) != ';' && line.charAt(end) != ',') end++;
          String token = line.substring(i, end).trim();
          if (!TOKEN.matcher(token).matches())
            throw new Malformed(
                "Forwarded", "malformed Forwarded header: bad value for '" + clip(name) + "'");
          value.append(token);
          i = end;
        }
        pairs.add(new String[] {name.toLowerCase(Locale.ROOT), value.toString()});
      }
    }
    elements.add(pairs);
    return elements;
  }

  /**
   * A Forwarded node: {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}, or an
   * identifier.
   */
  private static InetAddress nodeAddress(String node) {
    if (OBFUSCATED.matcher(node).matches()) return null;
    InetAddress a = address(node);
    if (a == null)
      throw new Malformed(
          "Forwarded", "malformed Forwarded header: for='" + clip(node) + "' is not an address");
    return a;
  }

  /** An IP literal, with an optional port; never a DNS lookup. */
  private static InetAddress address(String s) {
    String host = s;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) return null;
      String rest = host.substring(close + 1);
      if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) return null;
      host = host.substring(1, close);
    } else if (host.indexOf(':') > 0 && host.indexOf(':') == host.lastIndexOf(':')) {
      if (!host.substring(host.indexOf(':') + 1).matches("\\d{1,5}")) return null;
      host = host.substring(0, host.indexOf(':'));
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
    try {
      return bytes == null ? null : InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String param(List<String[]> pairs, String name) {
    for (String[] p : pairs) if (p[0].equals(name)) return p[1];
    return null;
  }

  /** The outermost proxy wrote the first value; later ones are hops between proxies. */
  private static String first(List<String> values) {
    if (values.isEmpty()) return null;
    String v = values.get(0).split(",")[0].trim();
    return v.isEmpty() ? null : v;
  }

  private static String scheme(String header, String value) {
    String s = value.toLowerCase(Locale.ROOT);
    if (!s.equals("http") && !s.equals("https"))
      throw new Malformed(
          header, "malformed " + header + ": scheme '" + clip(value) + "' is not http or https");
    return s;
  }

  private static String host(String header, String value) {
    if (!HOST.matcher(value).matches())
      throw new Malformed(
          header, "malformed " + header + ": '" + clip(value) + "' is not a host name");
    return value;
  }

  private static String clip(String s) {
    String plain = s.replaceAll("[^\\x20-\\x7e]", "?");
    return plain.length() > 64 ? plain.substring(0, 64) + "..." : plain;
  }
}
