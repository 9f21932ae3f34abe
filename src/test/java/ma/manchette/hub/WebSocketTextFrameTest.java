package ma.manchette.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frames the hub encodes once, read back by Netty's own client-side decoder. */
class WebSocketTextFrameTest {
  @ParameterizedTest
  @ValueSource(ints = {0, 5, 125, 126, 200, 65_535, 65_536, 70_000})
  void nettysDecoderReadsTheSameTextBackWhateverTheLengthForm(int length) {
    String text = "é".repeat(length / 2) + "x".repeat(length % 2); // two bytes a letter in UTF-8
    EmbeddedChannel client =
        new EmbeddedChannel(
            new WebSocket08FrameDecoder(
                WebSocketDecoderConfig.newBuilder()
                    .expectMaskedFrames(false) // what a server sends
                    .maxFramePayloadLength(1 << 20)
                    .build()));
    client.writeInbound(Unpooled.wrappedBuffer(WebSocketTextFrame.of(text).getBytes()));
    TextWebSocketFrame frame = client.readInbound();
    assertThat(frame.isFinalFragment()).isTrue();
    assertThat(frame.rsv()).isZero();
    assertThat(frame.text()).isEqualTo(text);
    assertThat((Object) client.readInbound()).isNull();
    frame.release();
  }
}
