package ma.manchette.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block such as 127.0.0.1/32 or fd00::/8, parsed once from the allow-list. */
public record Cidr(byte[] network, int prefix, String text) {

  public static Cidr parse(String raw) {
    String s = raw.trim();
    int slash = s.indexOf('/');
    String host = slash < 0 ? s : s.substring(0, slash);
    // only literal addresses: a name here would make the allow-list depend on DNS
    if (!host.matches("[0-9.]+") && !host.contains(":")) throw new IllegalArgumentException("'" + raw + "' is not an IP address or CIDR block");
    byte[] addr;
    try {
      addr = InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + raw + "' is not an IP address or CIDR block");
    }
    int bits = addr.length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + raw + "' has a bad prefix length");
    }
    if (prefix < 0 || prefix > bits) throw new IllegalArgumentException("'" + raw + "' has a bad prefix length");
    return new Cidr(addr, prefix, s);
  }

  public boolean contains(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length != network.length) return false;
    int bits = b.length * 8;
    BigInteger mask = prefix == 0 ? BigInteger.ZERO
        : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(bits - prefix).shiftLeft(bits - prefix);
    return new BigInteger(1, b).and(mask).equals(new BigInteger(1, network).and(mask));
  }
}
