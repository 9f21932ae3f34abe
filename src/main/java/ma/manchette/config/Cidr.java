package ma.manchette.config;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressNetwork;
import inet.ipaddr.IPAddressString;
import java.net.InetAddress;

/**
 * An address block such as 127.0.0.1/32 or fd00::/8, parsed once from a setting (the ipaddress
 * library).
 */
public record Cidr(IPAddress block, String text) {

  public static Cidr parse(String raw) {
    String s = raw.trim();
    // only literal addresses: a name here would make the setting depend on DNS
    IPAddressString parsed = new IPAddressString(s);
    try {
      IPAddress a = parsed.toAddress();
      if (a.getNetworkPrefixLength() == null && s.contains("/"))
        throw new IllegalArgumentException("'" + raw + "' has a bad prefix length");
      return new Cidr(a.toPrefixBlock(), s);
    } catch (AddressStringException e) {
      if (s.contains("/") && new IPAddressString(s.substring(0, s.indexOf('/'))).isIPAddress()) {
        throw new IllegalArgumentException("'" + raw + "' has a bad prefix length");
      }
      throw new IllegalArgumentException("'" + raw + "' is not an IP address or CIDR block");
    }
  }

  private static final IPAddressNetwork.IPAddressGenerator ADDRESSES =
      new IPAddressNetwork.IPAddressGenerator();

  /**
   * The library's form of an address, from its bytes (no text round trip: limits run on every
   * request).
   */
  public static IPAddress of(InetAddress a) {
    return ADDRESSES.from(a);
  }

  public boolean contains(InetAddress a) {
    IPAddress ip = of(a);
    return ip.getIPVersion() == block.getIPVersion() && block.contains(ip);
  }
}
