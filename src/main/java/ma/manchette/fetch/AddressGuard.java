package ma.manchette.fetch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import ma.manchette.config.Cidr;

/**
 * SSRF guard for outlets added at run time: a host must resolve only to public addresses, unless the
 * address is in the allow-list from conf/. The caller then connects to the address checked here, so a
 * second DNS answer (rebinding) cannot swap in a private one; every redirect is checked again.
 */
public final class AddressGuard {
  private final List<Cidr> allowed;

  public AddressGuard(List<Cidr> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  public List<Cidr> allowed() {
    return allowed;
  }

  /** Loopback, private, link-local, unique-local, carrier NAT, multicast, unspecified: not for fetching. */
  public static boolean isInternal(InetAddress a) {
    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) return true; // fc00::/7 unique local
      // IPv4-mapped ::ffff:a.b.c.d is judged as the IPv4 address it carries
      boolean mapped = true;
      for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
      if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        try {
          return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
      return false;
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 || (first == 100 && second >= 64 && second < 128) // 0/8, 100.64/10 carrier-grade NAT
        || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0/24 protocol assignments
        || (first == 198 && (second == 18 || second == 19)) // benchmarking
        || first >= 240; // reserved and broadcast
  }

  public boolean permits(InetAddress a) {
    if (!isInternal(a)) return true;
    for (Cidr c : allowed) if (c.contains(a)) return true;
    return false;
  }

  /** Syntax-level check of a URL given to the admin API: a literal internal address is refused at once. */
  public void checkLiteral(String url) {
    URI uri = URI.create(url);
    String host = stripBrackets(uri.getHost());
    if (host == null) throw new IllegalArgumentException("URL has no host");
    if (host.equalsIgnoreCase("localhost") || host.toLowerCase().endsWith(".localhost")) {
      if (!permitsLoopbackName()) throw new IllegalArgumentException("'" + host + "' is a loopback name, refused (not in the fetch allow-list)");
    }
    if (host.matches("[0-9.]+") || host.contains(":")) {
      try {
        InetAddress a = InetAddress.getByName(host);
        if (!permits(a)) throw new IllegalArgumentException(describe(a) + " address " + a.getHostAddress() + " refused (not in the fetch allow-list)");
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("bad host '" + host + "'");
      }
    }
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
    String host = stripBrackets(uri.getHost());
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return vertx.executeBlocking(() -> {
      InetAddress[] all;
      try {
        all = InetAddress.getAllByName(host);
      } catch (UnknownHostException e) {
        throw new FetchException("dns", "cannot resolve " + host);
      }
      for (InetAddress a : all) {
        if (!permits(a)) {
          throw new FetchException("ssrf-blocked", host + " resolves to " + describe(a) + " address " + a.getHostAddress()
              + ", refused for an outlet added at run time");
        }
      }
      return SocketAddress.inetSocketAddress(port, all[0].getHostAddress());
    }, false);
  }

  private static String describe(InetAddress a) {
    if (a.isLoopbackAddress()) return "a loopback";
    if (a.isLinkLocalAddress()) return "a link-local";
    if (a.isSiteLocalAddress()) return "a private";
    return "an internal";
  }

  private static String stripBrackets(String host) {
    if (host == null) return null;
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
