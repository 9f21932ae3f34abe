package ma.manchette.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import ma.manchette.config.AccessConfig;
import ma.manchette.config.AccessConfig.ProxySettings;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {
  private static final InetAddress PROXY = ip("10.0.0.5");
  private static final InetAddress STRANGER = ip("198.51.100.9");

  private static ForwardedHeaders behind(String trusted, String header) {
    ProxySettings p =
        AccessConfig.fromEnvironment(
                Map.of(
                    "MANCHETTE_TRUSTED_PROXIES",
                    trusted,
                    "MANCHETTE_PROXY_HEADER",
                    header,
                    "MANCHETTE_API_KEYS",
                    "/nonexistent",
                    "MANCHETTE_FETCH_ALLOW",
                    "/nonexistent"))
            .proxies();
    return new ForwardedHeaders(p);
  }

  private static ForwardedHeaders.Client resolve(
      ForwardedHeaders f, InetAddress peer, Map<String, List<String>> headers) {
    return f.resolve(peer, "http", "internal:8080", name -> headers.getOrDefault(name, List.of()));
  }

  @Test
  void aTrustedProxysForwardedForNamesTheClientAndItsSchemeAndHost() {
    var c =
        resolve(
            behind("10.0.0.0/8", "x-forwarded"),
            PROXY,
            Map.of(
                "X-Forwarded-For",
                List.of("203.0.113.7"),
                "X-Forwarded-Proto",
                List.of("https"),
                "X-Forwarded-Host",
                List.of("manchette.ma")));
    assertEquals(new ForwardedHeaders.Client("203.0.113.7", "https", "manchette.ma"), c);
    assertEquals("https://manchette.ma", c.baseUrl());
  }

  @Test
  void whatAClientWritesLeftOfTheProxysEntryIsNeverBelieved() {
    // nginx appends the real peer: "forged, real"; the rightmost untrusted hop is the client
    var c =
        resolve(
            behind("10.0.0.0/8", "x-forwarded"),
            PROXY,
            Map.of("X-Forwarded-For", List.of("1.2.3.4, not-an-ip, 203.0.113.7")));
    assertEquals("203.0.113.7", c.address());
  }

  @Test
  void trustedHopsAreSkippedFromTheRight() {
    var c =
        resolve(
            behind("10.0.0.0/8", "x-forwarded"),
            PROXY,
            Map.of("X-Forwarded-For", List.of("203.0.113.7, 10.1.1.1", "10.2.2.2")));
    assertEquals("203.0.113.7", c.address());
    var all =
        resolve(
            behind("10.0.0.0/8", "x-forwarded"),
            PROXY,
            Map.of("X-Forwarded-For", List.of("10.3.3.3, 10.1.1.1")));
    assertEquals(
        "10.3.3.3", all.address(), "a chain of trusted hops only: the first of them asked");
  }

  @Test
  void anUntrustedPeersHeadersAreIgnored() {
    var c =
        resolve(
            behind("10.0.0.0/8", "x-forwarded"),
            STRANGER,
            Map.of(
                "X-Forwarded-For",
                List.of("203.0.113.7"),
                "X-Forwarded-Proto",
                List.of("https"),
                "X-Forwarded-Host",
                List.of("evil.example"),
                "Forwarded",
                List.of("for=203.0.113.8")));
    assertEquals(new ForwardedHeaders.Client("198.51.100.9", "http", "internal:8080"), c);
    var none =
        resolve(
            behind("", "x-forwarded"), PROXY, Map.of("X-Forwarded-For", List.of("203.0.113.7")));
    assertEquals("10.0.0.5", none.address(), "no proxy is trusted unless configured");
  }

  @Test
  void ipv6HopsAndPortsAreNormalised() {
    var c =
        resolve(
            behind("10.0.0.0/8,fd00::/8", "x-forwarded"),
            PROXY,
            Map.of("X-Forwarded-For", List.of("[2001:db8:0:0::1]:4711, fd00::2")));
    assertEquals("2001:db8::1", c.address());
    var v4port =
        resolve(
            behind("10.0.0.0/8", "x-forwarded"),
            PROXY,
            Map.of("X-Forwarded-For", List.of("203.0.113.7:55000")));
    assertEquals("203.0.113.7", v4port.address());
  }

  @Test
  void theForwardedHeaderIsReadOnlyWhenChosenAndItsHopDescribesTheRequest() {
    Map<String, List<String>> h =
        Map.of(
            "Forwarded",
            List.of(
                "for=1.2.3.4, for=\"[2001:db8::17]:4711\";proto=https;host=\"news.example\"",
                "for=10.9.9.9;proto=http"),
            "X-Forwarded-For",
            List.of("198.51.100.1"));
    var c = resolve(behind("10.0.0.0/8", "forwarded"), PROXY, h);
    assertEquals(new ForwardedHeaders.Client("2001:db8::17", "https", "news.example"), c);
    assertEquals(
        "198.51.100.1",
        resolve(behind("10.0.0.0/8", "x-forwarded"), PROXY, h).address(),
        "x-forwarded mode never reads Forwarded");
    var hidden =
        resolve(
            behind("10.0.0.0/8", "forwarded"),
            PROXY,
            Map.of("Forwarded", List.of("for=_reader42")));
    assertEquals(
        "_reader42", hidden.address(), "an obfuscated identifier counts as its own client");
  }

  @Test
  void malformedHeadersFromATrustedProxyAreRefusedNamingTheHeader() {
    ForwardedHeaders fwd = behind("10.0.0.0/8", "forwarded");
    for (String bad :
        List.of(
            "for",
            "for=\"1.2.3.4",
            "f@r=1.2.3.4",
            "for=1.2.3.4 5",
            "for=\"999.1.1.1\"",
            "for=<script>")) {
      var e =
          assertThrows(
              ForwardedHeaders.Malformed.class,
              () -> resolve(fwd, PROXY, Map.of("Forwarded", List.of(bad))),
              bad);
      assertEquals("Forwarded", e.header);
    }
    ForwardedHeaders xf = behind("10.0.0.0/8", "x-forwarded");
    var e =
        assertThrows(
            ForwardedHeaders.Malformed.class,
            () -> resolve(xf, PROXY, Map.of("X-Forwarded-For", List.of("1.2.3.4, garbage"))));
    assertEquals("X-Forwarded-For", e.header);
    assertTrue(e.getMessage().contains("garbage"));
    assertThrows(
        ForwardedHeaders.Malformed.class,
        () -> resolve(xf, PROXY, Map.of("X-Forwarded-Proto", List.of("gopher"))));
    assertThrows(
        ForwardedHeaders.Malformed.class,
        () -> resolve(xf, PROXY, Map.of("X-Forwarded-Host", List.of("a b/evil"))));
  }

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
