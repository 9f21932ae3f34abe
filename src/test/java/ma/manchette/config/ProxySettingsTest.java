package ma.manchette.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {
  @Test
  void trustedProxiesAreCommaSeparatedBlocks() throws Exception {
    AccessConfig.ProxySettings p =
        AccessConfig.proxies(
            Map.of("MANCHETTE_TRUSTED_PROXIES", "127.0.0.1/32, 10.0.0.0/8,fd00::/8"));
    assertEquals(3, p.trusted().size());
    assertTrue(p.trusts(InetAddress.getByName("10.20.30.40")));
    assertFalse(p.trusts(InetAddress.getByName("127.0.0.2")));
    assertEquals(ProxyHeader.X_FORWARDED, p.header());
    assertFalse(
        AccessConfig.proxies(Map.of()).trusts(InetAddress.getByName("127.0.0.1")),
        "nobody is trusted by default");
  }

  @Test
  void aWrongSettingIsRefusedNamingIt() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AccessConfig.proxies(
                    Map.of("MANCHETTE_TRUSTED_PROXIES", "10.0.0.0/8,10.0.0.0/33")));
    assertTrue(e.getMessage().startsWith("MANCHETTE_TRUSTED_PROXIES"), e.getMessage());
    assertTrue(e.getMessage().contains("10.0.0.0/33"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AccessConfig.proxies(Map.of("MANCHETTE_TRUSTED_PROXIES", "proxy.internal")));
    assertTrue(e.getMessage().contains("proxy.internal"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AccessConfig.proxies(Map.of("MANCHETTE_PROXY_HEADER", "x-real-ip")));
    assertTrue(e.getMessage().startsWith("MANCHETTE_PROXY_HEADER"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AccessConfig.proxies(Map.of("MANCHETTE_PROXY_PROTOCOL", "yes")));
    assertTrue(e.getMessage().startsWith("MANCHETTE_PROXY_PROTOCOL"), e.getMessage());
  }
}
