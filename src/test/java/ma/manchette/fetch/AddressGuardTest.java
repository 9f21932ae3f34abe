package ma.manchette.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import ma.manchette.config.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {
  private final AddressGuard guard = new AddressGuard(List.of());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "198.18.0.1",
        "192.0.2.10",
        "::1",
        "::",
        "fe80::1",
        "fd00::1",
        "fc12::5",
        "ff02::1",
        "fec0::1",
        "::ffff:10.0.0.1",
        "::ffff:127.0.0.1", // IPv4-mapped
        "::10.0.0.1",
        "::127.0.0.1", // IPv4-compatible
        "64:ff9b::a00:1",
        "64:ff9b::7f00:1", // NAT64: 10.0.0.1, 127.0.0.1
        "64:ff9b:1::a00:1", // local-use NAT64
        "2002:a00:1::1",
        "2002:7f00:1::", // 6to4 of 10.0.0.1, 127.0.0.1
        "2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo
        "2001:db8::1"
      }) // documentation
  void internalAddressesInEveryFormAreRefused(String address) throws Exception {
    InetAddress a = InetAddress.getByName(address);
    assertThat(AddressGuard.isInternal(a)).as(address).isTrue();
    assertThat(guard.permits(a)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "196.200.131.10",
        "41.248.0.1",
        "2001:4860:4860::8888",
        "2a00:1450:4007::5",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::1"
      })
  void publicAddressesPass(String address) throws Exception {
    assertThat(AddressGuard.isInternal(InetAddress.getByName(address))).as(address).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://2130706433/feed",
        "http://0x7f.0.0.1/feed",
        "http://0177.0.0.1/feed",
        "http://127.1/feed",
        "http://0x7f000001/feed",
        "http://[::ffff:7f00:1]/feed",
        "http://[64:ff9b::a00:1]/feed",
        "http://012.0.0.1/feed",
        "http://localhost/feed"
      })
  void everyWayOfWritingAnInternalAddressInAUrlIsRefused(String url) {
    assertThatThrownBy(() -> guard.checkLiteral(url))
        .as(url)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refused");
  }

  @Test
  void theSpellingIsReadAsBrowsersReadIt() {
    assertThat(AddressGuard.literal("0177.0.0.1").getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(AddressGuard.literal("2130706433").getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(AddressGuard.literal("example.ma")).isNull();
    guard.checkLiteral("https://www.hespress.com/feed");
    guard.checkLiteral("http://8.8.8.8/feed");
  }

  @Test
  void theAllowListLetsChosenInternalBlocksThrough() throws Exception {
    AddressGuard lab = new AddressGuard(List.of(Cidr.parse("10.1.0.0/16"), Cidr.parse("fd00::/8")));
    assertThat(lab.permits(InetAddress.getByName("10.1.2.3"))).isTrue();
    assertThat(lab.permits(InetAddress.getByName("10.2.0.1"))).isFalse();
    assertThat(lab.permits(InetAddress.getByName("fd00::7"))).isTrue();
    assertThat(lab.permits(InetAddress.getByName("fe80::1"))).isFalse();
  }
}
