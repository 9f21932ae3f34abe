package ma.manchette.fetch;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import ma.manchette.config.Cidr;

/**
 * SSRF guard for outlets added at run time: a host must resolve only to public addresses, unless
 * the address is in the allow-list from conf/. The caller then connects to the address checked
 * here, so a second DNS answer (rebinding) cannot swap in a private one; every redirect is checked
 * again.
 */
public final class AddressGuard {
  private final List<Cidr> allowed;

  public AddressGuard(List<Cidr> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  public List<Cidr> allowed() {
    return allowed;
  }

  /**
   * IANA special-purpose blocks that are not the public internet (beyond loopback, private,
   * link-local, multicast).
   */
  private static final List<IPAddress> SPECIAL =
      java.util.stream.Stream.of(
              "0.0.0.0/8",
              "100.64.0.0/10",
              "192.0.0.0/24",
              "192.0.2.0/24",
              "198.18.0.0/15",
              "198.51.100.0/24",
              "203.0.113.0/24",
              "240.0.0.0/4",
              "::/128",
              "64:ff9b:1::/48",
              "100::/64",
              "2001::/23",
              "2001:db8::/32")
          .map(b -> new IPAddressString(b).getAddress())
          .toList();

  /**
   * Loopback, private, link-local, unique-local, carrier NAT, multicast, unspecified, documentation
   * and other special blocks: not for fetching. An IPv6 address that carries an IPv4 one (mapped,
   * compatible, 6to4, NAT64 64:ff9b::/96) is judged by the IPv4 address it reaches; Teredo
   * (2001::/32) always counts as internal, since it tunnels to an address it hides.
   */
  public static boolean isInternal(InetAddress a) {
    return isInternal(Cidr.of(a));
  }

  private static boolean isInternal(IPAddress ip) {
    if (ip.isLoopback() || ip.isLinkLocal() || ip.isLocal() || ip.isMulticast() || ip.isAnyLocal())
      return true;
    if (ip.isIPv6()) {
      IPv6Address v6 = ip.toIPv6();
      if (v6.isTeredo()) return true;
      IPv4Address carried =
          v6.isIPv4Mapped() || v6.isIPv4Compatible() || v6.isWellKnownIPv4Translatable()
              ? v6.getEmbeddedIPv4Address()
              : v6.is6To4() ? v6.get6To4IPv4Address() : null;
      if (carried != null) return isInternal(carried);
      if ((v6.getSegment(0).getSegmentValue() & 0xfe00) == 0xfc00)
        return true; // fc00::/7 unique local
    }
    for (IPAddress block : SPECIAL) {
      if (block.getIPVersion() == ip.getIPVersion() && block.contains(ip)) return true;
    }
    return false;
  }

  public boolean permits(InetAddress a) {
    if (!isInternal(a)) return true;
    for (Cidr c : allowed) if (c.contains(a)) return true;
    return false;
  }

  /**
   * Syntax-level check of a URL given to the admin API: a literal internal address is refused at
   * once.
   */
  public void checkLiteral(String url) {
    String host = hostOf(URI.create(url));
    if (host == null) throw new IllegalArgumentException("URL has no host");
    if (host.equalsIgnoreCase("localhost") || host.toLowerCase().endsWith(".localhost")) {
      if (!permitsLoopbackName())
        throw new IllegalArgumentException(
            "'" + host + "' is a loopback name, refused (not in the fetch allow-list)");
    }
    InetAddress a = literal(host);
    if (a != null && !permits(a)) {
      throw new IllegalArgumentException(
          describe(a)
              + " address "
              + a.getHostAddress()
              + " refused (not in the fetch allow-list)");
    }
    if (a == null && host.matches("[0-9.]+|.*:.*"))
      throw new IllegalArgumentException("bad host '" + host + "'");
  }

  private boolean permitsLoopbackName() {
    try {
      return permits(InetAddress.getByName("127.0.0.1"));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Resolves the host on a worker thread and returns the first address to connect to, or fails with
   * kind "ssrf-blocked" if any address it resolves to is internal and not allowed.
   */
  public Future<SocketAddress> resolve(Vertx vertx, URI uri) {
    String host = hostOf(uri);
    if (host == null)
      return Future.failedFuture(new FetchException("bad-url", "URL has no host: " + uri));
    int given = uri.getHost() != null ? uri.getPort() : authorityPort(uri.getRawAuthority());
    int port = given >= 0 ? given : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return vertx.executeBlocking(
        () -> {
          InetAddress literal = literal(host);
          InetAddress[] all;
          try {
            all = literal != null ? new InetAddress[] {literal} : InetAddress.getAllByName(host);
          } catch (UnknownHostException e) {
            throw new FetchException("dns", "cannot resolve " + host);
          }
          for (InetAddress a : all) {
            if (!permits(a)) {
              throw new FetchException(
                  "ssrf-blocked",
                  host
                      + " resolves to "
                      + describe(a)
                      + " address "
                      + a.getHostAddress()
                      + ", refused for an outlet added at run time");
            }
          }
          return SocketAddress.inetSocketAddress(port, all[0].getHostAddress());
        },
        false);
  }

  /**
   * A host written as an address, in any spelling a browser or curl reads as one (2130706433,
   * 0x7f.0.0.1, 0177.0.0.1, 127.1, [::ffff:7f00:1]), as that address; null for a name. One reading
   * for the check and the connection, and the same one an attacker counts on.
   */
  static InetAddress literal(String host) {
    IPAddressString s = new IPAddressString(host);
    IPAddress a = s.getAddress();
    if (a == null || s.isPrefixed() || a.isMultiple()) return null;
    return a.toInetAddress();
  }

  private static String describe(InetAddress a) {
    if (a.isLoopbackAddress()) return "a loopback";
    if (a.isLinkLocalAddress()) return "a link-local";
    if (a.isSiteLocalAddress()) return "a private";
    return "an internal";
  }

  /**
   * The host as a client would connect to it. java.net.URI gives no host for names such as
   * 0x7f.0.0.1 or 127.1 (their last label starts with a digit), and a null host would resolve to
   * this machine: read the authority.
   */
  static String hostOf(URI uri) {
    if (uri.getHost() != null) return stripBrackets(uri.getHost());
    String authority = uri.getRawAuthority();
    if (authority == null) return null;
    String h = authority.substring(authority.lastIndexOf('@') + 1);
    if (h.startsWith("[")) return h.indexOf(']') > 0 ? h.substring(1, h.indexOf(']')) : null;
    int colon = h.lastIndexOf(':');
    if (colon >= 0) h = h.substring(0, colon);
    return h.isEmpty() ? null : h;
  }

  private static int authorityPort(String authority) {
    if (authority == null) return -1;
    String h = authority.substring(authority.lastIndexOf('@') + 1);
    int colon = h.lastIndexOf(':');
    return colon > h.lastIndexOf(']') && h.substring(colon + 1).matches("\\d{1,5}")
        ? Integer.parseInt(h.substring(colon + 1))
        : -1;
  }

  private static String stripBrackets(String host) {
    if (host == null) return null;
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
